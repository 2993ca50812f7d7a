/**
 * What the last step changed, for the glow that fades: devices whose group, domain, attach or DMA
 * changed; new, split or merged groups and groups that moved to another domain; new and freed
 * domains. Pure: compares two machines (the previous step's and this one).
 */
import { dmaBehaviour, groupType } from '../kernel/dma';
import type { DeviceState, HwContext, Machine } from '../kernel/types';
import { deviceId, domainId, eventNodeIds, groupId } from './ids';

/** Node and edge ids to highlight. */
export interface Changes {
  nodes: Set<string>;
  edges: Set<string>;
}

const hwKey = (hw: HwContext) => (hw.kind === 'domain' ? `domain:${hw.domain}` : hw.kind);

function deviceChanged(prev: Machine, p: DeviceState, cur: Machine, d: DeviceState): boolean {
  if (p === d && prev.domains === cur.domains) return false;
  return (
    p.group !== d.group ||
    p.driverDomain !== d.driverDomain ||
    p.deferred !== d.deferred ||
    hwKey(p.hw) !== hwKey(d.hw) ||
    p.driver?.name !== d.driver?.name ||
    dmaBehaviour(prev, p) !== dmaBehaviour(cur, d)
  );
}

/** The nodes and edges the step from `prev` to `cur` changed (everything is new after power-on). */
export function changesBetween(prev: Machine | undefined, cur: Machine): Changes {
  const nodes = new Set<string>();
  const edges = new Set<string>();
  if (!prev || prev === cur) return { nodes, edges };
  for (const d of Object.values(cur.devices)) {
    const p = prev.devices[d.bdf];
    if (!p || deviceChanged(prev, p, cur, d)) nodes.add(deviceId(d.bdf));
    if (!p || p.driverDomain !== d.driverDomain) edges.add(`drv:${d.bdf}`);
  }
  for (const [key, g] of Object.entries(cur.groups)) {
    const p = prev.groups[key];
    if (p === g) continue;
    const moved = !p || p.domain !== g.domain;
    if (moved) edges.add(`cur:${g.id}`);
    if (!p || p.defaultDomain !== g.defaultDomain) edges.add(`def:${g.id}`);
    if (
      moved ||
      p.defaultDomain !== g.defaultDomain ||
      p.owner !== g.owner ||
      p.devices.join() !== g.devices.join() ||
      groupType(prev, p) !== groupType(cur, g)
    )
      nodes.add(groupId(g.id));
  }
  for (const dom of Object.values(cur.domains)) {
    const p = prev.domains[dom.id];
    if (!p || p.freed !== dom.freed || p.type !== dom.type) nodes.add(domainId(dom.id));
  }
  for (const f of cur.faults) if (f.step === cur.step) for (const id of eventNodeIds(f)) nodes.add(id);
  return { nodes, edges };
}
