import { describe, expect, it } from 'vitest';
import { loadScenario } from '../kernel/examples.helpers';
import { changesBetween } from './changes';
import { deviceId, domainId, groupId } from './ids';
import { exampleMachines, machinesOf, q35Machines } from './scenarios.helpers';
import { toFlow } from './toFlow';
import type { DeviceNode, DomainNode, FlowGraph, GraphNode, GroupNode } from './types';

const node = (g: FlowGraph, id: string): GraphNode => {
  const n = g.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id}; nodes: ${g.nodes.map((x) => x.id).join(' ')}`);
  return n;
};
const devices = (g: FlowGraph) => g.nodes.filter((n): n is DeviceNode => n.type === 'device');
const domains = (g: FlowGraph) => g.nodes.filter((n): n is DomainNode => n.type === 'domain');
const groups = (g: FlowGraph) => g.nodes.filter((n): n is GroupNode => n.type === 'group');

/** React Flow's rules: unique ids, parents before children, edges between drawn nodes. */
function expectWellFormed(g: FlowGraph) {
  const seen = new Set<string>();
  for (const n of g.nodes) {
    expect(seen.has(n.id), `duplicate ${n.id}`).toBe(false);
    if (n.parentId) expect(seen.has(n.parentId), `${n.id} before its parent ${n.parentId}`).toBe(true);
    seen.add(n.id);
  }
  for (const e of g.edges) {
    expect(seen.has(e.source), `${e.id} source ${e.source}`).toBe(true);
    expect(seen.has(e.target), `${e.id} target ${e.target}`).toBe(true);
  }
  expect(new Set(g.edges.map((e) => e.id)).size).toBe(g.edges.length);
}

describe('toFlow on the default machine (q35, 6.1)', () => {
  const [booted] = q35Machines();
  const g = toFlow(booted!);

  it('draws every device inside its group, each group to its DMA-FQ domain', () => {
    expectWellFormed(g);
    for (const d of devices(g)) {
      expect(d.parentId).toBe(groupId(d.data.group!));
      expect(d.extent).toBe('parent');
    }
    for (const grp of groups(g)) {
      expect(grp.data.type).toBe('DMA-FQ');
      expect(grp.ariaLabel).toBe(`IOMMU group ${grp.data.id}, type DMA-FQ`);
      expect(g.edges.some((e) => e.id === `cur:${grp.data.id}` && e.source === grp.id)).toBe(true);
    }
    // init_dmars() allocates si_domain at boot even when no device uses it.
    const [si, ...rest] = domains(g);
    expect(si?.data).toMatchObject({ si: true, type: 'identity', users: 'no users', unused: true });
    // Drawn faint and said so: it is there, but nothing goes through it.
    expect(si?.ariaLabel).toMatch(/, unused$/);
    expect(rest.every((d) => d.data.type === 'DMA-FQ' && !d.data.freed && !d.data.unused)).toBe(true);
  });

  it('labels devices with what they are and what their DMA does', () => {
    const nic = node(g, deviceId('00:02.0')) as DeviceNode;
    expect(nic.ariaLabel).toBe(`Device 00:02.0 e1000e NIC, group ${nic.data.group}, DMA translated`);
    expect(nic.data.what).toBe('RC endpoint · Ethernet');
    expect(nic.data.driver).toBe('e1000e');
    expect(nic.data.dmaMask).toBe(64);
  });

  it('draws the PCI root bus with a thin edge to each root-bus device', () => {
    expect(node(g, 'bus:0000:00').type).toBe('bus');
    expect(g.edges.filter((e) => e.data?.kind === 'topology' && e.source === 'bus:0000:00')).toHaveLength(6);
  });
});

describe('toFlow on the worked examples', () => {
  it('E9: the BUG_ON is marked on the device, not a second time on the group box around it', () => {
    const g = toFlow(exampleMachines('e09-extra-group-breaks-vfio-isolation.v5.3.json').at(-1)!);
    expect((node(g, deviceId('01:00.0')) as DeviceNode).data.faults?.names).toEqual(['kernel crash']);
    expect((node(g, groupId(1)) as GroupNode).data.faults).toBeNull();
  });

  it('E1 before 5.3: the driver-managed si_domain edge says "driver view", not 5.3\'s "private"', () => {
    const g = toFlow(exampleMachines('e01-iommu-pt-32bit-device.v5.1.json')[0]!);
    const labels = g.edges.filter((e) => e.data?.kind === 'driver-view').map((e) => e.label);
    expect(labels.length).toBeGreaterThan(0);
    expect(new Set(labels)).toEqual(new Set(['driver view']));
  });

  it('E3: after its first 32-bit DMA map, ctl-f1 has a "private" edge to its own domain', () => {
    const ms = exampleMachines('e03-32bit-function-in-two-function-group.v5.3.json');
    const g = toFlow(ms[2]!);
    expectWellFormed(g);
    const edge = g.edges.find((e) => e.id === 'drv:01:00.1');
    expect(edge?.label).toBe('private');
    expect(edge?.data?.kind).toBe('driver-view');
    const target = node(g, edge!.target) as DomainNode;
    expect(target.data.kind).toBe('private');
    expect(target.data.users).toContain('01:00.1');
    // Its sibling follows the group: no edge of its own.
    expect(g.edges.some((e) => e.id === 'drv:01:00.0')).toBe(false);
    // Before the DMA map there was none.
    expect(toFlow(ms[1]!).edges.some((e) => e.id === 'drv:01:00.1')).toBe(false);
  });

  it('E7 without the guard: si_domain stays drawn, marked freed, and a fault badge appears', () => {
    const ms = exampleMachines('e07-si-domain-freed-on-group-release.no-si-guard.v5.3.json');
    const last = toFlow(ms.at(-1)!);
    expectWellFormed(last);
    const si = domains(last).find((d) => d.data.si)!;
    expect(si.data.freed).toBe(true);
    expect(si.data.freedAt).not.toBeNull();
    expect(si.ariaLabel).toMatch(/^Domain d\d+, identity, si_domain, freed at step \d+/);
    const hit = last.nodes.filter((n) => n.type !== 'bus' && n.data.faults);
    expect(hit.length).toBeGreaterThan(0);
    const names = new Set(hit.flatMap((n) => (n.type !== 'bus' ? (n.data.faults?.names ?? []) : [])));
    expect(
      [...names].some((k) => k === 'use-after-free' || k === 'double free' || k.startsWith('DMA ')),
    ).toBe(true);
    expect(hit[0]!.ariaLabel).toMatch(/fault: /);
  });

  it('a fault badge says when: a fault of the boot still shows, as history, at a later step', () => {
    const ms = exampleMachines('e08-kdump-deferred-attach.no-defer.v5.3.json');
    const nvme = node(toFlow(ms.at(-1)!), deviceId('00:03.0')) as DeviceNode;
    expect(nvme.data.faults?.when).toBe('step 0');
    expect(nvme.ariaLabel).toContain('fault: DMA blocked (DMAR fault) at step 0');
  });

  it('a DMA fault says what became of the DMA: blocked, then sent to the wrong memory (E8 under iommu=pt)', () => {
    const s = loadScenario('e08-kdump-deferred-attach.no-defer.v5.3.json');
    const m = machinesOf({ ...s, cmdline: 'intel_iommu=on iommu=pt' }).at(-1)!;
    const nic = node(toFlow(m), deviceId('00:02.0')) as DeviceNode;
    expect(nic.data.faults?.names).toEqual(['DMA blocked (DMAR fault)', 'DMA to wrong memory (not logged)']);
    expect(nic.ariaLabel).toContain(
      'fault: DMA blocked (DMAR fault), DMA to wrong memory (not logged) at step 0',
    );
    expect(nic.data.faults?.text).toMatch(
      /^step 0: DMA to wrong memory \(not logged\) in domain_context_mapping: /m,
    );
  });

  it('E8 kdump: devices wait with a deferred marker until their first DMA map', () => {
    const ms = exampleMachines('e08-kdump-deferred-attach.v5.7.json');
    const booted = toFlow(ms[0]!);
    const nvme = node(booted, deviceId('00:03.0')) as DeviceNode;
    expect(nvme.data.deferred).toBe(true);
    expect(nvme.data.dma).toBe('old-kernel');
    expect(nvme.ariaLabel).toContain('attach deferred');
    const after = node(toFlow(ms[2]!), deviceId('00:03.0')) as DeviceNode;
    expect(after.data.deferred).toBe(false);
    expect(after.data.dma).toBe('translated');
  });

  it('v5.1: a device waits unattached (not faulting) until its first DMA map attaches it', () => {
    const [booted, mapped] = machinesOf({
      format: 'iommu-sandbox/scenario@1',
      kernel: 'v5.1',
      cmdline: 'intel_iommu=on',
      devices: [
        { bdf: '00:1c.0', type: 'root-port', acs: true },
        { bdf: '01:00.0', type: 'endpoint', parent: '00:1c.0', driver: { name: 'e1000e' } },
      ],
      steps: [{ op: 'boot' }, { op: 'dma', device: '01:00.0' }],
    });
    const before = node(toFlow(booted!), deviceId('01:00.0')) as DeviceNode;
    expect(before.data.dma).toBe('unattached');
    expect(before.data.faults).toBeNull();
    expect((node(toFlow(mapped!), deviceId('01:00.0')) as DeviceNode).data.dma).toBe('translated');
  });

  it('IOMMU off: devices stand outside any group, their DMA physical (the host bridge has none)', () => {
    const ms = exampleMachines('e14-cmdline-iommu-offline.v6.1.json');
    const g = toFlow(ms.at(-1)!);
    expectWellFormed(g);
    expect(groups(g)).toHaveLength(0);
    for (const d of devices(g)) {
      expect(d.parentId).toBeUndefined();
      expect(d.data.dma).toBe(d.data.bdf === '00:00.0' ? 'none' : 'physical');
    }
  });

  it('user-space owned groups say so', () => {
    const ms = exampleMachines('e12-vfio-dma-ownership.v6.1.json');
    const owned = ms.flatMap((m) => groups(toFlow(m))).filter((gr) => gr.data.owner === 'user');
    expect(owned.length).toBeGreaterThan(0);
    expect(owned[0]!.ariaLabel).toContain('owned by user space');
  });
});

describe('toFlow memoisation and changes', () => {
  it('keeps the node object of a device, group or domain a step did not touch', () => {
    const ms = exampleMachines('e03-32bit-function-in-two-function-group.v5.3.json');
    const [a, b] = [toFlow(ms[1]!), toFlow(ms[2]!)];
    const port = deviceId('00:1c.0');
    expect(node(b, port)).toBe(node(a, port));
    expect(node(b, deviceId('01:00.1'))).not.toBe(node(a, deviceId('01:00.1')));
    // The same machine twice: every node and edge is the same object.
    const again = toFlow(ms[2]!);
    for (const [i, n] of again.nodes.entries()) expect(n).toBe(b.nodes[i]);
    for (const [i, e] of again.edges.entries()) expect(e).toBe(b.edges[i]);
  });

  it('marks what the last step changed', () => {
    const ms = exampleMachines('e03-32bit-function-in-two-function-group.v5.3.json');
    const c = changesBetween(ms[1], ms[2]!);
    expect(c.nodes.has(deviceId('01:00.1'))).toBe(true);
    expect(c.nodes.has(deviceId('00:1c.0'))).toBe(false);
    expect(c.edges.has('drv:01:00.1')).toBe(true);
    const privateDomain = toFlow(ms[2]!).edges.find((e) => e.id === 'drv:01:00.1')!.target;
    expect(c.nodes.has(privateDomain)).toBe(true);
    expect(changesBetween(ms[2], ms[2]!).nodes.size).toBe(0);
    expect(domainId('d1')).toBe('dom:d1');
  });
});
