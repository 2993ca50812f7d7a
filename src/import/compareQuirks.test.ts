/**
 * The ACS quirks on the fixtures: how many real groups the sandbox matches with Linux 6.1's
 * device-specific ACS quirks applied, against the same comparison without them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareGroups, withoutAcsQuirks } from './compare';
import { type ImportResult, importMachine } from './importMachine';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.txt`, import.meta.url), 'utf8');

// The groups loop prints each device as `lspci -nns` does: with the headers and indents gone,
// what is left is an `lspci -nn` paste (no -v details, no paths) of the same machine.
const lspciFromListing = (listing: string) =>
  listing
    .split('\n')
    .filter((l) => !/^\s*IOMMU Group/i.test(l))
    .map((l) => l.trim())
    .join('\n');

// The same comparison with the quirks the import applied taken away again.
function withoutQuirks(r: ImportResult) {
  const m = r.machine!;
  const devices = withoutAcsQuirks(m.scenario.devices, m.acsQuirks);
  return compareGroups(r.real, { ...m, scenario: { ...m.scenario, devices }, acsQuirks: {} });
}

const matched = (c: { matches: { real: number }[] }) => c.matches.map((x) => x.real).sort((a, b) => a - b);

describe('ACS quirks on the Fujitsu C236 server (groups loop and lspci -nnk)', () => {
  const r = importMachine({ groups: fixture('groups-fuji'), lspci: fixture('lspci-fuji-nnk') });
  const c = r.comparison!;

  it('marks the 100 series root ports and the I350 ports, and says so', () => {
    // The scenario carries the ids the core looks the quirks up by (and the ACS capability the
    // 100 series quirk reads, which lspci -nnk cannot show).
    const devices = r.machine!.scenario.devices;
    expect(devices.find((d) => d.bdf === '00:1c.0')).toMatchObject({
      vendor: 'intel',
      device: 'a114',
      acs: true,
    });
    expect(devices.find((d) => d.bdf === '05:00.1')).toMatchObject({ vendor: 'intel', device: '1521' });
    expect(devices.filter((d) => d.quirks)).toEqual([]);
    expect(Object.keys(r.machine!.acsQuirks)).toEqual([
      '00:1c.0',
      '00:1c.5',
      '00:1c.6',
      '00:1d.0',
      '05:00.0',
      '05:00.1',
    ]);
    expect(r.machine!.acsQuirks['00:1c.5']).toMatchObject({
      fn: 'pci_quirk_intel_spt_pch_acs',
      assumed: expect.stringContaining('ACS capability'),
    });
    expect(r.machine!.acsQuirks['05:00.1']?.fn).toBe('pci_quirk_mf_endpoint_acs');
    // The CPU's root port, the I210s and the BMC's functions are in no 6.1 list.
    expect(r.machine!.acsQuirks['00:01.0']).toBeUndefined();
    expect(r.machine!.acsQuirks['02:00.1']).toBeUndefined();
    expect(r.machine!.notes.at(-1)).toBe(
      'Linux 6.1 has device-specific ACS quirks for 00:1c.0, 00:1c.5, 00:1c.6 and 00:1d.0 (pci_quirk_intel_spt_pch_acs) and 05:00.0 and 05:00.1 (pci_quirk_mf_endpoint_acs); the sandbox applies them and treats these devices as isolated.',
    );
  });

  it('matches 14 of 15 real groups instead of 9', () => {
    expect(matched(withoutQuirks(r))).toEqual([0, 2, 3, 4, 8, 9, 10, 11, 12]);
    expect(matched(c)).toEqual([0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  });

  it('says which matches it owes to a quirk', () => {
    const owed = Object.fromEntries(c.matches.map((m) => [m.real, m.quirks?.map((q) => q.device) ?? []]));
    expect(owed[5]).toEqual(['00:1c.0', '00:1c.5', '00:1c.6']);
    expect(c.matches.find((m) => m.real === 13)?.quirks).toEqual([
      { device: '05:00.0', fn: 'pci_quirk_mf_endpoint_acs' },
      { device: '05:00.1', fn: 'pci_quirk_mf_endpoint_acs' },
    ]);
    // 00:1d.0 is quirked too, but alone in its slot it matched without.
    expect(owed[8]).toEqual([]);
    expect(owed[0]).toEqual([]);
  });

  it('keeps only the difference the paste causes, and offers no missing quirk for it', () => {
    expect(c.differences.map((d) => [d.kind, d.devices])).toEqual([
      ['kernel-joined', ['00:01.0', '01:00.0']],
    ]);
    expect(c.differences[0]!.causes.join(' ')).not.toMatch(/pci_quirk/);
  });
});

describe('ACS quirks on the ASRock Z170 desktop (its groups loop read as lspci -nn)', () => {
  const listing = fixture('groups-asrock-z170');
  const r = importMachine({ groups: listing, lspci: lspciFromListing(listing) });
  const c = r.comparison!;

  it('matches 13 of 14 real groups instead of 8', () => {
    expect(matched(withoutQuirks(r))).toEqual([0, 2, 3, 4, 5, 9, 12, 13]);
    expect(matched(c)).toEqual([0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
  });

  it('separates the I219-V from the other chipset functions of slot 00:1f', () => {
    expect(r.machine!.acsQuirks['00:1f.6']?.fn).toBe('pci_quirk_mf_endpoint_acs');
    const lpc = c.matches.find((m) => m.real === 10)!;
    expect(c.predicted.find((g) => g.id === lpc.predicted)?.devices).toEqual([
      '00:1f.0',
      '00:1f.2',
      '00:1f.3',
      '00:1f.4',
    ]);
    expect(lpc.quirks).toEqual([{ device: '00:1f.6', fn: 'pci_quirk_mf_endpoint_acs' }]);
  });

  it('leaves only the GPU that lspci -nn could not place below its port', () => {
    expect(c.differences.map((d) => [d.kind, d.devices])).toEqual([
      ['kernel-joined', ['00:01.0', '01:00.0', '01:00.1']],
    ]);
  });
});

describe('ACS quirks on the X99 machine (the listing of 5.9, which lost the PCH quirk)', () => {
  // The second listing of the mail: 5.9 put the X99 PCH root ports and everything below in one group.
  const listing = fixture('groups-x99-lkml').slice(fixture('groups-x99-lkml').indexOf('And with 5.9'));
  const r = importMachine({ groups: listing, lspci: lspciFromListing(listing) });
  const c = r.comparison!;

  it('isolates the four root ports by pci_quirk_intel_pch_acs, as 6.1 does', () => {
    const ports = ['00:1c.0', '00:1c.3', '00:1c.4', '00:1c.6'];
    expect(ports.map((p) => r.machine!.acsQuirks[p]?.fn)).toEqual(Array(4).fill('pci_quirk_intel_pch_acs'));
    expect(new Set(ports.map((p) => c.predicted.find((g) => g.devices.includes(p))!.id)).size).toBe(4);
    // The ASMedia switch and the I211 are in no list.
    expect(r.machine!.acsQuirks['08:01.0']).toBeUndefined();
    expect(r.machine!.acsQuirks['09:00.0']).toBeUndefined();
  });

  it('explains the kernel grouping them with the quirk, its boot-time condition and the version', () => {
    const d = c.differences.find((x) => x.kind === 'kernel-joined')!;
    expect(d.realGroups).toEqual([29]);
    const causes = d.causes.join('\n');
    expect(causes).toContain(
      'The sandbox isolates 00:1c.0, 00:1c.3, 00:1c.4 and 00:1c.6 by Linux 6.1’s ACS quirk pci_quirk_intel_pch_acs',
    );
    expect(causes).toContain('Failed to enable Intel PCH ACS quirk');
    expect(causes).toContain('did not say which bridge');
  });
});

describe('ACS quirk causes for chipsets the table does not cover', () => {
  const lspci = [
    '00:1c.0 PCI bridge [0604]: Intel Corporation PCH Root Port [8086:a33c] (rev f0)',
    '00:1c.4 PCI bridge [0604]: Intel Corporation PCH Root Port [8086:a33d] (rev f0)',
  ].join('\n');
  const groups = 'IOMMU group 1 00:1c.0 PCI bridge\nIOMMU group 2 00:1c.4 PCI bridge\n';

  it('still names the Intel chipset quirks, as not listing these ids', () => {
    const r = importMachine({ groups, lspci });
    expect(r.machine!.acsQuirks).toEqual({});
    const d = r.comparison!.differences.find((x) => x.kind === 'sandbox-joined')!;
    expect(d.devices).toEqual(['00:1c.0', '00:1c.4']);
    expect(d.causes.join(' ')).toMatch(
      /Linux 6\.1’s Intel chipset quirks \(pci_quirk_intel_pch_acs, pci_quirk_intel_spt_pch_acs/,
    );
  });

  it('asks for the ids when lspci printed none', () => {
    const r = importMachine({ groups, lspci: lspci.replace(/ \[8086:a33[cd]\]/g, '') });
    const d = r.comparison!.differences.find((x) => x.kind === 'sandbox-joined')!;
    expect(d.causes.join(' ')).toContain('lspci printed no vendor:device id for 00:1c.0 and 00:1c.4');
  });
});
