/**
 * The machine the page opens on, with its run computed when the page is built (see
 * scripts/precomputed-run.ts): the page shows it booted at once, before the core's code has loaded.
 */
/// <reference path="./run.d.ts" />

import { build, scenario } from '../../scenarios/library/laptop.v6.1.json?run';
import type { Scenario } from '../kernel/types';
import type { Run } from './timeline';

/** The library id of the scenario the page opens on (the file imported above). */
export const DEFAULT_ID = 'library/laptop.v6.1';

/** The machine the page opens on: booted by its first step. */
export function defaultScenario(): Scenario {
  return structuredClone(scenario);
}

/** Equal as JSON data: key order and keys holding `undefined` do not matter. */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return (
    ka.length === kb.length &&
    ka.every((k) => sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

/** Whether `s` is the default machine with the first steps (or all) of its scenario. */
export function isDefaultRun(s: Scenario): boolean {
  const { steps, ...rest } = s;
  const { steps: all, ...base } = scenario;
  return steps.length <= all.length && steps.every((st, i) => sameData(st, all[i])) && sameData(rest, base);
}

/** The run of `s` without the core, if `s` is the default machine up to some step; else null. */
export function knownRun(s: Scenario): Run | null {
  if (!isDefaultRun(s)) return null;
  // build() takes the steps it does not run from the file: a machine never refers to a later step.
  const { initial, runs } = build({ ...s, steps: [...s.steps, ...scenario.steps.slice(s.steps.length)] });
  return { initial, runs: runs.slice(0, s.steps.length) };
}
