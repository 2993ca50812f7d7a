import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importMachine } from './importMachine';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.txt`, import.meta.url), 'utf8');

describe('comparing real groups with the sandbox (fuji: the groups loop and lspci -nnk of one server)', () => {
  const r = importMachine({ groups: fixture('groups-fuji'), lspci: fixture('lspci-fuji-nnk') });
  const c = r.comparison!;

  it('boots the rebuilt machine with the pasted command line and lists both sides', () => {
    expect(r.machine?.scenario.cmdline).toContain('intel_iommu=on');
    expect(c.real).toHaveLength(15);
    expect(c.predicted.length).toBeGreaterThan(0);
    expect(r.unread).toEqual([]);
  });

  it('marks the groups that match', () => {
    const matchedReal = c.matches.map((m) => m.real).sort((a, b) => a - b);
    // All but the NVMe drive's: lspci -nnk does not say which port it sits behind.
    expect(matchedReal).toEqual([0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  });

  it('explains the device lspci -nnk could not place below its port', () => {
    const d = c.differences.find((x) => x.kind === 'kernel-joined')!;
    expect(d.devices).toEqual(['00:01.0', '01:00.0']);
    expect(d.realGroups).toEqual([1]);
    expect(d.predictedGroups).toHaveLength(2);
    expect(d.causes[0]).toMatch(/did not say which bridge 01:00\.0 sits behind/);
    expect(d.sandboxWhy.map((w) => w.device)).toEqual(['00:01.0', '01:00.0']);
  });

  it('has nothing left that the sandbox joins and the kernel split', () => {
    expect(c.differences.filter((x) => x.kind === 'sandbox-joined')).toEqual([]);
  });
});

describe('comparing, other cases', () => {
  it('finds nothing to explain when the paste describes the machine fully', () => {
    const r = importMachine({
      groups: fixture('constructed-switch-groups'),
      lspci: fixture('constructed-switch-lspci'),
    });
    expect(r.comparison?.differences).toEqual([]);
    expect(r.comparison?.matches).toHaveLength(4);
  });

  it('puts an ACS override on the command line first when the kernel splits what the sandbox joins', () => {
    const groups = fixture('constructed-switch-groups')
      .replace('IOMMU Group 3 03:00.1', 'IOMMU Group 4 03:00.1')
      .concat('BOOT_IMAGE=/vmlinuz intel_iommu=on pcie_acs_override=downstream,multifunction\n');
    const r = importMachine({ groups, lspci: fixture('constructed-switch-lspci') });
    const [d] = r.comparison!.differences;
    expect(d).toMatchObject({ kind: 'sandbox-joined', devices: ['03:00.0', '03:00.1'], realGroups: [3, 4] });
    expect(d!.causes[0]).toMatch(/^The command line has pcie_acs_override=downstream,multifunction/);
  });

  it('lists devices that only one of the pastes has', () => {
    const r = importMachine({
      groups: fixture('groups-x99-lkml'),
      lspci: fixture('lspci-x99-root-port-lkml'),
    });
    const kinds = r.comparison!.differences.map((d) => [d.kind, d.devices.length]);
    expect(kinds).toEqual([
      ['only-real', 11],
      ['only-lspci', 1],
    ]);
  });

  it('takes the real groups from lspci -v when no listing is pasted', () => {
    const r = importMachine({ groups: '', lspci: fixture('lspci-x99-root-port-lkml') });
    expect(r.realFrom).toBe('lspci');
    expect(r.real).toEqual([{ id: 13, devices: ['00:01.0'] }]);
    expect(r.comparison?.matches).toEqual([{ real: 13, predicted: 0 }]);
  });

  it('shows the real groups alone when lspci is missing', () => {
    const r = importMachine({ groups: fixture('groups-asrock-z170'), lspci: '' });
    expect(r.machine).toBeNull();
    expect(r.comparison).toBeNull();
    expect(r.real).toHaveLength(14);
    expect(r.names['01:00.0']).toBe('NVIDIA Corporation GM206 [GeForce GTX 960]');
  });
});
