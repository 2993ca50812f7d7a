/**
 * Input checks that follow the steps: a step that names a device must name one the machine has
 * had by that point (in `devices`, or hot-added before). Whether it is still there is the run's
 * answer (-ENODEV), as whether a group exists is: a hot-remove can be refused (a device user
 * space holds, a dead kernel), so the file cannot say. The tree a hot-add must fit is the one
 * the steps leave if every hot-remove succeeds (rescan and boot bring removed devices back).
 */

import type { Topology } from '../kernel/topology';
import { checkTopology, type TopologyProblem } from '../kernel/topologyCheck';
import type { DeviceSpec, Scenario } from '../kernel/types';
import { Present, type Where } from './present';

/** Joins a device-relative field to a path: `devices[2]` + `aliases[0]` → `devices[2].aliases[0]`. */
export function fieldPath(base: string, field: string): string {
  if (!field) return base;
  return field.startsWith('[') ? `${base}${field}` : `${base}.${field}`;
}

/** A topology message as a problem line's message: checkTopology writes sentences, lines carry no final stop. */
export function topologyMessage(p: TopologyProblem): string {
  // After `path: `, as the other problems read: no capital (unless a name: "PCIe"), no full stop.
  return p.message.replace(/\.$/, '').replace(/^[A-Z](?=[a-z]+\b)/, (c) => c.toLowerCase());
}

/**
 * Problems with device references in `s.steps`; BDFs are expected canonical already, and the
 * device list a sound tree, `topo` its topology.
 */
export function checkStepReferences(s: Scenario, topo: Topology): string[] {
  const problems: string[] = [];
  const present = new Present(s.devices, topo);
  // Removed devices, in removal order (what rescan brings back).
  const removed = new Map<string, Where>();

  const requirePresent = (i: number, bdf: string): boolean => {
    if (present.has(bdf)) return true;
    if (!removed.has(bdf)) problems.push(`steps[${i}].device: no device ${bdf} in the topology`);
    return false;
  };

  const bringBack = () => {
    for (const [bdf, w] of removed) present.add(bdf, { spec: w.spec, origin: w.origin });
    removed.clear();
  };

  s.steps.forEach((step, i) => {
    switch (step.op) {
      case 'bind':
      case 'unbind':
      case 'dma':
      case 'request-domain':
        requirePresent(i, step.device);
        break;
      case 'hot-remove':
        if (requirePresent(i, step.device)) {
          for (const bdf of subtree(present, step.device)) {
            removed.delete(bdf);
            removed.set(bdf, present.get(bdf)!);
            present.delete(bdf);
          }
        }
        break;
      case 'hot-add':
        problems.push(...checkHotAdd(i, step.device, present));
        if (!present.has(step.device.bdf)) {
          // A new device at a removed device's address replaces it: rescan cannot bring the old one back.
          removed.delete(step.device.bdf);
          present.add(step.device.bdf, { spec: step.device, origin: `steps[${i}].device` });
        }
        break;
      case 'rescan':
        bringBack();
        break;
      case 'boot':
      case 'crash':
        // A kernel that boots enumerates the bus afresh, and finds devices that were only removed in software.
        bringBack();
        break;
      default:
        break;
    }
  });
  return problems;
}

/** The device and every device below it, deepest first (the order /sys/.../remove takes them). */
function subtree(present: Present, root: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (bdf: string) => {
    if (seen.has(bdf)) return;
    seen.add(bdf);
    for (const c of present.children(bdf)) visit(c);
    out.push(bdf);
  };
  visit(root);
  return out;
}

function problemKey(p: TopologyProblem): string {
  return `${p.index}\u0000${p.field}\u0000${p.message}`;
}

/** A hot-added device must take a free address and fit the tree as it is at that step. */
function checkHotAdd(i: number, spec: DeviceSpec, present: Present): string[] {
  const base = `steps[${i}].device`;
  const taken = present.get(spec.bdf);
  if (taken) return [`${base}.bdf: ${spec.bdf} is already in the topology (${present.originText(taken)})`];
  const list = present.specs();
  const after = checkTopology([...list, spec]);
  if (after.length === 0) return [];
  const before = new Set(checkTopology(list).map(problemKey));
  return after
    .filter((p) => !before.has(problemKey(p)))
    .map((p) =>
      p.index === list.length
        ? `${fieldPath(base, p.field)}: ${topologyMessage(p)}`
        : `${base}: ${topologyMessage(p)}`,
    );
}
