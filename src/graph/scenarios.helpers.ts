/**
 * Test helpers of the graph: the machines a scenario file goes through (the machine after each
 * step), from the shared example scenarios or the library.
 */
import { readFileSync } from 'node:fs';
import { loadScenario } from '../kernel/examples.helpers';
import { applyStep, createMachine } from '../kernel/run';
import type { Machine, Scenario } from '../kernel/types';

/** The machine after every step of a scenario (index = step index). */
export function machinesOf(s: Scenario): Machine[] {
  const out: Machine[] = [];
  let m = createMachine(structuredClone(s));
  for (const step of s.steps) {
    m = applyStep(m, step).machine;
    out.push(m);
  }
  return out;
}

/** The machines of an example file in scenarios/examples/. */
export const exampleMachines = (file: string) => machinesOf(loadScenario(file));

/** The machines of a library scenario (scenarios/library/<name>.json). */
export function libraryMachines(name: string): Machine[] {
  const url = new URL(`../../scenarios/library/${name}.json`, import.meta.url);
  return machinesOf(JSON.parse(readFileSync(url, 'utf8')) as Scenario);
}

/** The machines of QEMU's q35 machine (scenarios/library/default-q35.json). */
export const q35Machines = () => libraryMachines('default-q35');
