/**
 * A `linesOnly` run (the CLI without --explain, dmesg) words no explanations, but it is the same
 * run: every step of every worked example gives the same answer, the same kernel lines and the
 * same machine, less the sentences of why.
 */
import { describe, expect, it } from 'vitest';
import { exampleFiles, loadScenario } from './examples.helpers';
import { applyStep, createMachine } from './run';
import { fullSnapshot } from './snapshot';
import type { KernelEvent, Machine } from './types';

// The machine without its teaching sentences, which linesOnly leaves empty.
function facts(m: Machine) {
  const devices = Object.values(m.devices).map(({ groupWhy: _why, ...d }) => d);
  return { ...m, devices, snapshot: fullSnapshot(m) };
}

const line = ({ why: _why, ...e }: KernelEvent) => e;

describe('linesOnly runs', () => {
  for (const file of exampleFiles()) {
    it(`${file}: the same steps, lines and machines as a full run`, () => {
      const s = loadScenario(file);
      let full = createMachine(s);
      let lines = createMachine(structuredClone(s));
      s.steps.forEach((step, i) => {
        const a = applyStep(full, step);
        const b = applyStep(lines, step, { linesOnly: true });
        const where = `${file} step ${i} (${step.op})`;
        expect(b.ok, where).toBe(a.ok);
        expect(b.error, where).toBe(a.error);
        expect(b.events.map(line), where).toEqual(a.events.filter((e) => !e.silent).map(line));
        // What the CLI writes as events[]: kernel lines only, no sandbox notes among them.
        expect(
          b.events.filter((e) => e.prefix === 'sandbox').map((e) => e.message),
          where,
        ).toEqual([]);
        expect(facts(b.machine), where).toEqual(facts(a.machine));
        full = a.machine;
        lines = b.machine;
      });
    });
  }
});
