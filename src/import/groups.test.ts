import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGroups } from './groups';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.txt`, import.meta.url), 'utf8');
const shape = (text: string) =>
  Object.fromEntries(parseGroups(text).groups.map((g) => [g.id, g.devices.map((d) => d.bdf)]));

describe('parseGroups on real listings', () => {
  it('reads the one-line-per-device loop, with the /proc/cmdline pasted before it (fuji)', () => {
    const r = parseGroups(fixture('groups-fuji'));
    expect(r.unread).toEqual([]);
    expect(r.cmdline).toContain('intel_iommu=on');
    expect(r.groups.map((g) => g.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(shape(fixture('groups-fuji'))[1]).toEqual(['00:01.0', '01:00.0']);
    const nvme = r.groups[1]!.devices[1]!.description!;
    expect(nvme).toMatchObject({
      className: 'Non-Volatile memory controller',
      classCode: '0108',
      vendorId: '1987',
    });
    expect(nvme.name).toBe('Phison Electronics Corporation E12 NVMe Controller');
  });

  it('reads "IOMMU group N" headers with indented devices (ASRock Z170)', () => {
    const r = parseGroups(fixture('groups-asrock-z170'));
    expect(r.unread).toEqual([]);
    expect(r.groups).toHaveLength(14);
    expect(shape(fixture('groups-asrock-z170'))[10]).toEqual(['00:1f.0', '00:1f.2', '00:1f.3', '00:1f.4']);
  });

  it('reads "IOMMU Group N:" headers with tab-indented devices, cut short (Sky Lake-E)', () => {
    const r = parseGroups(fixture('groups-skylake-e-kata'));
    expect(r.unread).toEqual([]);
    // The last header has no device: no group.
    expect(r.groups.map((g) => [g.id, g.devices.length])).toEqual([
      [0, 1],
      [1, 8],
    ]);
  });

  it('joins descriptions a mail client wrapped, and reports devices listed twice (X99, linux-pci)', () => {
    const r = parseGroups(fixture('groups-x99-lkml'));
    expect(shape(fixture('groups-x99-lkml'))[40]).toEqual(['08:01.0', '09:00.0']);
    const bridge = r.groups.find((g) => g.id === 40)!.devices[0]!.description!;
    expect(bridge).toMatchObject({ classCode: '0604', vendorId: '1b21', deviceId: '118f' });
    const nic = r.groups.find((g) => g.id === 40)!.devices[1]!.description!;
    expect(nic.name).toBe('Intel Corporation I211 Gigabit Network Connection');
    expect(r.groups.find((g) => g.id === 29)!.devices.map((d) => d.bdf)).toEqual([
      '00:1c.0',
      '00:1c.3',
      '00:1c.4',
      '00:1c.6',
      '07:00.0',
      '08:03.0',
      '08:04.0',
    ]);
    expect(r.unread.map((u) => [u.line, u.reason])).toEqual([
      [1, 'names a group but no PCI address (BB:DD.F) was found on it'],
      [14, 'not part of an IOMMU group listing'],
      [16, 'names a group but no PCI address (BB:DD.F) was found on it'],
      [28, '08:01.0 is already listed in group 40; a device is in one group only'],
      [34, '09:00.0 is already listed in group 40; a device is in one group only'],
      [36, '0c:00.0 is already listed in group 43; a device is in one group only'],
      [38, '0d:00.0 is already listed in group 44; a device is in one group only'],
    ]);
  });
});

describe('parseGroups on the variants people paste', () => {
  it('accepts "Group N:" prefixes, domains and upper case', () => {
    expect(shape('Group 3: 0000:00:1F.3 Audio device [0403]: Intel Corporation X [8086:a170]')).toEqual({
      3: ['00:1f.3'],
    });
  });

  it('keeps a device outside segment 0 apart from one with the same bus number', () => {
    expect(shape('IOMMU Group 7 0001:00:02.0 x\nIOMMU Group 8 00:02.0 y')).toEqual({
      7: ['0001:00:02.0'],
      8: ['00:02.0'],
    });
  });

  it('reads find and ls -l listings of /sys/kernel/iommu_groups', () => {
    const find =
      '/sys/kernel/iommu_groups/7/devices/0000:00:1c.0\n/sys/kernel/iommu_groups/7/devices/0000:03:00.0';
    expect(shape(find)).toEqual({ 7: ['00:1c.0', '03:00.0'] });
    const ls = [
      '/sys/kernel/iommu_groups/10/devices:',
      'total 0',
      'lrwxrwxrwx 1 root root 0 Feb 4 10:29 0000:00:1f.0 -> ../../../../devices/pci0000:00/0000:00:1f.0',
      'lrwxrwxrwx 1 root root 0 Feb 4 10:29 0000:00:1f.2 -> ../../../../devices/pci0000:00/0000:00:1f.2',
    ].join('\n');
    expect(shape(ls)).toEqual({ 10: ['00:1f.0', '00:1f.2'] });
  });

  it('reads the scripts in translation and with markdown around them', () => {
    const text = [
      '```',
      'IOMMU-Gruppe 3:',
      '\t00:02.0 VGA compatible controller [0300]: Intel Corporation HD Graphics 530 [8086:1912]',
      'Groupe IOMMU 4 : 00:14.0 USB controller [0c03]: Intel Corporation xHCI [8086:a12f]',
      '### Group 5 ###',
      '    00:16.0 Communication controller [0780]: Intel Corporation MEI [8086:a13a]',
      '```',
    ].join('\n');
    const r = parseGroups(text);
    expect(r.unread).toEqual([]);
    expect(shape(text)).toEqual({ 3: ['00:02.0'], 4: ['00:14.0'], 5: ['00:16.0'] });
  });

  it('reports a broken loop whose group number did not expand', () => {
    const r = parseGroups(
      'IOMMU Group */devices/*: 00:00.0 Host bridge [0600]: Intel Corporation Host Bridge [8086:191f] (rev 07)\n00:02.0 VGA compatible controller [0300]: Intel Corporation HD Graphics 530 [8086:1912]',
    );
    expect(r.groups).toEqual([]);
    expect(r.unread.map((u) => u.line)).toEqual([1, 2]);
    expect(r.unread[1]!.reason).toContain('no IOMMU group before it');
  });
});
