/**
 * The timeline: a scenario's steps run one by one over the core, keeping the machine after each
 * step so any earlier step can be viewed. Pure functions; the zustand store holds the result.
 * This module is the core's entry for the page, which loads it lazily (src/store/core.ts).
 */
import { applyStep, createMachine, stepAnswer } from '../kernel/run';
import type { KernelEvent, Machine, Scenario, Step } from '../kernel/types';

// Boot's renaming after a kernel runs with the core loaded: here it stays out of the first load.
export { descriptionOnKernel, nameOnKernel } from './scenarioName';

export interface StepRun {
  step: Step;
  machine: Machine;
  ok: boolean;
  error: string | null;
  /** A refused step's: the kernel function that answered (the result format's errorFn). */
  errorFn?: string;
  /** `sandbox` when the refusal is the sandbox's own. */
  errorBy?: 'sandbox';
  events: KernelEvent[];
}

/** A scenario's run: the machine at power-on and after every step. */
export interface Run {
  initial: Machine;
  runs: StepRun[];
}

/** Run `steps` starting from `from` (the machine before the first of them). */
export function runSteps(from: Machine, steps: Step[]): StepRun[] {
  const out: StepRun[] = [];
  let m = from;
  for (const step of steps) {
    const r = applyStep(m, step);
    m = r.machine;
    out.push({ step, machine: m, ...stepAnswer(r), events: r.events });
  }
  return out;
}

/** Run a whole scenario from power-on. */
export function runAll(s: Scenario): Run {
  const initial = createMachine(s);
  return { initial, runs: runSteps(initial, s.steps) };
}
