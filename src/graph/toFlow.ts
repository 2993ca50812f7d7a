/**
 * Machine state → React Flow nodes and edges. Pure: reads the Machine only. Node objects are
 * memoised on the core's state objects, so a step returns the same node for everything it left alone.
 */
import { compareBdf } from '../kernel/bdf';
import type { DeviceState, Domain, GroupState, Machine } from '../kernel/types';
import { hasOwnDomain } from './domainUse';
import { driverViewEdge, groupDomainEdge, topologyEdge } from './edges';
import { faultIndex } from './faults';
import { busNode, deviceNode, domainNode, groupNode, NO_USERS } from './nodes';
import type { FlowGraph, GraphEdge, GraphNode } from './types';

const byDomainNumber = (a: Domain, b: Domain) =>
  Number(a.id.slice(1)) - Number(b.id.slice(1)) || a.id.localeCompare(b.id);

const list = (word: string, items: string[]) =>
  items.length === 0 ? null : `${word}${items.length > 1 ? 's' : ''} ${items.join(', ')}`;

/** Who uses each domain, as a short line for its node ("group 1, 2 · default of group 3"). */
function domainUsers(m: Machine, groups: GroupState[], devices: DeviceState[]): Record<string, string> {
  const cur: Record<string, string[]> = {};
  const def: Record<string, string[]> = {};
  const dev: Record<string, string[]> = {};
  const add = (rec: Record<string, string[]>, key: string, value: string) => {
    const list = rec[key];
    if (list) list.push(value);
    else rec[key] = [value];
  };
  for (const g of groups) {
    if (g.domain) add(cur, g.domain, String(g.id));
    if (g.defaultDomain && g.defaultDomain !== g.domain) add(def, g.defaultDomain, String(g.id));
  }
  for (const d of devices) if (hasOwnDomain(m, d)) add(dev, d.driverDomain!, d.bdf);
  const out: Record<string, string> = {};
  for (const id of Object.keys(m.domains)) {
    const parts = [
      list('group', cur[id] ?? []),
      list('default of group', def[id] ?? []),
      list('device', dev[id] ?? []),
    ].filter(Boolean);
    out[id] = parts.length ? parts.join(' · ') : NO_USERS;
  }
  return out;
}

/** The graph of a machine: root buses, groups with their devices inside, domains, and their edges. */
export function toFlow(m: Machine): FlowGraph {
  const faults = faultIndex(m);
  const groups = Object.values(m.groups).sort((a, b) => a.id - b.id);
  const devices = Object.values(m.devices).sort((a, b) => compareBdf(a.bdf, b.bdf));
  const domains = Object.values(m.domains).sort(byDomainNumber);
  const users = domainUsers(m, groups, devices);

  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const buses = new Set<string>();
  for (const d of devices) {
    const parentPresent = !!d.spec.parent && m.devices[d.spec.parent] !== undefined;
    if (d.spec.type === 'acpi') continue; // not on a PCI bus: no topology edge
    if (!parentPresent) {
      const bus = busNode(d.bdf);
      if (!buses.has(bus.id)) nodes.push(bus);
      buses.add(bus.id);
    }
    edges.push(topologyEdge(d, parentPresent));
  }
  // React Flow wants a parent before its children.
  for (const g of groups) {
    nodes.push(groupNode(m, g, faults));
    const cur = g.domain ? m.domains[g.domain] : undefined;
    const def = g.defaultDomain ? m.domains[g.defaultDomain] : undefined;
    if (cur) edges.push(groupDomainEdge(g, cur, 'current'));
    if (def && def !== cur) edges.push(groupDomainEdge(g, def, 'default'));
  }
  for (const d of devices) {
    nodes.push(deviceNode(m, d, faults));
    const own = hasOwnDomain(m, d) ? m.domains[d.driverDomain!] : undefined;
    if (own) edges.push(driverViewEdge(d, own, m.policy === 'A'));
  }
  for (const dom of domains) nodes.push(domainNode(m, dom, users[dom.id] ?? NO_USERS, faults));
  return { nodes, edges };
}
