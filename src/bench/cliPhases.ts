/**
 * Where the CLI's time goes, for `npm run bench`: the CLI's own work on a scenario file, phase by
 * phase, in a fresh process (as the CLI runs: nothing compiled or cached yet) — reading, parsing
 * and validating, then for each step the core, the snapshot and the writing of its part of the
 * answer — with the garbage collector's pauses counted per phase. Prints one JSON object.
 */
import { readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { ResultWriter } from '../cli/resultJson';
import { parseScenarioText } from '../cli/scenarioText';
import { tuneV8ForCli } from '../cli/v8Tuning';
import { applyStep, createMachine } from '../kernel/run';
import { snapshot } from '../kernel/snapshot';

export interface Phase {
  name: string;
  ms: number;
  /** Main-thread garbage collection within it. */
  gcMs: number;
}

const gcs: { start: number; ms: number }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcs.push({ start: e.startTime, ms: e.duration });
}).observe({ entryTypes: ['gc'] });

async function main(file: string): Promise<void> {
  tuneV8ForCli();
  const spans: { name: string; start: number; end: number }[] = [];
  const time = <T>(name: string, f: () => T): T => {
    const start = performance.now();
    const out = f();
    spans.push({ name, start, end: performance.now() });
    return out;
  };
  const text = time('read', () => readFileSync(file, 'utf8'));
  const t0 = performance.now();
  const parsed = await parseScenarioText(text);
  spans.push({ name: 'parse and validate', start: t0, end: performance.now() });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const s = parsed.scenario;
  const writer = new ResultWriter('iommu-sandbox/result@1', s.kernel);
  let m = time('power-on machine', () => createMachine(s));
  s.steps.forEach((step, i) => {
    const out = time(`${i} ${step.op}: core`, () => applyStep(m, step, { linesOnly: true, consumes: true }));
    m = out.machine;
    const state = time(`${i} ${step.op}: snapshot`, () => snapshot(m));
    time(`${i} ${step.op}: write`, () => {
      writer.step(step.op, out, out.events, false, state);
    });
  });
  time('end', () => writer.end(m.faults));
  // The observer reports after the current task.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const phases: Phase[] = spans.map(({ name, start, end }) => ({
    name,
    ms: end - start,
    gcMs: gcs.filter((g) => g.start >= start && g.start < end).reduce((a, g) => a + g.ms, 0),
  }));
  process.stdout.write(`${JSON.stringify(phases)}\n`);
}

const file = process.argv[2];
if (file) void main(file);
