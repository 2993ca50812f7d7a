/**
 * Which kernel functions made a difference, read from what each world's step did (its events and
 * faults), never assumed: the function that picks a group's type is request_default_domain_for_dev
 * in 5.3 and iommu_group_alloc_default_domain from 5.8, and a review table that names the wrong
 * one is not worth reading.
 */

import type { StateSnapshot, StepResult } from '../kernel/result';
import type { Fault } from '../kernel/types';

/** One world at one step: its answer, the state before it, and the run's faults (each carries its step). */
export interface WorldStep {
  step: StepResult;
  prev: StateSnapshot | null;
  faults: readonly Fault[];
  index: number;
}

const distinct = (fns: readonly string[]): string[] => [...new Set(fns)];

/**
 * In one world's step, what set each device's group type: its domain and sysfs events about the
 * group's members, the group, or its default domain (now, or the one a type change replaced and
 * freed in the step), in the order they happened. Built once per step (a boot has thousands of
 * groups), then asked per device.
 */
export function typeCauses({ step, prev }: WorldStep): (bdf: string) => string[] {
  const byDevice = new Map<string, number[]>();
  const byGroup = new Map<number, number[]>();
  const byDomain = new Map<string, number[]>();
  const add = <K>(m: Map<K, number[]>, k: K | undefined, i: number) => {
    if (k === undefined) return;
    const list = m.get(k);
    if (list) list.push(i);
    else m.set(k, [i]);
  };
  step.events.forEach((e, i) => {
    if (e.kind !== 'domain' && e.kind !== 'sysfs') return;
    add(byDevice, e.device, i);
    add(byGroup, e.group, i);
    add(byDomain, e.domain, i);
  });
  // The shared si_domain was allocated at init for everyone: not one group's cause.
  const si = new Set(step.state.domains.filter((d) => d.name === 'si_domain').map((d) => d.id));
  const groupOf = new Map(step.state.groups.flatMap((g) => g.devices.map((d) => [d, g] as const)));
  const before = new Map((prev?.groups ?? []).flatMap((g) => g.devices.map((d) => [d, g] as const)));
  const memo = new Map<string, string[]>();
  return (bdf) => {
    const g = groupOf.get(bdf);
    if (!g) return [];
    const was = before.get(bdf);
    const replaced = was && was.id === g.id ? was.defaultDomain : null;
    const key = `${g.id} ${replaced}`;
    const known = memo.get(key);
    if (known) return known;
    const at = new Set([
      ...g.devices.flatMap((d) => byDevice.get(d) ?? []),
      ...(byGroup.get(g.id) ?? []),
      ...[g.defaultDomain, replaced].flatMap((d) =>
        d !== null && !si.has(d) ? (byDomain.get(d) ?? []) : [],
      ),
    ]);
    const fns = distinct([...at].sort((x, y) => x - y).map((i) => step.events[i]!.fn));
    memo.set(key, fns);
    return fns;
  };
}

// Faults that a domain's allocation or free is itself (a DMA fault in it is not).
const LIFETIME_FAULTS: ReadonlySet<Fault['kind']> = new Set(['use-after-free', 'double-free', 'leak']);

/**
 * What allocated or freed each domain in one world's step: its domain events, then its faults
 * about the domain's life, by domain id (built once per step: a boot allocates thousands).
 */
export function domainCauses({ step, faults, index }: WorldStep): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (id: string | undefined, fn: string) => {
    if (id === undefined) return;
    const fns = out.get(id);
    if (!fns) out.set(id, [fn]);
    else if (!fns.includes(fn)) fns.push(fn);
  };
  for (const e of step.events) if (e.kind === 'domain') add(e.domain, e.fn);
  for (const f of faults) if (f.step === index && LIFETIME_FAULTS.has(f.kind)) add(f.domain, f.fn);
  return out;
}

/**
 * What changed each device's context or hit its DMA in one world's step: its attach and detach
 * events, then its DMA faults, by device (built once per step, as domainCauses is). A DMA or
 * driver-view difference is a consequence; these name the step's functions that made it, and
 * nothing when it came from an earlier step.
 */
export function deviceCauses({ step, faults, index }: WorldStep): {
  context: Map<string, string[]>;
  dma: Map<string, string[]>;
} {
  const context = new Map<string, string[]>();
  const add = (to: Map<string, string[]>, bdf: string | undefined, fn: string) => {
    if (bdf === undefined) return;
    const fns = to.get(bdf);
    if (!fns) to.set(bdf, [fn]);
    else if (!fns.includes(fn)) fns.push(fn);
  };
  for (const e of step.events) if (e.kind === 'attach') add(context, e.device, e.fn);
  // The DMA row also names the fault that shows it; the driver's view is the context alone.
  const dma = new Map([...context].map(([bdf, fns]) => [bdf, [...fns]]));
  for (const f of faults) if (f.step === index && f.kind === 'dma-fault') add(dma, f.device, f.fn);
  return { context, dma };
}

/**
 * In one world, how these devices were grouped. A device in a group in one world and in none in
 * the other: the group events that added or removed it at this step. Both in groups, split
 * differently: a device_group callback that broke isolation (v3's) said so in a fault when it
 * placed the device, at this step or before; otherwise the split is pci_device_group's (aliases,
 * ACS, functions).
 */
export function partitionCauses(
  { step, faults, index }: WorldStep,
  devices: readonly string[],
  grouplessSide: boolean,
): string[] {
  const listed = new Set(devices);
  const on = (d?: string) => d !== undefined && listed.has(d);
  if (grouplessSide)
    return distinct(step.events.filter((e) => e.kind === 'group' && on(e.device)).map((e) => e.fn));
  const splitters = faults
    .filter(
      (f) =>
        f.step <= index && f.kind === 'isolation-broken' && f.fn.endsWith('_device_group') && on(f.device),
    )
    .map((f) => f.fn);
  return splitters.length ? distinct(splitters) : ['pci_device_group'];
}
