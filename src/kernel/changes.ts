/**
 * What a step changed, as its Tx saw it: the keys of the devices, groups and domains it wrote.
 * A snapshot of the new machine patches its predecessor's instead of redoing 20,000 devices
 * (snapshot.ts). Kept beside the machine (never in it: a Machine stays plain data).
 */
import type { DeviceState, Domain, Machine } from './types';

export interface StepChanges {
  /** The machine the step started from (weakly: a run must not keep every machine alive). */
  prev: WeakRef<Machine>;
  /** Devices written, added or removed; null when every device was replaced (a boot). */
  devices: ReadonlySet<string> | null;
  /** Groups written, created or released (by id); null when every group was replaced (a boot). */
  groups: ReadonlySet<number> | null;
  /** Domains written or allocated; null when the domains were reset (a boot). */
  domains: ReadonlySet<string> | null;
  /**
   * What each device the step replaced, added or removed was before it (undefined: absent); a
   * device not listed is as it was. Read instead of the previous machine's record, which a step
   * that consumes its machine (run.ts) wrote in place.
   */
  devicesBefore: ReadonlyMap<string, DeviceState | undefined>;
  /** The same for domains. */
  domainsBefore: ReadonlyMap<string, Domain | undefined>;
}

const changesOf = new WeakMap<Machine, StepChanges>();

export function recordChanges(m: Machine, changes: StepChanges): void {
  changesOf.set(m, changes);
}

export function stepChanges(m: Machine): StepChanges | undefined {
  return changesOf.get(m);
}

/** A machine that is its predecessor one step later (a refused step) changed nothing. */
export function recordNoChanges(prev: Machine, m: Machine): void {
  changesOf.set(m, {
    prev: new WeakRef(prev),
    devices: new Set(),
    groups: new Set(),
    domains: new Set(),
    devicesBefore: new Map(),
    domainsBefore: new Map(),
  });
}
