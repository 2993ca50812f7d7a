import { describe, expect, it } from 'vitest';
import { isBridge, isPcie } from './deviceTypes';
import { buildTopology, enumerationOrder, isUntrusted } from './topology';
import { checkTopology } from './topologyCheck';
import { hasDistinctAddresses } from './topologyIndex';
import type { DeviceSpec } from './types';

// kernel-examples.md E6: a switch below a root port, one downstream port external-facing.
const E6: DeviceSpec[] = [
  { bdf: '00:1c.0', type: 'root-port' },
  { bdf: '01:00.0', type: 'switch-upstream', parent: '00:1c.0' },
  { bdf: '02:00.0', type: 'switch-downstream', parent: '01:00.0', externalFacing: true },
  { bdf: '02:01.0', type: 'switch-downstream', parent: '01:00.0' },
  { bdf: '03:00.0', type: 'endpoint', parent: '02:00.0' },
  { bdf: '04:00.0', type: 'endpoint', parent: '02:01.0', class: '0300' },
];

describe('buildTopology', () => {
  it('indexes buses, children and the bridge above each device, whatever the input order', () => {
    const topo = buildTopology([...E6].reverse());
    expect(topo.order).toEqual(['00:1c.0', '01:00.0', '02:00.0', '02:01.0', '03:00.0', '04:00.0']);
    expect(topo.children['01:00.0']).toEqual(['02:00.0', '02:01.0']);
    expect(topo.bus['0000:02']).toEqual(['02:00.0', '02:01.0']);
    expect(topo.upstream['03:00.0']).toBe('02:00.0');
    expect(topo.upstream['00:1c.0']).toBeNull();
    expect(topo.secondary['00:1c.0']).toBe('0000:01');
    expect(topo.secondary['03:00.0']).toBeUndefined();
  });

  it('cuts a missing parent and a loop of parents so every walk ends', () => {
    const topo = buildTopology([
      { bdf: '05:00.0', type: 'endpoint', parent: '04:00.0' },
      { bdf: '01:00.0', type: 'pci-bridge', parent: '02:00.0' },
      { bdf: '02:00.0', type: 'pci-bridge', parent: '01:00.0' },
    ]);
    expect(topo.upstream['05:00.0']).toBeNull();
    expect(topo.upstream['01:00.0']).toBeNull();
    expect(topo.upstream['02:00.0']).toBe('01:00.0');
    expect(new Set(topo.order)).toEqual(new Set(['05:00.0', '01:00.0', '02:00.0']));
  });

  // Invalid lists as the index has always read them (validation only ever asks whether they are
  // sound, but the form and the importer build them).
  it('keeps the first of a duplicate address and both spellings of one', () => {
    const topo = buildTopology([
      { bdf: '00:1c.0', type: 'root-port' },
      { bdf: '01:00.0', type: 'endpoint', parent: '00:1c.0' },
      { bdf: '0000:01:00.0', type: 'endpoint', parent: '00:1c.0' },
      { bdf: '01:00.0', type: 'pci', parent: '00:1c.0' },
      { bdf: '00:15.0', type: 'acpi' },
      { bdf: '00:1C.1', type: 'root-port' },
    ]);
    expect(Object.keys(topo.devices)).toEqual(['00:1c.0', '01:00.0', '0000:01:00.0', '00:15.0', '00:1C.1']);
    expect(topo.devices['01:00.0']!.type).toBe('endpoint');
    expect(topo.sorted).toEqual(['00:15.0', '00:1c.0', '00:1C.1', '01:00.0', '0000:01:00.0']);
    expect(topo.order).toEqual(['00:1c.0', '00:1C.1', '01:00.0', '0000:01:00.0', '00:15.0']);
    expect(topo.bus).toEqual({ '0000:00': ['00:1c.0', '00:1C.1'], '0000:01': ['01:00.0', '0000:01:00.0'] });
    expect(hasDistinctAddresses(topo)).toBe(false);
  });

  it('puts a malformed address on a bus of its own name, the one it spells if that exists', () => {
    const topo = buildTopology([
      { bdf: '00:1c.0', type: 'root-port' },
      { bdf: '05:00.0', type: 'endpoint', parent: '00:1c.0' },
      { bdf: '0000:05', type: 'pci', parent: '00:1c.0' },
      { bdf: 'zz', type: 'pci-bridge' },
      { bdf: 'constructor', type: 'pci' },
      { bdf: '06:00.0', type: 'pci', parent: 'zz' },
    ]);
    expect(topo.sorted).toEqual(['00:1c.0', '05:00.0', '06:00.0', '0000:05', 'zz']);
    expect(topo.order).toEqual(['00:1c.0', '05:00.0', '0000:05', 'zz', '06:00.0']);
    expect(topo.bus).toEqual({
      '0000:00': ['00:1c.0'],
      '0000:05': ['05:00.0', '0000:05'],
      '0000:06': ['06:00.0'],
      zz: ['zz'],
    });
    expect(topo.upstream['06:00.0']).toBe('zz');
    expect(topo.children).toEqual({ '00:1c.0': ['05:00.0', '0000:05'], zz: ['06:00.0'] });
    expect(topo.secondary).toEqual({ '00:1c.0': '0000:05', zz: '0000:06' });
  });

  it('enumerates every bus a bridge has children on, and the orphans of a loop last', () => {
    const topo = buildTopology([
      { bdf: '00:01.0', type: 'root-port' },
      { bdf: '02:00.0', type: 'endpoint', parent: '00:01.0' },
      { bdf: '03:00.0', type: 'endpoint', parent: '00:01.0' },
      { bdf: '04:00.0', type: 'pci-bridge', parent: '05:00.0' },
      { bdf: '05:00.0', type: 'pci-bridge', parent: '04:00.0' },
      { bdf: '06:00.0', type: 'endpoint', parent: '05:00.0' },
      { bdf: '07:00.0', type: 'endpoint', parent: '00:02.0' },
      { bdf: '00:02.0', type: 'acpi' },
    ]);
    expect(topo.order).toEqual([
      '00:01.0',
      '02:00.0',
      '03:00.0',
      '04:00.0',
      '05:00.0',
      '06:00.0',
      '07:00.0',
      '00:02.0',
    ]);
    expect(topo.upstream).toMatchObject({ '04:00.0': null, '05:00.0': '04:00.0', '07:00.0': null });
    expect(topo.secondary).toEqual({ '00:01.0': '0000:02', '04:00.0': '0000:05', '05:00.0': '0000:06' });
  });

  it('makes children and secondary on first read, and keeps them', () => {
    const topo = buildTopology(E6);
    expect(topo.children).toBe(topo.children);
    expect(topo.children['02:00.0']).toEqual(['03:00.0']);
    topo.secondary = {};
    expect(topo.secondary).toEqual({});
    expect({ ...topo }).toMatchObject({ children: topo.children, secondary: {} });
  });
});

describe('enumerationOrder', () => {
  it('scans a bus fully, then each bridge secondary bus depth-first in devfn order', () => {
    const specs: DeviceSpec[] = [
      { bdf: '00:00.0', type: 'host-bridge' },
      { bdf: '00:1c.0', type: 'root-port' },
      { bdf: '00:1c.1', type: 'root-port' },
      { bdf: '00:1f.0', type: 'pci', multifunction: true },
      { bdf: '01:00.0', type: 'switch-upstream', parent: '00:1c.0' },
      { bdf: '02:00.0', type: 'switch-downstream', parent: '01:00.0' },
      { bdf: '03:00.0', type: 'endpoint', parent: '02:00.0' },
      { bdf: '02:01.0', type: 'switch-downstream', parent: '01:00.0' },
      { bdf: '04:00.0', type: 'endpoint', parent: '02:01.0' },
      { bdf: '05:00.0', type: 'endpoint', parent: '00:1c.1' },
    ];
    expect(enumerationOrder([...specs].reverse())).toEqual([
      '00:00.0',
      '00:1c.0',
      '00:1c.1',
      '00:1f.0',
      '01:00.0',
      '02:00.0',
      '02:01.0',
      '03:00.0',
      '04:00.0',
      '05:00.0',
    ]);
  });

  it('orders root buses by segment and bus, and puts ACPI devices last', () => {
    const specs: DeviceSpec[] = [
      { bdf: '00:15.1', type: 'acpi' },
      { bdf: '0001:00:00.0', type: 'host-bridge' },
      { bdf: '80:00.0', type: 'root-port' },
      { bdf: '81:00.0', type: 'endpoint', parent: '80:00.0' },
      { bdf: '00:15.0', type: 'acpi' },
      { bdf: '00:02.0', type: 'rc-endpoint' },
    ];
    expect(enumerationOrder(specs)).toEqual([
      '00:02.0',
      '80:00.0',
      '81:00.0',
      '0001:00:00.0',
      '00:15.0',
      '00:15.1',
    ]);
  });
});

describe('device kinds', () => {
  it('knows bridges and PCIe functions', () => {
    expect(isBridge({ bdf: '00:1c.0', type: 'root-port' })).toBe(true);
    expect(isBridge({ bdf: '00:05.0', type: 'pci-bridge' })).toBe(true);
    expect(isBridge({ bdf: '00:00.0', type: 'host-bridge' })).toBe(false);
    expect(isPcie({ bdf: '00:00.0', type: 'host-bridge' })).toBe(false);
    expect(isPcie({ bdf: '00:05.0', type: 'pci-bridge' })).toBe(false);
    expect(isPcie({ bdf: '01:00.0', type: 'pcie-to-pci-bridge' })).toBe(true);
    expect(isPcie({ bdf: '00:02.0', type: 'rc-endpoint' })).toBe(true);
  });

  it('marks everything below an external-facing port untrusted, but not the port (set_pcie_untrusted)', () => {
    const topo = buildTopology(E6);
    expect(isUntrusted(topo, '03:00.0')).toBe(true);
    expect(isUntrusted(topo, '02:00.0')).toBe(false);
    expect(isUntrusted(topo, '04:00.0')).toBe(false);
  });
});

describe('checkTopology', () => {
  const problems = (specs: DeviceSpec[]) =>
    checkTopology(specs).map((p) => `${p.index}.${p.field}: ${p.message}`);

  it('accepts a valid tree', () => {
    expect(checkTopology(E6)).toEqual([]);
  });

  it('reports malformed and duplicate addresses', () => {
    expect(problems([{ bdf: '00:1c', type: 'root-port' }])).toEqual([
      '0.bdf: "00:1c" is not a PCI address: write BB:DD.F or SSSS:BB:DD.F in hex (device 00-1f, function 0-7).',
    ]);
    expect(
      problems([
        { bdf: '00:02.0', type: 'rc-endpoint' },
        { bdf: '0000:00:02.0', type: 'rc-endpoint' },
      ]),
    ).toEqual(['1.bdf: Two devices have the address 00:02.0 (devices 0 and 1).']);
  });

  it('says a device that names itself as its parent does so, once', () => {
    expect(problems([{ bdf: '00:1c.0', type: 'root-port', parent: '00:1c.0' }])).toEqual([
      '0.parent: 00:1c.0 names itself as its parent; a device sits below another device, a bridge or port.',
    ]);
  });

  it('reports parents that are missing or not bridges, and children on the wrong bus', () => {
    expect(problems([{ bdf: '01:00.0', type: 'endpoint', parent: '00:1c.0' }])).toEqual([
      '0.parent: 01:00.0 names 00:1c.0 as its parent, but there is no device 00:1c.0.',
    ]);
    expect(
      problems([
        { bdf: '00:02.0', type: 'rc-endpoint' },
        { bdf: '01:00.0', type: 'endpoint', parent: '00:02.0' },
      ]),
    ).toEqual([
      '1.parent: 01:00.0 names 00:02.0 as its parent, but 00:02.0 is a root-complex integrated endpoint, not a bridge or port.',
    ]);
    expect(
      problems([
        { bdf: '00:1c.0', type: 'root-port' },
        { bdf: '00:1d.0', type: 'endpoint', parent: '00:1c.0' },
      ]),
    ).toEqual([
      "1.parent: 00:1d.0 is on bus 00, the same bus as its parent 00:1c.0; a device below a bridge sits on the bridge's secondary bus.",
    ]);
  });

  it('reports a bridge with two secondary buses and a bus with two bridges', () => {
    expect(
      problems([
        { bdf: '00:1c.0', type: 'root-port' },
        { bdf: '01:00.0', type: 'endpoint', parent: '00:1c.0' },
        { bdf: '02:00.0', type: 'endpoint', parent: '00:1c.0' },
      ]),
    ).toEqual([
      '2.parent: 00:1c.0 has children on two buses, 01 (01:00.0) and 02 (02:00.0); a bridge has one secondary bus.',
    ]);
    expect(
      problems([
        { bdf: '00:1c.0', type: 'root-port' },
        { bdf: '00:1d.0', type: 'root-port' },
        { bdf: '01:00.0', type: 'endpoint', parent: '00:1c.0' },
        { bdf: '01:01.0', type: 'endpoint', parent: '00:1d.0' },
      ]),
    ).toEqual([
      '3.parent: 00:1c.0 and 00:1d.0 both claim bus 01 (01:00.0 and 01:01.0 are on it); a bus has one bridge above it.',
    ]);
  });

  it('reports a root-bus device on a bridge secondary bus, and loops of parents', () => {
    expect(
      problems([
        { bdf: '00:1c.0', type: 'root-port' },
        { bdf: '01:00.0', type: 'endpoint', parent: '00:1c.0' },
        { bdf: '01:01.0', type: 'endpoint' },
      ]),
    ).toEqual([
      '2.parent: 01:01.0 has no parent, so it would sit on a root bus, but bus 01 is the secondary bus of 00:1c.0.',
    ]);
    expect(
      problems([
        { bdf: '02:00.0', type: 'pci-bridge', parent: '01:00.0' },
        { bdf: '01:00.0', type: 'pci-bridge', parent: '02:00.0' },
      ]),
    ).toEqual([
      '0.parent: The parents of 01:00.0 loop back to it (01:00.0 → 02:00.0 → 01:00.0), so no root bus is above them.',
    ]);
  });

  it('reports ACPI devices placed in the PCI tree and aliases off the bus', () => {
    expect(
      problems([
        { bdf: '00:1c.0', type: 'root-port' },
        { bdf: '00:15.0', type: 'acpi', parent: '00:1c.0' },
        { bdf: '00:02.0', type: 'rc-endpoint', aliases: ['01:00.0', '00:02.1', 'x'] },
      ]),
    ).toEqual([
      '1.parent: 00:15.0 is an ACPI-namespace device: it sits on no PCI bus, so it cannot have a parent.',
      '2.aliases[0]: 00:02.0 lists 01:00.0 as a DMA alias, but an alias must be on its own bus 00.',
      '2.aliases[2]: 00:02.0 lists "x" as a DMA alias, which is not a PCI address.',
    ]);
  });

  it('reports a child in another segment than its parent', () => {
    expect(
      problems([
        { bdf: '00:1c.0', type: 'root-port' },
        { bdf: '0001:01:00.0', type: 'endpoint', parent: '00:1c.0' },
      ]),
    ).toEqual(['1.parent: 0001:01:00.0 is in another PCI segment than its parent 00:1c.0.']);
  });
});
