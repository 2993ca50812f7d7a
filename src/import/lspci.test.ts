import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLspci } from './lspci';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.txt`, import.meta.url), 'utf8');

describe('parseLspci on real output', () => {
  it('reads a root port from lspci -vvvv as a mail archive shows it (X99, linux-pci)', () => {
    const r = parseLspci(fixture('lspci-x99-root-port-lkml'));
    expect(r.unread).toEqual([]);
    expect(r.devices).toHaveLength(1);
    const rp = r.devices[0]!;
    expect(rp).toMatchObject({
      bdf: '00:01.0',
      path: null,
      verbose: true,
      express: 'root-port',
      expressText: 'Express (v2) Root Port (Slot+)',
      secondary: 0x04,
      subordinate: 0x04,
      driver: 'pcieport',
      iommuGroup: 13,
    });
    // The wrapped header is joined, and the -xxxx dump that follows adds nothing.
    expect(rp.description).toMatchObject({ className: 'PCI bridge', classCode: '0604', vendorId: '8086' });
    expect(rp.description.name).toBe(
      'Intel Corporation Xeon E7 v3/Xeon E5 v3/Core i7 PCI Express Root Port 1',
    );
    // UpstreamFwd was wrapped onto the next line.
    expect(rp.acsCap).toEqual({
      SrcValid: true,
      TransBlk: true,
      ReqRedir: true,
      CmpltRedir: true,
      UpstreamFwd: true,
      EgressCtrl: false,
      DirectTrans: false,
    });
    expect(rp.acsCtl?.TransBlk).toBe(false);
  });

  it('reads lspci -vv without -nn, wrapped by a mail client (Skylake desktop, linux-serial)', () => {
    const r = parseLspci(fixture('lspci-skylake-vv-linux-serial'));
    expect(r.unread).toEqual([{ line: 1, reason: 'not lspci output', text: 'My lspci is below' }]);
    expect(r.devices.map((d) => [d.bdf, d.express, d.description.classCode, d.driver])).toEqual([
      ['00:00.0', null, '0600', 'skl_uncore'],
      ['00:01.0', 'root-port', '0604', 'pcieport'],
      ['00:02.0', 'rc-endpoint', '0300', 'i915'],
      ['00:14.0', null, '0c03', 'xhci_hcd'],
    ]);
    expect(r.devices[1]).toMatchObject({ secondary: 1, subordinate: 1, acsCap: null });
    // Vendor ids come from the names lspci always spells the same way.
    expect(r.devices.every((d) => d.description.vendorId === '8086')).toBe(true);
  });

  it('reads lspci -nnk: classes, ids and drivers, no details (fuji)', () => {
    const r = parseLspci(fixture('lspci-fuji-nnk'));
    expect(r.unread).toEqual([]);
    expect(r.devices).toHaveLength(21);
    expect(r.devices.every((d) => !d.verbose && d.express === null)).toBe(true);
    expect(r.devices.find((d) => d.bdf === '04:00.0')?.driver).toBe('vfio-pci');
    expect(r.devices.find((d) => d.bdf === '00:16.0')?.driver).toBeNull();
  });
});

describe('parseLspci on -PP paths and the rest', () => {
  it('takes paths, domains, port types and ACS bits', () => {
    const r = parseLspci(fixture('constructed-switch-lspci'));
    expect(r.unread).toEqual([]);
    expect(r.devices.map((d) => [d.bdf, d.path?.join('/') ?? null, d.express])).toEqual([
      ['00:01.0', null, 'root-port'],
      ['01:00.0', '00:01.0/01:00.0', 'switch-upstream'],
      ['02:08.0', '00:01.0/01:00.0/02:08.0', 'switch-downstream'],
      ['03:00.0', '00:01.0/01:00.0/02:08.0/03:00.0', 'legacy-endpoint'],
      ['03:00.1', '00:01.0/01:00.0/02:08.0/03:00.1', 'endpoint'],
    ]);
    expect(r.devices[2]!.acsCap?.CmpltRedir).toBe(false);
  });

  it('keeps the domain of a path in every segment', () => {
    const r = parseLspci(
      '0001:00:02.0/05:00.0 Ethernet controller [0200]: Intel Corporation I210 [8086:1533]',
    );
    expect(r.devices[0]).toMatchObject({ bdf: '0001:05:00.0', path: ['0001:00:02.0', '0001:05:00.0'] });
  });

  it('notes capabilities lspci could not read without root', () => {
    const r = parseLspci(
      '00:1c.0 PCI bridge [0604]: Intel Corporation Root Port [8086:a110]\n\tControl: I/O+\n\tCapabilities: <access denied>\n',
    );
    expect(r.devices[0]).toMatchObject({ capabilitiesHidden: true, express: null });
  });

  it('reports lines that are not lspci output, and indented lines outside a device', () => {
    const r = parseLspci(
      'my desktop:\n-[0000:00]-+-00.0  Intel Corporation Host bridge\n\n\tKernel driver in use: nvme\n',
    );
    expect(r.devices).toEqual([]);
    expect(r.unread.map((u) => [u.line, u.reason])).toEqual([
      [1, 'not lspci output'],
      [2, 'lspci -t draws the tree, which is not read here: paste the output of sudo lspci -vvv -nn -PP'],
      [4, 'an indented line outside any device (no lspci device line above it)'],
    ]);
  });
});

describe('one address twice', () => {
  const block = (header: string) => `${header}\n\tKernel driver in use: x\n\n`;
  it('the same device again is one device; another device there is reported and not read', () => {
    const gpu = '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation AD104 [10de:2786] (rev a1)';
    const nic =
      '01:00.0 Ethernet controller [0200]: Intel Corporation Ethernet Controller X710 [8086:1572] (rev 02)';
    const same = parseLspci(block(gpu) + block(gpu));
    expect(same.devices).toHaveLength(1);
    expect(same.unread).toEqual([]);
    const two = parseLspci(block(gpu) + block(nic));
    expect(two.devices.map((d) => d.description.vendorId)).toEqual(['10de']);
    expect(two.unread).toMatchObject([
      { line: 4, reason: expect.stringMatching(/^01:00\.0 appears a second time, as another device/) },
    ]);
  });
});
