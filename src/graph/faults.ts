/**
 * Which node each fault hits: its device, its domain and its group (a fault names any of them).
 * Faults of the current step and all earlier ones stay on the nodes, so a use-after-free is still
 * visible when the next step is viewed.
 */
import type { Fault, Machine } from '../kernel/types';
import { deviceId, domainId, groupId, stepLabel } from './ids';
import type { FaultMarks } from './types';

/** Human name of a fault kind, for badges and labels. */
export const FAULT_NAMES: Record<Fault['kind'], string> = {
  'use-after-free': 'use-after-free',
  'double-free': 'double free',
  'dma-fault': 'DMA fault',
  'kernel-crash': 'kernel crash',
  leak: 'leak',
  'isolation-broken': 'isolation broken',
};

export interface FaultIndex {
  /** Node id → text (one line per fault) and kinds. Only the ids faults name. */
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
  for (const f of m.faults) {
    if (f.device) add(deviceId(f.device), f);
    if (f.domain) add(domainId(f.domain), f);
    if (f.group !== undefined) add(groupId(f.group), f);
  }
  const index = { byNode };
  cache.set(m.faults, index);
  return index;
}

/** One line describing a fault. */
export const faultLine = (f: Fault) =>
  `${stepLabel(f.step)}: ${FAULT_NAMES[f.kind]} in ${f.fn}: ${f.message}`;

/** The text of the faults on a node ('' for none): a cheap value to compare between steps. */
export function faultText(index: FaultIndex, nodeId: string): string {
  return index.byNode[nodeId]?.map(faultLine).join('\n') ?? '';
}

/** The badge data for a node, or null when nothing hit it. */
export function faultMarks(index: FaultIndex, nodeId: string): FaultMarks | null {
  const list = index.byNode[nodeId];
  if (!list?.length) return null;
  const kinds = [...new Set(list.map((f) => f.kind))];
  return { kinds, text: list.map(faultLine).join('\n') };
}

/** Faults that hit no node drawn now (a crash with no device, a released group), for a banner. */
export function strayFaults(m: Machine, drawn: ReadonlySet<string>): Fault[] {
  return m.faults.filter((f) => {
    const ids = [
      f.device && deviceId(f.device),
      f.domain && domainId(f.domain),
      f.group !== undefined && groupId(f.group),
    ];
    return !ids.some((id) => id && drawn.has(id));
  });
}
