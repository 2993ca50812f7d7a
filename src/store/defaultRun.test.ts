import { describe, expect, it } from 'vitest';
import { runModule } from '../../scripts/precomputed-run';
import type { Scenario } from '../kernel/types';
import { defaultScenario, knownRun } from './defaultRun';
import { runAll, runSteps } from './timeline';

/**
 * A value as plain data where sharing shows: an object met again is `{ $ref: n }`, an object of
 * the scenario `s` is `{ $s: path }`. Two runs with equal shapes are the same data shared the same way.
 */
function shape(value: unknown, s: Scenario): unknown {
  const inScenario = new Map<object, string>();
  const mark = (v: unknown, path: string) => {
    if (typeof v !== 'object' || v === null || inScenario.has(v)) return;
    inScenario.set(v, path);
    for (const [k, c] of Object.entries(v)) mark(c, `${path}.${k}`);
  };
  mark(s, 's');
  const seen = new Map<object, number>();
  const walk = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v === undefined ? { $undefined: true } : v;
    const path = inScenario.get(v);
    if (path) return { $s: path };
    const n = seen.get(v);
    if (n !== undefined) return { $ref: n };
    seen.set(v, seen.size);
    return Array.isArray(v)
      ? v.map(walk)
      : Object.fromEntries(Object.entries(v).map(([k, c]) => [k, walk(c)]));
  };
  return walk(value);
}

describe('the default machine, run at build time', () => {
  it('is what the core computes, shared the way the core shares it', () => {
    const s = defaultScenario();
    const t = defaultScenario();
    expect(shape(knownRun(s), s)).toEqual(shape(runAll(t), t));
  });

  it('gives the run of the first steps, and nothing for another machine', () => {
    const s = defaultScenario();
    for (const n of [0, 1]) {
      const first = { ...s, steps: s.steps.slice(0, n) };
      expect(shape(knownRun(first), first)).toEqual(shape(runAll(first), first));
    }
    // Key order does not matter (a validated share link reorders keys); content does.
    const reordered = Object.fromEntries(Object.entries(s).reverse()) as unknown as Scenario;
    expect(knownRun(reordered)?.runs).toHaveLength(s.steps.length);
    expect(knownRun({ ...s, cmdline: 'iommu=pt' })).toBeNull();
    expect(knownRun({ ...s, steps: [...s.steps, { op: 'rescan' }] })).toBeNull();
  });

  it('is a machine the core goes on from as from its own', () => {
    const s = defaultScenario();
    const known = knownRun(s)!;
    const real = runAll(s);
    const steps: Scenario['steps'] = [
      { op: 'hot-remove', device: '03:00.0' },
      { op: 'crash' },
      { op: 'rescan' },
    ];
    expect(runSteps(known.runs.at(-1)!.machine, steps)).toEqual(runSteps(real.runs.at(-1)!.machine, steps));
  });
});

describe('runModule', () => {
  const load = async (code: string) =>
    (await import(`data:text/javascript,${encodeURIComponent(code)}`)) as {
      scenario: unknown;
      build(s: unknown): unknown;
    };

  it('keeps shared objects shared, the scenario’s own objects and the odd numbers', async () => {
    const s = { devices: [{ bdf: '00:00.0' }] };
    const shared = { n: -0, u: undefined, big: Number.POSITIVE_INFINITY };
    const mod = await load(runModule(s, { a: shared, b: [shared], dev: s.devices[0] }));
    expect(mod.scenario).toEqual(s);
    const other = structuredClone(s);
    const out = mod.build(other) as { a: typeof shared; b: (typeof shared)[]; dev: unknown };
    expect(out.a).toBe(out.b[0]);
    expect(out.dev).toBe(other.devices[0]);
    expect(Object.is(out.a.n, -0)).toBe(true);
    expect('u' in out.a).toBe(true);
    expect(out.a.big).toBe(Number.POSITIVE_INFINITY);
  });

  it('refuses what is not plain data', () => {
    expect(() => runModule({}, { m: new Map() })).toThrow('value.m: Map is not plain data');
  });
});
