/**
 * The forms real pastes take on forums, in mail and in chat: the listings of popular scripts,
 * dmesg, lspci -PP paths inside a listing, Markdown code blocks, tabs a web page ate, wrapped
 * lines, and lines after a device that do not continue it. Each sample is written after a real
 * post's shape, cut to what shows the case.
 */
import { describe, expect, it } from 'vitest';
import { parseGroups } from './groups';
import { importMachine } from './importMachine';
import { parseLspci } from './lspci';

const membersOf = (text: string) =>
  parseGroups(text).groups.map((g) => [g.id, g.devices.map((d) => d.bdf)] as const);

describe('groups listings', () => {
  it('a shell prompt after the last device is not part of its name, and is reported', () => {
    const r = parseGroups(
      [
        'IOMMU Group 14 02:00.0 Ethernet controller [0200]: Realtek Semiconductor Co., Ltd. RTL8125 2.5GbE Controller [10ec:8125] (rev 05)',
        'root@pve:~#',
      ].join('\n'),
    );
    expect(r.groups[0]!.devices[0]!.description?.name).toBe(
      'Realtek Semiconductor Co., Ltd. RTL8125 2.5GbE Controller',
    );
    expect(r.unread.map((u) => u.line)).toEqual([2]);
  });

  it('ls-iommu -k style driver lines under a device do not replace its name', () => {
    const r = parseGroups(
      [
        'IOMMU Group 11:',
        '\t03:00.0 USB controller [0c03]: ASMedia Technology Inc. ASM1143 USB 3.1 Host Controller [1b21:1343]',
        '\tSubsystem: ASUSTeK Computer Inc. Device [1043:8675]',
        '\tKernel driver in use: xhci_hcd',
      ].join('\n'),
    );
    const dev = r.groups[0]!.devices[0]!;
    expect(r.unread).toEqual([]);
    expect(dev.description).toMatchObject({ vendorId: '1b21', deviceId: '1343' });
    expect(dev.description?.name).toBe('ASMedia Technology Inc. ASM1143 USB 3.1 Host Controller');
  });

  it('reads iommu.sh (ids first, [R] for a reset), bracketed group numbers and dmesg', () => {
    expect(
      membersOf(
        [
          'Group 12:\t[10de:2684] [R] 01:00.0  VGA compatible controller   AD102 [GeForce RTX 4090]',
          'Group 12:\t[10de:22ba]     01:00.1  Audio device   AD102 High Definition Audio Controller',
        ].join('\n'),
      ),
    ).toEqual([[12, ['01:00.0', '01:00.1']]]);
    const gpu = parseGroups('Group 12:\t[10de:2684] [R] 01:00.0  VGA compatible controller   AD102')
      .groups[0]!.devices[0]!;
    expect(gpu.description).toMatchObject({ vendorId: '10de', deviceId: '2684' });
    expect(
      membersOf(
        '[IOMMU 7] 00:18.0 Host bridge [0600]: Advanced Micro Devices, Inc. [AMD] Device [1022:14e0]',
      ),
    ).toEqual([[7, ['00:18.0']]]);
    expect(
      membersOf(
        [
          '[    0.551536] pci 0000:00:01.0: Adding to iommu group 1',
          '[    0.551812] pci 0000:00:01.1: Adding to iommu group 2',
          '[    0.552003] pci 0000:01:00.0: Adding to iommu group 2',
        ].join('\n'),
      ),
    ).toEqual([
      [1, ['00:01.0']],
      [2, ['00:01.1', '01:00.0']],
    ]);
  });

  it("reads iommu.sh's later rows of a group (ids first, no group word) and skips the prompt", () => {
    const r = parseGroups(
      [
        'root@pve:~# ./iommu.sh',
        'Group 5:\t[1022:790b]     00:14.0  SMBus                                    FCH SMBus Controller',
        '\t\t[1022:790e]     00:14.3  ISA bridge                               FCH LPC Bridge',
      ].join('\n'),
    );
    expect(r.unread).toEqual([]);
    expect(r.groups.map((g) => [g.id, g.devices.map((d) => d.bdf)])).toEqual([[5, ['00:14.0', '00:14.3']]]);
    expect(r.groups[0]!.devices[1]!.description).toMatchObject({ vendorId: '1022', deviceId: '790e' });
  });

  it('an lspci -PP path in a listing names its last device', () => {
    const r = parseGroups(
      [
        'IOMMU Group 12 0000:00:1c.3/08:00.0 PCI bridge [0604]: Intel Corporation JHL7540 Thunderbolt 3 Bridge [8086:15e7] (rev 06)',
        'IOMMU Group 13 0000:00:1c.3/08:00.0/09:01.0 PCI bridge [0604]: Intel Corporation JHL7540 Thunderbolt 3 Bridge [8086:15e7] (rev 06)',
      ].join('\n'),
    );
    expect(r.unread).toEqual([]);
    expect(r.groups.map((g) => [g.id, g.devices.map((d) => d.bdf)])).toEqual([
      [12, ['08:00.0']],
      [13, ['09:01.0']],
    ]);
  });

  it('two devices joined on one line: the first is read, the second reported', () => {
    const r = parseGroups(
      'IOMMU Group 20 04:00.3 USB controller [0c03]: Advanced Micro Devices, Inc. [AMD] Renoir USB 3.1 [1022:1639] 04:00.4 USB controller [0c03]: Advanced Micro Devices, Inc. [AMD] Renoir USB 3.1 [1022:1639]',
    );
    expect(r.groups[0]!.devices.map((d) => d.bdf)).toEqual(['04:00.3']);
    expect(r.unread.map((u) => u.reason)).toEqual([
      'a second device on the line (two lines joined?): 04:00.4 was not read',
    ]);
  });

  it('a line with an address it cannot place says so, not that the address is missing', () => {
    const r = parseGroups('Group twelve -> 01:00.0 VGA compatible controller');
    expect(r.unread[0]!.reason).toMatch(/PCI address with no IOMMU group/);
  });
});

describe('lspci pastes', () => {
  const vvv = [
    '00:1c.0 PCI bridge [0604]: Intel Corporation Device [8086:a110] (rev f0) (prog-if 00 [Normal decode])',
    '\tSubsystem: Lenovo Device [17aa:22c3]',
    '\tBus: primary=00, secondary=05, subordinate=05, sec-latency=0',
    '\tCapabilities: [40] Express (v2) Root Port (Slot+), MSI 00',
    '\tCapabilities: [220 v1] Access Control Services',
    '\t\tACSCap:\tSrcValid+ TransBlk+ ReqRedir+ CmpltRedir+ UpstreamFwd+ EgressCtrl- DirectTrans-',
    '\tKernel driver in use: pcieport',
  ];
  const expectRootPort = (text: string) => {
    const r = parseLspci(text);
    expect(r.unread).toEqual([]);
    expect(r.devices).toHaveLength(1);
    expect(r.devices[0]).toMatchObject({
      bdf: '00:1c.0',
      express: 'root-port',
      secondary: 5,
      driver: 'pcieport',
      acsCap: { SrcValid: true, ReqRedir: true, CmpltRedir: true, UpstreamFwd: true },
    });
    expect(r.devices[0]!.description).toMatchObject({ name: 'Intel Corporation Device', deviceId: 'a110' });
  };

  it('reads a paste indented as a whole (a Markdown code block), under a title of its own', () => {
    expectRootPort(vvv.map((l) => `    ${l}`).join('\n'));
    const titled = parseLspci(['My laptop:', '', ...vvv.map((l) => `    ${l}`)].join('\n'));
    expect(titled.devices.map((d) => [d.bdf, d.express])).toEqual([['00:1c.0', 'root-port']]);
    expect(titled.unread.map((u) => u.line)).toEqual([1]);
  });

  it('reads -vvv whose tabs a web page removed', () => {
    expectRootPort(vvv.map((l) => l.replace(/^\t+/, '')).join('\n'));
  });

  it('keeps the ids of a device line wrapped inside its prog-if', () => {
    const r = parseLspci(
      [
        '00:01.0/01:00.0 VGA compatible controller [0300]: NVIDIA Corporation TU117M [10de:1f99] (rev a1) (prog-if 00',
        '[VGA controller])',
        '\tKernel driver in use: nvidia',
      ].join('\n'),
    );
    expect(r.devices[0]!.description).toMatchObject({
      vendorId: '10de',
      deviceId: '1f99',
      classCode: '0300',
    });
  });

  it('reads the group at the end of lspci -v "Flags:" lines', () => {
    const r = parseLspci(
      [
        '00:14.0 USB controller: Intel Corporation Device 7ae0 (rev 11) (prog-if 30 [XHCI])',
        '\tFlags: bus master, medium devsel, latency 0, IRQ 133, IOMMU group 7',
      ].join('\n'),
    );
    expect(r.devices[0]!.iommuGroup).toBe(7);
  });
});

it("AMD's IOMMU function and root complex, in no group, are not a difference to explain away", () => {
  const r = importMachine({
    groups: [
      'IOMMU Group 0 00:01.0 Host bridge [0600]: Advanced Micro Devices, Inc. [AMD] Renoir PCIe Dummy Host Bridge [1022:1632]',
      'IOMMU Group 1 00:08.0 Host bridge [0600]: Advanced Micro Devices, Inc. [AMD] Renoir PCIe Dummy Host Bridge [1022:1632]',
    ].join('\n'),
    lspci: [
      '00:00.0 Host bridge [0600]: Advanced Micro Devices, Inc. [AMD] Renoir/Cezanne Root Complex [1022:1630]',
      '00:00.2 IOMMU [0806]: Advanced Micro Devices, Inc. [AMD] Renoir/Cezanne IOMMU [1022:1631]',
      '00:01.0 Host bridge [0600]: Advanced Micro Devices, Inc. [AMD] Renoir PCIe Dummy Host Bridge [1022:1632]',
      '00:08.0 Host bridge [0600]: Advanced Micro Devices, Inc. [AMD] Renoir PCIe Dummy Host Bridge [1022:1632]',
    ].join('\n'),
  });
  const missing = r.comparison!.differences.filter((d) => d.kind === 'only-lspci');
  expect(missing).toHaveLength(1);
  expect(missing[0]!.devices).toEqual(['00:00.0', '00:00.2']);
  expect(missing[0]!.causes.join(' ')).toMatch(/AMD-Vi gives no group to the IOMMU itself/);
  expect(missing[0]!.causes.join(' ')).not.toMatch(/DMAR/);
});
