/**
 * Which node each fault hits: its device, its domain, and its group when it names no device.
 * Faults of the current step and all earlier ones stay on the nodes, so a use-after-free is still
 * visible when the next step is viewed.
 */
import { faultName } from '../kernel/faultNames';
import type { Fault, Machine } from '../kernel/types';
import { deviceId, domainId, groupId, stepLabel } from './ids';
import type { FaultMarks } from './types';

export interface FaultIndex {
  /** Node id → the faults that hit it. Only the ids faults name. */
  byNode: Record<string, Fault[]>;
}

const cache = new WeakMap<Fault[], FaultIndex>();

/** Faults grouped by the node ids they hit (memoised on the machine's fault list). */
export function faultIndex(m: Machine): FaultIndex {
  const hit = cache.get(m.faults);
  if (hit) return hit;
  const byNode: Record<string, Fault[]> = {};
  const add = (id: string, f: Fault) => {
    const list = byNode[id];
    if (list) list.push(f);
    else byNode[id] = [f];
  };
  for (const f of m.faults) for (const id of markedNodes(f)) add(id, f);
  const index = { byNode };
  cache.set(m.faults, index);
  return index;
}

/** One line describing a fault. */
export const faultLine = (f: Fault) => `${stepLabel(f.step)}: ${faultName(f)} in ${f.fn}: ${f.message}`;

/** The text of the faults on a node ('' for none): a cheap value to compare between steps. */
export function faultText(index: FaultIndex, nodeId: string): string {
  return index.byNode[nodeId]?.map(faultLine).join('\n') ?? '';
}

/** The badge data for a node, or null when nothing hit it. */
export function faultMarks(index: FaultIndex, nodeId: string): FaultMarks | null {
  const list = index.byNode[nodeId];
  if (!list?.length) return null;
  const names = [...new Set(list.map(faultName))];
  const first = list[0]!.step;
  const last = list[list.length - 1]!.step;
  const when = first === last ? stepLabel(first) : `steps ${first}–${last}`;
  return { names, text: list.map(faultLine).join('\n'), when };
}

/** Faults that hit no node drawn now (a crash with no device, a released group), for a banner. */
export function strayFaults(m: Machine, drawn: ReadonlySet<string>): Fault[] {
  return m.faults.filter((f) => !markedNodes(f).some((id) => drawn.has(id)));
}

// The nodes a fault's badge goes on: its device and its domain; its group only when it names no
// device (the device sits in its group's box: a second badge there would say the same twice).
function markedNodes(f: Fault): string[] {
  const ids: string[] = [];
  if (f.device) ids.push(deviceId(f.device));
  if (f.domain) ids.push(domainId(f.domain));
  if (f.group !== undefined && !f.device) ids.push(groupId(f.group));
  return ids;
}
