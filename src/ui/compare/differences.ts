/**
 * The differences between the two worlds of compare mode, from the stores' step runs (no second
 * run of the core), computed once per pair of timelines whichever panel asks first.
 */
import { useStore } from 'zustand';
import { compareRuns, type Difference, newAt } from '../../compare/diff';
import { resultEvents, stepAnswer } from '../../kernel/run';
import { snapshot } from '../../kernel/snapshot';
import type { KernelId, RunResult } from '../../kernel/types';
import { rightWorld, useSandbox } from '../../store';
import type { StepRun } from '../../store/timeline';

/** The result format of a timeline (what compareRuns reads). */
export function runResultOf(kernel: KernelId, runs: StepRun[]): RunResult {
  return {
    format: 'iommu-sandbox/result@1',
    kernel,
    steps: runs.map((r) => ({
      op: r.step.op,
      ...stepAnswer(r),
      events: resultEvents(r.events),
      state: snapshot(r.machine),
    })),
    // A machine carries every fault so far; compareRuns picks each step's own.
    faults: runs[runs.length - 1]?.machine.faults ?? [],
  };
}

const cache = new WeakMap<StepRun[], WeakMap<StepRun[], Difference[]>>();

/** Every difference between two timelines of the same steps, memoised on the two run lists. */
export function differencesOf(
  left: StepRun[],
  right: StepRun[],
  kernels: [KernelId, KernelId],
): Difference[] {
  let byRight = cache.get(left);
  if (!byRight) {
    byRight = new WeakMap();
    cache.set(left, byRight);
  }
  let diffs = byRight.get(right);
  if (!diffs) {
    diffs = compareRuns(runResultOf(kernels[0], left), runResultOf(kernels[1], right));
    byRight.set(right, diffs);
  }
  return diffs;
}

/** A difference's identity across steps (the same difference persisting keeps its key). */
export const diffKey = (d: Difference) => `${d.kind}|${d.devices.join(',')}|${d.left}|${d.right}`;

/** Every difference of the comparison on screen. */
export function useDifferences(): Difference[] {
  const left = useSandbox((s) => s.runs);
  const right = useStore(rightWorld, (s) => s.runs);
  const lk = useSandbox((s) => s.scenario.kernel);
  const rk = useStore(rightWorld, (s) => s.scenario.kernel);
  return differencesOf(left, right, [lk, rk]);
}

/** A difference at the viewed step, and whether it appeared at this step. */
export interface StepDifference {
  diff: Difference;
  key: string;
  isNew: boolean;
}

/** The differences at a step, those new at it first. */
export function atStep(all: Difference[], step: number): StepDifference[] {
  const fresh = new Set(newAt(all, step));
  return all
    .filter((d) => d.step === step)
    .map((diff) => ({ diff, key: diffKey(diff), isNew: fresh.has(diff) }))
    .sort((a, b) => Number(b.isNew) - Number(a.isNew));
}

/**
 * The steps where differences appear (new at them, see newAt), each with how many do, in order:
 * a difference carried over from the step before tells the reader nothing about where things change.
 */
export function newByStep(all: Difference[]): [step: number, count: number][] {
  const byStep = new Map<number, Difference[]>();
  for (const d of all) {
    const list = byStep.get(d.step);
    if (list) list.push(d);
    else byStep.set(d.step, [d]);
  }
  // newAt needs only the step and the one before it: not the whole list again for each step.
  return [...byStep.keys()]
    .sort((a, b) => a - b)
    .map((s): [number, number] => [s, newAt([...(byStep.get(s - 1) ?? []), ...byStep.get(s)!], s).length])
    .filter(([, n]) => n > 0);
}

/** The first step where the two worlds differ (0 when they never do). */
export const firstDifference = (all: Difference[]): number => newByStep(all)[0]?.[0] ?? 0;
