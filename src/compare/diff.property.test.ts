/**
 * Invariants of a comparison over random machines, steps and pairs of kernels: a world alone
 * shows no difference, each world's "via" names only its own kernel's functions, a changed
 * partition is one row per set of devices, and a dead kernel is compared by its answers only.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomScenarioArb } from '../kernel/randomScenario.helpers';
import { runScenario } from '../kernel/run';
import { KERNELS, type RunResult } from '../kernel/types';
import { compareRuns } from './diff';
import { withConfig } from './variant';

const pairArb = fc.tuple(randomScenarioArb, fc.constantFrom(...KERNELS));

/** Every function a run's events, answers and faults name up to and including step `i`. */
function namedBy(run: RunResult, i: number): Set<string> {
  const steps = run.steps.slice(0, i + 1);
  const out = new Set([
    ...steps.flatMap((s) => s.events.map((e) => e.fn)),
    ...steps.flatMap((s) => s.errorFn ?? []),
  ]);
  for (const f of run.faults) if (f.step <= i) out.add(f.fn);
  return out;
}

describe('comparison invariants', () => {
  it('a configuration against itself differs nowhere', () => {
    fc.assert(
      fc.property(randomScenarioArb, (s) => {
        const r = runScenario(s);
        expect(compareRuns(r, runScenario(s))).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it("each world's via names functions its own run recorded (or pci_device_group, which always groups)", () => {
    fc.assert(
      fc.property(pairArb, ([s, kernel]) => {
        const left = runScenario(s);
        const right = runScenario(withConfig(s, { kernel }));
        for (const d of compareRuns(left, right))
          for (const [side, run] of [
            ['left', left],
            ['right', right],
          ] as const) {
            const known = namedBy(run, d.step);
            for (const fn of d.via[side])
              if (fn !== 'pci_device_group')
                expect(
                  known.has(fn),
                  `step ${d.step} ${d.kind}: ${side} via ${fn} (${s.kernel} vs ${kernel})`,
                ).toBe(true);
          }
      }),
      { numRuns: 60 },
    );
  });

  it('each device whose group differs is in exactly one partition row; a dead world adds answer rows only', () => {
    fc.assert(
      fc.property(pairArb, ([s, kernel]) => {
        const runs = [runScenario(s), runScenario(withConfig(s, { kernel }))] as const;
        const diffs = compareRuns(...runs);
        runs[0].steps.forEach((_, i) => {
          // No kernel ran after the step before, and this one starts none.
          const dead = runs.some((r) => {
            const st = r.steps[i]!;
            const starts = st.ok && !st.panicked && (st.op === 'boot' || st.op === 'crash');
            return r.steps[i - 1]?.panicked === true && !starts;
          });
          const here = diffs.filter((d) => d.step === i);
          if (dead) {
            expect(here.every((d) => d.kind === 'error')).toBe(true);
            return;
          }
          const [gl, gr] = runs.map((r) => {
            const m = new Map<string, string>();
            for (const g of r.steps[i]!.state.groups)
              for (const d of g.devices) m.set(d, [...g.devices].sort().join());
            return m;
          }) as [Map<string, string>, Map<string, string>];
          const moved = [...new Set([...gl.keys(), ...gr.keys()])].filter((d) => gl.get(d) !== gr.get(d));
          const listed = here.filter((d) => d.kind === 'partition').flatMap((d) => d.devices);
          expect(new Set(listed).size).toBe(listed.length);
          for (const d of moved) expect(listed, `step ${i}: ${d}`).toContain(d);
        });
      }),
      { numRuns: 60 },
    );
  });
});
