/**
 * What a step changed, as its Tx saw it: the keys of the devices, groups and domains it wrote.
 * A snapshot of the new machine patches its predecessor's instead of redoing 20,000 devices
 * (snapshot.ts). Kept beside the machine (never in it: a Machine stays plain data).
 */
import type { DeviceState, Domain, Machine } from './types';

export interface StepChanges {
  /** The machine the step started from (weakly: a run must not keep every machine alive). */
  prev: WeakRef<Machine>;
  /**
   * Devices written, added or removed, each with what it was before the step (undefined: absent);
   * null when every device was replaced (a boot). What a snapshot reads instead of the previous
   * machine's record, which a step that consumes its machine (run.ts) wrote in place.
   */
  devices: ReadonlyMap<string, DeviceState | undefined> | null;
  /** Groups written, created or released (by id); null when every group was replaced (a boot). */
  groups: ReadonlySet<number> | null;
  /** Domains written or allocated, each with what it was before; null when they were reset. */
  domains: ReadonlyMap<string, Domain | undefined> | null;
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
    devices: new Map(),
    groups: new Set(),
    domains: new Map(),
  });
}
