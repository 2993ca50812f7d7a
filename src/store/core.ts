/**
 * The simulation core, loaded on demand: the page opens on the default machine's precomputed run
 * (defaultRun.ts) and fetches the core's code after the first paint, or as soon as an action needs
 * it. The store's actions wait for it rather than fail (sandbox.ts).
 */
import type { Scenario } from '../kernel/types';
import { isDefaultRun, knownRun } from './defaultRun';
import type * as Timeline from './timeline';
import type { Run } from './timeline';

type Core = typeof Timeline;

let core: Core | null = null;
let loading: Promise<Core> | null = null;

/** Loads the core (once; a failed download is tried again on the next call). */
export function loadCore(): Promise<Core> {
  loading ??= import('./timeline').then(
    (m) => {
      core = m;
      return m;
    },
    (e: unknown) => {
      loading = null;
      throw e;
    },
  );
  return loading;
}

/** The core, if it has loaded. */
export const coreNow = (): Core | null => core;

/** Whether `runNow(s)` can answer without waiting for the core. */
export const canRunNow = (s: Scenario): boolean => core !== null || isDefaultRun(s);

/** The run of `s`, precomputed or by the loaded core; null while only the core could give it. */
export function runNow(s: Scenario): Run | null {
  return knownRun(s) ?? core?.runAll(s) ?? null;
}

/** Resolves once `runNow(s)` answers (at once for the default machine). */
export async function readyFor(s: Scenario): Promise<void> {
  if (!canRunNow(s)) await loadCore();
}
