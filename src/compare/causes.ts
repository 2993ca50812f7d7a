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

const groupsOf = (state: StateSnapshot, devices: readonly string[]) =>
  state.groups.filter((g) => g.devices.some((d) => devices.includes(d)));

/** Domain and sysfs events about these devices, their groups' members or those groups' default domains. */
export function typeCauses(worlds: readonly WorldStep[], devices: readonly string[]): string[] {
  return distinct(
    worlds.flatMap(({ step, prev }) => {
      const groups = groupsOf(step.state, devices);
      const ids = new Set(groups.map((g) => g.id));
      // The default a type change replaced counts too (a sysfs write frees it in the same step).
      const before = prev ? groupsOf(prev, devices).filter((g) => ids.has(g.id)) : [];
      // A group's type follows any member's need (a request for the whole group, a vendor hook).
      const members = new Set([...devices, ...groups.flatMap((g) => g.devices)]);
      const si = new Set(step.state.domains.filter((d) => d.name === 'si_domain').map((d) => d.id));
      // The shared si_domain was allocated at init for everyone: not this group's cause.
      const defaults = new Set(
        [...groups, ...before].map((g) => g.defaultDomain).filter((d) => d !== null && !si.has(d)),
      );
      return step.events
        .filter(
          (e) =>
            (e.kind === 'domain' || e.kind === 'sysfs') &&
            ((e.device !== undefined && members.has(e.device)) ||
              (e.group !== undefined && ids.has(e.group)) ||
              (e.domain !== undefined && defaults.has(e.domain))),
        )
        .map((e) => e.fn);
    }),
  );
}

// Faults that a domain's allocation or free is itself (a DMA fault in it is not).
const LIFETIME_FAULTS: ReadonlySet<Fault['kind']> = new Set(['use-after-free', 'double-free', 'leak']);

/** What allocated or freed these domain ids in one world's step: its domain events, then its faults. */
export function domainCauses({ step, faults, index }: WorldStep, ids: ReadonlySet<string>): string[] {
  const about = (d?: string) => d !== undefined && ids.has(d);
  return distinct([
    ...step.events.filter((e) => e.kind === 'domain' && about(e.domain)).map((e) => e.fn),
    ...faults
      .filter((f) => f.step === index && LIFETIME_FAULTS.has(f.kind) && about(f.domain))
      .map((f) => f.fn),
  ]);
}

/**
 * A device in a group in one world and in none in the other: the group events that added or
 * removed it. Both in groups, split differently: a device_group callback that broke isolation
 * (v3's) said so in a fault when it placed the device, at this step or before; otherwise the split
 * is pci_device_group's (aliases, ACS, functions).
 */
export function partitionCauses(
  worlds: readonly WorldStep[],
  devices: readonly string[],
  grouplessSide: boolean,
): string[] {
  const on = (d?: string) => d !== undefined && devices.includes(d);
  if (grouplessSide)
    return distinct(
      worlds.flatMap(({ step }) =>
        step.events.filter((e) => e.kind === 'group' && on(e.device)).map((e) => e.fn),
      ),
    );
  const splitters = worlds.flatMap(({ faults, index }) =>
    faults
      .filter(
        (f) =>
          f.step <= index && f.kind === 'isolation-broken' && f.fn.endsWith('_device_group') && on(f.device),
      )
      .map((f) => f.fn),
  );
  return splitters.length ? distinct(splitters) : ['pci_device_group'];
}
