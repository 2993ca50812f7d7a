import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/validate';
import { parseLspci } from './lspci';
import { rebuildMachine } from './rebuild';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.txt`, import.meta.url), 'utf8');
const rebuild = (text: string, cmdline: string | null = null) => {
  const r = rebuildMachine(parseLspci(text).devices, cmdline);
  if (!r.ok) throw new Error(r.problems.join('\n'));
  return r.machine;
};

describe('rebuildMachine', () => {
  it('builds the tree from -PP paths, with port types, ACS and drivers, as a valid v6.1 scenario', () => {
    const m = rebuild(fixture('constructed-switch-lspci'), 'BOOT_IMAGE=/vmlinuz intel_iommu=on');
    expect(parseScenario(JSON.stringify(m.scenario)).ok).toBe(true);
    expect(m.scenario).toMatchObject({
      kernel: 'v6.1',
      steps: [{ op: 'boot' }],
      cmdline: 'BOOT_IMAGE=/vmlinuz intel_iommu=on',
    });
    expect(m.scenario.devices).toEqual([
      expect.objectContaining({
        bdf: '00:01.0',
        type: 'root-port',
        acs: true,
        vendor: 'intel',
        class: '0604',
      }),
      expect.objectContaining({ bdf: '01:00.0', type: 'switch-upstream', parent: '00:01.0', vendor: '10b5' }),
      expect.objectContaining({
        bdf: '02:08.0',
        type: 'switch-downstream',
        parent: '01:00.0',
        acs: ['SV', 'RR', 'UF'],
      }),
      expect.objectContaining({
        bdf: '03:00.0',
        type: 'legacy-endpoint',
        parent: '02:08.0',
        multifunction: true,
        driver: { name: 'vfio-pci' },
      }),
      expect.objectContaining({ bdf: '03:00.1', type: 'endpoint', parent: '02:08.0', multifunction: true }),
    ]);
    expect(m.guesses).toEqual({});
    expect(m.notes).toEqual([]);
  });

  it("finds parents from the bridges' secondary bus numbers when there is no -PP", () => {
    const text = fixture('constructed-switch-lspci').replace(/^0000:[0-9a-f:./]*\//gm, '0000:');
    const m = rebuild(text);
    expect(m.scenario.devices.map((d) => [d.bdf, d.parent ?? null])).toEqual([
      ['00:01.0', null],
      ['01:00.0', '00:01.0'],
      ['02:08.0', '01:00.0'],
      ['03:00.0', '02:08.0'],
      ['03:00.1', '02:08.0'],
    ]);
  });

  it('types conventional functions from -vv by what lspci showed (Skylake desktop)', () => {
    const m = rebuild(fixture('lspci-skylake-vv-linux-serial'));
    expect(m.scenario.devices.map((d) => [d.bdf, d.type, d.vendor])).toEqual([
      ['00:00.0', 'host-bridge', 'intel'],
      ['00:01.0', 'root-port', 'intel'],
      ['00:02.0', 'rc-endpoint', 'intel'],
      ['00:14.0', 'pci', 'intel'],
    ]);
    // Without -nn there are no device ids to look the ACS quirks up by.
    expect(Object.values(m.guesses)).toEqual([['ids'], ['ids'], ['ids'], ['ids']]);
    expect(m.notes).toEqual([expect.stringContaining('no vendor:device ids')]);
    expect(m.acsQuirks).toEqual({});
  });

  it('guesses types and leaves parents out with lspci -nnk, and says so (fuji)', () => {
    const m = rebuild(fixture('lspci-fuji-nnk'));
    const byBdf = Object.fromEntries(m.scenario.devices.map((d) => [d.bdf, d]));
    expect(byBdf['00:1c.0']).toMatchObject({ type: 'root-port', multifunction: true });
    expect(byBdf['00:14.0']).toMatchObject({ type: 'pci', multifunction: true });
    expect(byBdf['05:00.1']).toMatchObject({ type: 'endpoint', multifunction: true });
    expect(byBdf['05:00.1']?.parent).toBeUndefined();
    expect(m.guesses['05:00.1']).toEqual(['parent', 'type']);
    expect(m.guesses['00:1c.0']).toEqual(['type']);
    expect(byBdf['00:1c.0']).toMatchObject({ vendor: 'intel', device: 'a114', acs: true });
    expect(m.acsQuirks['00:1c.0']?.fn).toBe('pci_quirk_intel_spt_pch_acs');
    expect(m.notes).toHaveLength(3);
  });

  it('marks capabilities hidden from a non-root lspci as guessed', () => {
    const m = rebuild(
      '00:1c.0 PCI bridge [0604]: Intel Corporation Root Port [8086:a110]\n\tControl: I/O+\n\tCapabilities: <access denied>\n',
    );
    expect(m.guesses['00:1c.0']).toEqual(['hidden']);
    expect(m.notes[0]).toContain('without root');
    expect(m.acsQuirks['00:1c.0']?.fn).toBe('pci_quirk_intel_spt_pch_acs');
  });

  it('applies no 100 series quirk to a root port whose capabilities lspci -vvv showed without ACS', () => {
    const m = rebuild(
      '00:1c.0 PCI bridge [0604]: Intel Corporation Root Port [8086:a110]\n\tCapabilities: [40] Express (v2) Root Port (Slot+), MSI 00\n',
    );
    expect(m.scenario.devices[0]).toMatchObject({ vendor: 'intel', device: 'a110' });
    expect(m.scenario.devices[0]?.acs).toBeUndefined();
    expect(m.acsQuirks).toEqual({});
  });

  it('keeps the quirked scenario valid', () => {
    const m = rebuild(fixture('lspci-fuji-nnk'));
    expect(parseScenario(JSON.stringify(m.scenario)).ok).toBe(true);
  });

  it('cuts long names to the label limit', () => {
    const long = 'x'.repeat(200);
    const m = rebuild(`00:02.0 VGA compatible controller [0300]: ${long} [8086:1912]\n`);
    expect(m.scenario.devices[0]!.label).toHaveLength(80);
  });
});

describe('rebuildMachine on contradictory pastes', () => {
  it('hangs a device from a root bus when its path and the bus numbers disagree', () => {
    const text = [
      '00:01.0 PCI bridge [0604]: Intel Corporation A [8086:1901]',
      '\tBus: primary=00, secondary=03, subordinate=03, sec-latency=0',
      '\tCapabilities: [a0] Express (v2) Root Port (Slot+), MSI 00',
      '00:1c.0 PCI bridge [0604]: Intel Corporation B [8086:a110]',
      '\tBus: primary=00, secondary=04, subordinate=04, sec-latency=0',
      '\tCapabilities: [40] Express (v2) Root Port (Slot+), MSI 00',
      '00:1c.0/03:00.0 Ethernet controller [0200]: Intel Corporation C [8086:1533]',
      '\tCapabilities: [70] Express (v2) Endpoint, MSI 00',
      '03:00.1 Ethernet controller [0200]: Intel Corporation C [8086:1533]',
      '\tCapabilities: [70] Express (v2) Endpoint, MSI 00',
    ].join('\n');
    const r = rebuildMachine(parseLspci(text).devices, null);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.machine.guesses['03:00.0']).toContain('parent');
  });
});
