/**
 * Builders of the graph's edges: PCI topology (bridge → child), group → its domain (solid),
 * group → its default domain when different (dashed, "default"), and device → the domain its driver
 * uses when that is not its group's (private domains, deferred attach, private identity).
 */
import { MarkerType } from '@xyflow/react';
import type { DeviceState, Domain, GroupState } from '../kernel/types';
import { busId, deviceId, domainId, groupId } from './ids';
import { type IdMemo, memoById } from './memo';
import type { GraphEdge } from './types';

const cache: IdMemo<GraphEdge> = new Map();

// Colours are CSS variables of graph.css so the theme decides them; ids stay free of '#'.
const arrow = (colour: string) => ({
  type: MarkerType.ArrowClosed,
  color: `var(${colour})`,
  width: 16,
  height: 16,
});
// A blocking domain is unmanaged to the core but blocks DMA: it is drawn as blocked.
const look = (dom: Domain) => (dom.kind === 'blocking' ? 'blocked' : dom.type);
const domainColour = (dom: Domain) => (dom.freed ? '--g-fault' : `--g-${look(dom)}`);
// What a screen reader says of an edge, in the nodes' words: React Flow's default names the ids.
const domainName = (dom: Domain) => `domain ${dom.id} (${dom.type}${dom.freed ? ', freed' : ''})`;

/** Thin grey edge from a bridge (or the root bus) to a device below it. */
export function topologyEdge(d: DeviceState, parentPresent: boolean): GraphEdge {
  const source = parentPresent && d.spec.parent ? deviceId(d.spec.parent) : busId(d.bdf);
  const id = `topo:${d.bdf}`;
  const parent =
    parentPresent && d.spec.parent ? `Bridge ${d.spec.parent}` : `PCI root bus ${source.slice(4)}`;
  return memoById(cache, id, [source], () => ({
    id,
    source,
    target: deviceId(d.bdf),
    type: 'routed',
    ariaLabel: `${parent} → device ${d.bdf}`,
    className: 'edge-topology',
    focusable: false,
    selectable: false,
    data: { kind: 'topology' },
  }));
}

/** Group → the domain it is attached to now (solid), or its default domain (dashed). */
export function groupDomainEdge(g: GroupState, dom: Domain, kind: 'current' | 'default'): GraphEdge {
  const id = `${kind === 'current' ? 'cur' : 'def'}:${g.id}`;
  return memoById(cache, id, [dom.id, dom.type, dom.kind, dom.freed], () => ({
    id,
    source: groupId(g.id),
    target: domainId(dom.id),
    type: 'routed',
    ariaLabel: `IOMMU group ${g.id} → ${kind === 'default' ? 'default ' : ''}${domainName(dom)}`,
    className: `edge-${kind} edge-to-${dom.freed ? 'freed' : look(dom)}`,
    markerEnd: arrow(domainColour(dom)),
    focusable: false,
    selectable: false,
    ...(kind === 'default' ? { label: 'default' } : {}),
    data: { kind, domainType: dom.type },
  }));
}

/**
 * Device → the domain its driver uses, where that differs from its group's domain. Before 5.3
 * (`driverManaged`) every device's domain is the driver's own: "private" is 5.3's word for the few
 * that are.
 */
export function driverViewEdge(d: DeviceState, dom: Domain, driverManaged = false): GraphEdge {
  const id = `drv:${d.bdf}`;
  const label = driverManaged
    ? 'driver view'
    : dom.kind === 'private'
      ? 'private'
      : dom.kind === 'si_domain'
        ? 'private identity'
        : 'driver view';
  return memoById(cache, id, [dom.id, dom.type, dom.freed, label], () => ({
    id,
    source: deviceId(d.bdf),
    target: domainId(dom.id),
    type: 'routed',
    ariaLabel: `Device ${d.bdf} → ${domainName(dom)}, ${label}`,
    className: `edge-driver-view${dom.freed ? ' edge-to-freed' : ''}`,
    markerEnd: arrow('--g-driver'),
    label,
    focusable: false,
    selectable: false,
    data: { kind: 'driver-view', domainType: dom.type },
  }));
}
