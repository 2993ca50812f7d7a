import { describe, expect, it } from 'vitest';
import { compareBdf } from './bdf';
import { dmaAliases, dmaRequesterId, formGroups, pciDeviceGroup } from './groups';
import { runScenario } from './run';
import { buildTopology } from './topology';
import { checkTopology } from './topologyCheck';
import type { DeviceSpec, KernelId } from './types';

// The app tsconfig has no Node types, so node:fs is imported by a name TypeScript does not resolve.
interface Fs {
  readFileSync(p: URL, enc: 'utf8'): string;
  readdirSync(p: URL): string[];
}
const fsName = 'node:fs';
const fs = (await import(/* @vite-ignore */ fsName)) as Fs;
const REAL = new URL('../../scenarios/real-kernel/', import.meta.url);

/** Group id -> its members, sorted: the shape of the observed files. */
function groupsOf(specs: DeviceSpec[]): Record<number, string[]> {
  const { groupOf } = formGroups(buildTopology(specs));
  const out: Record<number, string[]> = {};
  for (const [bdf, id] of Object.entries(groupOf)) out[id] = [...(out[id] ?? []), bdf];
  for (const list of Object.values(out)) list.sort(compareBdf);
  return out;
}

describe('real Debian 6.1 groupings (shared/real-kernel)', () => {
  const names = fs
    .readdirSync(REAL)
    .filter((f) => f.endsWith('.scenario.json'))
    .map((f) => f.replace('.scenario.json', ''))
    .filter((n) => n !== 'intel-iommu-off');

  it('has fixtures to compare with', () => {
    expect(names.length).toBeGreaterThanOrEqual(8);
  });

  it.each(names)('%s: same partition and same group ids as the kernel', (name) => {
    const scenario = JSON.parse(fs.readFileSync(new URL(`${name}.scenario.json`, REAL), 'utf8'));
    const observed = JSON.parse(fs.readFileSync(new URL(`${name}.observed.json`, REAL), 'utf8'));
    expect(checkTopology(scenario.devices)).toEqual([]);
    const want: Record<number, string[]> = {};
    for (const g of observed.boot.groups as { id: number; devices: string[] }[])
      want[g.id] = [...g.devices].sort(compareBdf);
    expect(groupsOf(scenario.devices)).toEqual(want);
  });
});

const rp = (bdf: string, acs = true, extra: Partial<DeviceSpec> = {}): DeviceSpec => ({
  bdf,
  type: 'root-port',
  acs,
  ...extra,
});
const ep = (bdf: string, parent: string | undefined, extra: Partial<DeviceSpec> = {}): DeviceSpec => ({
  bdf,
  type: 'endpoint',
  ...(parent ? { parent } : {}),
  ...extra,
});
const mf = { multifunction: true, acs: false } as const;

describe('kernel-examples.md groupings', () => {
  const twoFnBehindAcsPort = [rp('00:1c.0'), ep('01:00.0', '00:1c.0', mf), ep('01:00.1', '00:1c.0', mf)];

  it('E3, E5, E12: non-ACS functions of one device share a group; the ACS root port is alone', () => {
    expect(groupsOf(twoFnBehindAcsPort)).toEqual({ 0: ['00:1c.0'], 1: ['01:00.0', '01:00.1'] });
  });

  it('E6: a root port without ACS takes everything below it', () => {
    const specs: DeviceSpec[] = [
      rp('00:1c.0', false),
      { bdf: '01:00.0', type: 'switch-upstream', parent: '00:1c.0' },
      { bdf: '02:00.0', type: 'switch-downstream', parent: '01:00.0', externalFacing: true },
      { bdf: '02:01.0', type: 'switch-downstream', parent: '01:00.0' },
      ep('03:00.0', '02:00.0'),
      ep('04:00.0', '02:01.0', { class: '0300' }),
    ];
    expect(groupsOf(specs)).toEqual({
      0: ['00:1c.0', '01:00.0', '02:00.0', '02:01.0', '03:00.0', '04:00.0'],
    });
    const { reasons } = formGroups(buildTopology(specs));
    expect(reasons['03:00.0']?.text).toBe(
      "the switch downstream port 02:00.0 above it lacks ACS, so it joins that port's group",
    );
    expect(reasons['02:00.0']?.text).toBe(
      "the root port 00:1c.0 lacks ACS, so the path through the switch upstream port 01:00.0 above it is not isolated and it joins 01:00.0's group",
    );
  });

  it('E9: GPU and audio functions without ACS share a group', () => {
    const specs = [
      rp('00:01.0'),
      ep('01:00.0', '00:01.0', { ...mf, class: '0300' }),
      ep('01:00.1', '00:01.0', mf),
    ];
    expect(groupsOf(specs)).toEqual({ 0: ['00:01.0'], 1: ['01:00.0', '01:00.1'] });
  });

  it('E10: a switch whose ports all have ACS gives seven groups in enumeration order', () => {
    const specs: DeviceSpec[] = [
      { bdf: '00:00.0', type: 'host-bridge' },
      rp('00:1c.0'),
      { bdf: '01:00.0', type: 'switch-upstream', parent: '00:1c.0' },
      { bdf: '02:00.0', type: 'switch-downstream', parent: '01:00.0', acs: true },
      { bdf: '02:01.0', type: 'switch-downstream', parent: '01:00.0', acs: true },
      ep('03:00.0', '02:00.0'),
      ep('04:00.0', '02:01.0'),
    ];
    expect(groupsOf([...specs].reverse())).toEqual({
      0: ['00:00.0'],
      1: ['00:1c.0'],
      2: ['01:00.0'],
      3: ['02:00.0'],
      4: ['02:01.0'],
      5: ['03:00.0'],
      6: ['04:00.0'],
    });
  });

  it('E11: conventional devices behind a PCIe-to-PCI bridge join it and DMA as (secondary bus, 00.0)', () => {
    const specs: DeviceSpec[] = [
      rp('00:1c.0'),
      { bdf: '01:00.0', type: 'pcie-to-pci-bridge', parent: '00:1c.0', class: '0604' },
      { bdf: '02:01.0', type: 'pci', parent: '01:00.0' },
      { bdf: '02:02.0', type: 'pci', parent: '01:00.0' },
    ];
    expect(groupsOf(specs)).toEqual({ 0: ['00:1c.0'], 1: ['01:00.0', '02:01.0', '02:02.0'] });
    const topo = buildTopology(specs);
    expect(dmaRequesterId(topo, '02:01.0')).toBe('02:00.0');
    expect(dmaRequesterId(topo, '02:02.0')).toBe('02:00.0');
    expect(dmaRequesterId(topo, '01:00.0')).toBe('01:00.0');
    expect(formGroups(topo).reasons['02:01.0']).toEqual({
      rule: 'alias',
      via: '01:00.0',
      fn: 'pci_for_each_dma_alias',
      text: "it is a conventional PCI device behind the PCIe-to-PCI bridge 01:00.0, which DMAs on its behalf (requester ID 02:00.0), so it joins that bridge's group",
    });
  });

  it('E13, E15: root-bus devices are alone unless they are non-ACS functions of one slot', () => {
    const intelConv = { type: 'pci', multifunction: true, vendor: 'intel' } as const;
    const e13: DeviceSpec[] = [
      { bdf: '00:00.0', type: 'host-bridge' },
      { bdf: '00:02.0', type: 'rc-endpoint' },
      { bdf: '00:1f.0', ...intelConv },
      { bdf: '00:1f.2', ...intelConv },
      { bdf: '00:1f.3', ...intelConv },
    ];
    expect(groupsOf(e13)).toEqual({ 0: ['00:00.0'], 1: ['00:02.0'], 2: ['00:1f.0', '00:1f.2', '00:1f.3'] });
    const e15 = [...e13.slice(0, 2), rp('00:1c.0'), ...e13.slice(2)];
    expect(groupsOf(e15)).toEqual({
      0: ['00:00.0'],
      1: ['00:02.0'],
      2: ['00:1c.0'],
      3: ['00:1f.0', '00:1f.2', '00:1f.3'],
    });
  });

  it('explains the multifunction rule', () => {
    const { reasons } = formGroups(buildTopology(twoFnBehindAcsPort));
    expect(reasons['01:00.0']).toMatchObject({ rule: 'new', fn: 'pci_device_group' });
    expect(reasons['01:00.0']?.text).toContain('first function of slot 01:00 without ACS');
    expect(reasons['01:00.1']).toEqual({
      rule: 'multifunction',
      via: '01:00.0',
      fn: 'get_pci_function_alias_group',
      text: "functions 01:00.1 and 01:00.0 of one multifunction device without ACS may talk to each other directly, so it joins 01:00.0's group",
    });
  });
});

describe('kernel-model.md §4.2 and §4.4', () => {
  it('asymmetric slot: an Intel RCiEP function is isolated, its conventional siblings share a group', () => {
    const specs: DeviceSpec[] = [
      { bdf: '00:03.0', type: 'rc-endpoint', vendor: 'intel', multifunction: true },
      { bdf: '00:03.1', type: 'pci', multifunction: true },
      { bdf: '00:03.2', type: 'pci', multifunction: true },
    ];
    expect(groupsOf(specs)).toEqual({ 0: ['00:03.0'], 1: ['00:03.1', '00:03.2'] });
  });

  it('switch with non-ACS downstream ports below an ACS root port: each endpoint joins its own port', () => {
    const specs: DeviceSpec[] = [
      rp('00:1c.0'),
      { bdf: '01:00.0', type: 'switch-upstream', parent: '00:1c.0' },
      { bdf: '02:00.0', type: 'switch-downstream', parent: '01:00.0' },
      { bdf: '02:01.0', type: 'switch-downstream', parent: '01:00.0' },
      ep('03:00.0', '02:00.0'),
      ep('04:00.0', '02:01.0'),
    ];
    expect(groupsOf(specs)).toEqual({
      0: ['00:1c.0'],
      1: ['01:00.0'],
      2: ['02:00.0', '03:00.0'],
      3: ['02:01.0', '04:00.0'],
    });
  });
});

describe('DMA aliases (pci_for_each_dma_alias)', () => {
  it('a function-0 alias (Ricoh-style) pulls the aliasing function into function 0 group', () => {
    const specs = [rp('00:1c.0'), ep('01:00.0', '00:1c.0', { multifunction: true, acs: true })];
    specs.push(ep('01:00.1', '00:1c.0', { multifunction: true, acs: true, aliases: ['01:00.0'] }));
    const topo = buildTopology(specs);
    const { groupOf, reasons } = formGroups(topo);
    expect(groupOf['01:00.1']).toBe(groupOf['01:00.0']);
    expect(reasons['01:00.1']).toMatchObject({
      rule: 'alias-group',
      via: '01:00.0',
      fn: 'get_pci_alias_group',
    });
    expect(dmaAliases(topo, '01:00.1').map((a) => a.alias)).toEqual(['01:00.1', '01:00.0']);
  });

  it('a phantom alias (Marvell-style, no device there) changes the requester ID, not the group', () => {
    const topo = buildTopology([rp('00:1c.0'), ep('01:00.0', '00:1c.0', { aliases: ['01:00.1'] })]);
    expect(formGroups(topo).groupOf).toEqual({ '00:1c.0': 0, '01:00.0': 1 });
    expect(dmaRequesterId(topo, '01:00.0')).toBe('01:00.1');
  });

  it('a device aliased by a later one is found from either side', () => {
    const topo = buildTopology([
      rp('00:1c.0'),
      ep('01:00.0', '00:1c.0', { aliases: ['01:02.0'] }),
      ep('01:02.0', '00:1c.0'),
    ]);
    expect(formGroups(topo).groupOf['01:02.0']).toBe(1);
  });

  it('walks conventional and PCI-to-PCIe bridges with their own IDs, and stops at BRIDGE_XLATE_ROOT', () => {
    const topo = buildTopology([
      { bdf: '00:05.0', type: 'pci-bridge' },
      { bdf: '01:00.0', type: 'pci-to-pcie-bridge', parent: '00:05.0' },
      ep('02:00.0', '01:00.0'),
      { bdf: '00:06.0', type: 'pci-bridge', quirks: ['pcie-bridge-alias'] },
      { bdf: '03:04.0', type: 'pci', parent: '00:06.0' },
      rp('00:07.0', false, { quirks: ['bridge-xlate-root'] }),
      { bdf: '04:00.0', type: 'pcie-to-pci-bridge', parent: '00:07.0', quirks: ['bridge-xlate-root'] },
      { bdf: '05:01.0', type: 'pci', parent: '04:00.0' },
    ]);
    expect(dmaAliases(topo, '02:00.0')).toEqual([
      { dev: '02:00.0', alias: '02:00.0', kind: 'self' },
      { dev: '01:00.0', alias: '01:00.0', kind: 'pci-to-pcie' },
      { dev: '00:05.0', alias: '00:05.0', kind: 'pci-bridge' },
    ]);
    expect(dmaRequesterId(topo, '03:04.0')).toBe('03:00.0');
    expect(dmaAliases(topo, '05:01.0')).toEqual([{ dev: '05:01.0', alias: '05:01.0', kind: 'self' }]);
    const { groupOf } = formGroups(topo);
    expect(groupOf['02:00.0']).toBe(groupOf['00:05.0']);
    expect(groupOf['03:04.0']).toBe(groupOf['00:06.0']);
    // No alias up to the bridge, but the ACS walk still finds the non-ACS bridge above.
    expect(groupOf['05:01.0']).toBe(groupOf['04:00.0']);
  });
});

describe('pciDeviceGroup', () => {
  it('hot-add: a new device below an ACS port gets a new group; below a non-ACS port joins the port', () => {
    const topo = buildTopology([
      rp('00:1c.0'),
      rp('00:1d.0', false),
      ep('01:00.0', '00:1c.0'),
      ep('02:00.0', '00:1d.0'),
    ]);
    const groups: Record<string, number> = { '00:1c.0': 0, '00:1d.0': 4 };
    const at = (b: string) => groups[b] ?? null;
    expect(pciDeviceGroup(topo, '01:00.0', at)).toMatchObject({ kind: 'new', reason: { rule: 'new' } });
    expect(pciDeviceGroup(topo, '02:00.0', at)).toMatchObject({
      kind: 'existing',
      group: 4,
      reason: { rule: 'acs-path', via: '00:1d.0' },
    });
  });

  it('returns the group a device already has', () => {
    const topo = buildTopology([ep('00:02.0', undefined)]);
    expect(pciDeviceGroup(topo, '00:02.0', () => 7)).toMatchObject({
      kind: 'existing',
      group: 7,
      reason: { rule: 'alias' },
    });
  });

  it('gives an ACPI-namespace device a generic group of its own', () => {
    const topo = buildTopology([
      { bdf: '00:15.0', type: 'acpi' },
      { bdf: '00:15.1', type: 'acpi' },
    ]);
    expect(pciDeviceGroup(topo, '00:15.1', () => 0)).toMatchObject({
      kind: 'new',
      reason: { rule: 'generic' },
    });
    expect(formGroups(topo).groupOf).toEqual({ '00:15.0': 0, '00:15.1': 1 });
    expect(dmaRequesterId(topo, '00:15.0')).toBe('00:15.0');
  });

  it('formGroups follows a given order', () => {
    const topo = buildTopology([rp('00:1c.0'), ep('01:00.0', '00:1c.0')]);
    expect(formGroups(topo, ['01:00.0', '00:1c.0']).groupOf).toEqual({ '01:00.0': 0, '00:1c.0': 1 });
  });
});

describe('multifunction as pci_scan_slot sets it', () => {
  it('a function above 0 is multifunction whatever its header flag says', () => {
    const specs: DeviceSpec[] = [
      { bdf: '00:1c.0', type: 'root-port', acs: true },
      { bdf: '01:00.0', type: 'endpoint', parent: '00:1c.0', multifunction: true },
      { bdf: '01:00.1', type: 'endpoint', parent: '00:1c.0' },
    ];
    expect(groupsOf(specs)).toEqual({ 0: ['00:1c.0'], 1: ['01:00.0', '01:00.1'] });
  });
});

describe('pci_quirk_rciep_acs by version', () => {
  it('Intel multifunction RC endpoints without ACS share a group before the quirk (5.3), not after (5.8)', () => {
    const topo = buildTopology([
      { bdf: '00:14.0', type: 'rc-endpoint', vendor: 'intel', multifunction: true },
      { bdf: '00:14.2', type: 'rc-endpoint', vendor: 'intel', multifunction: true },
    ]);
    expect(formGroups(topo, topo.order, 'v5.3').groupOf).toEqual({ '00:14.0': 0, '00:14.2': 0 });
    expect(formGroups(topo).groupOf).toEqual({ '00:14.0': 0, '00:14.2': 1 });
  });

  it('each kernel boots with its own answer', () => {
    const groups = (kernel: KernelId) =>
      runScenario({
        format: 'iommu-sandbox/scenario@1',
        kernel,
        cmdline: 'intel_iommu=on',
        devices: [
          { bdf: '00:14.0', type: 'rc-endpoint', vendor: 'intel', multifunction: true },
          { bdf: '00:14.2', type: 'rc-endpoint', vendor: 'intel', multifunction: true },
        ],
        steps: [{ op: 'boot' }],
      }).steps[0]!.state.groups.map((g) => g.devices);
    for (const k of ['v5.1', 'v5.3'] as const) expect(groups(k), k).toEqual([['00:14.0', '00:14.2']]);
    for (const k of ['v5.7', 'v5.8', 'v6.1'] as const)
      expect(groups(k), k).toEqual([['00:14.0'], ['00:14.2']]);
  });
});

describe('vendor-wide ACS quirks', () => {
  it("6.1: a Zhaoxin root port off its quirk's list is not isolated even with an ACS capability", () => {
    const topo = buildTopology([
      { bdf: '00:01.0', type: 'root-port', acs: true, vendor: '1d17', device: '0800' },
      { bdf: '01:00.0', type: 'endpoint', parent: '00:01.0' },
    ]);
    expect(formGroups(topo).groupOf).toEqual({ '00:01.0': 0, '01:00.0': 0 });
    // 5.3 has no Zhaoxin quirk: the capability decides.
    expect(formGroups(topo, topo.order, 'v5.3').groupOf).toEqual({ '00:01.0': 0, '01:00.0': 1 });
  });
});
