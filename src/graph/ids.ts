/**
 * Node ids of the graph and their mapping to the sandbox's selection. A node id names the kernel
 * object it draws, so positions and highlights survive steps and reloads.
 */
import { busKey } from '../kernel/bdf';
import type { KernelEvent } from '../kernel/types';
import type { Selection } from '../store/sandbox';

/** Node id of a PCI function. */
export const deviceId = (bdf: string) => `dev:${bdf}`;
/** Node id of an IOMMU group. */
export const groupId = (n: number) => `grp:${n}`;
/** Node id of a domain ('d4'). */
export const domainId = (id: string) => `dom:${id}`;
/** Node id of the PCI root bus a parentless function sits on. */
export const busId = (bdf: string) => `bus:${busKey(bdf)}`;

/** The selection a node stands for; null for nodes that are not kernel objects (buses). */
export function selectionOf(nodeId: string): Selection | null {
  const sep = nodeId.indexOf(':');
  const kind = nodeId.slice(0, sep);
  const rest = nodeId.slice(sep + 1);
  if (kind === 'dev') return { kind: 'device', id: rest };
  if (kind === 'grp') return { kind: 'group', id: Number(rest) };
  if (kind === 'dom') return { kind: 'domain', id: rest };
  return null;
}

/** The node id of a selection. */
export function nodeIdOf(sel: Selection): string {
  if (sel.kind === 'device') return deviceId(sel.id);
  if (sel.kind === 'group') return groupId(sel.id);
  return domainId(sel.id);
}

/** Nodes an event of the log touched (its device, group and domain). */
export function eventNodeIds(e: Pick<KernelEvent, 'device' | 'group' | 'domain'>): string[] {
  const out: string[] = [];
  if (e.device) out.push(deviceId(e.device));
  if (e.group !== undefined) out.push(groupId(e.group));
  if (e.domain) out.push(domainId(e.domain));
  return out;
}

/** How a step is named to people: by its index, as the timeline's step list numbers it (boot is 0). */
export const stepLabel = (index: number) => `step ${index}`;
