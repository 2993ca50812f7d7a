/**
 * The timeline: a scenario's steps run one by one over the core, keeping the machine after each
 * step so any earlier step can be viewed. Pure functions; the zustand store holds the result.
 */
import { applyStep, createMachine } from '../kernel/run';
import type { KernelEvent, Machine, Scenario, Step } from '../kernel/types';

export interface StepRun {
  step: Step;
  machine: Machine;
  ok: boolean;
  error: string | null;
  events: KernelEvent[];
}

/** Run `steps` starting from `from` (the machine before the first of them). */
export function runSteps(from: Machine, steps: Step[]): StepRun[] {
  const out: StepRun[] = [];
  let m = from;
  for (const step of steps) {
    const r = applyStep(m, step);
    m = r.machine;
    out.push({ step, machine: m, ok: r.ok, error: r.error, events: r.events });
  }
  return out;
}

/** Run a whole scenario from power-on. */
export function runAll(s: Scenario): { initial: Machine; runs: StepRun[] } {
  const initial = createMachine(s);
  return { initial, runs: runSteps(initial, s.steps) };
}

/** The machine shown at `cursor` (-1: powered off). */
export function machineAt(initial: Machine, runs: StepRun[], cursor: number): Machine {
  return cursor < 0 ? initial : (runs[Math.min(cursor, runs.length - 1)]?.machine ?? initial);
}
