/**
 * `npm run bench`: the core on generated machines of 2,000, 20,000 and 200,000 devices — boot and
 * each later step — and the CLI against the cost of only reading its input and writing its answer.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyStep, createMachine } from '../kernel/run';
import { snapshot } from '../kernel/snapshot';
import { generateScenario } from './generate';

const ms = (t: number) => `${t.toFixed(1)} ms`;

function timeSteps(n: number, kernel: 'v6.1' | 'v5.3' | 'v5.1') {
  const s = generateScenario(n, kernel);
  let m = createMachine(s);
  const rows: [string, number][] = [];
  for (const step of s.steps) {
    const t0 = performance.now();
    const out = applyStep(m, step);
    snapshot(out.machine);
    rows.push([step.op, performance.now() - t0]);
    m = out.machine;
  }
  return { devices: s.devices.length, rows };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timeProcess(args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  }
  return median(times);
}

export function main(cliBundle: string): void {
  const totals: Record<number, number> = {};
  for (const kernel of ['v6.1', 'v5.3', 'v5.1'] as const)
    for (const n of [2_000, 20_000, 200_000]) {
      const { devices, rows } = timeSteps(n, kernel);
      const total = rows.reduce((a, [, t]) => a + t, 0);
      if (kernel === 'v6.1') totals[n] = total;
      console.log(
        `${kernel} ${devices} devices: ${rows.map(([op, t]) => `${op} ${ms(t)}`).join(', ')}; total ${ms(total)}`,
      );
    }
  const ratio = totals[20_000]! / totals[2_000]!;
  console.log(`scaling (v6.1, all steps): 20,000 devices cost ${ratio.toFixed(1)}x 2,000 (budget 10x)`);

  const dir = mkdtempSync(join(tmpdir(), 'iommu-bench-'));
  const file = join(dir, 'scenario.json');
  writeFileSync(file, JSON.stringify(generateScenario(20_000)));
  const answer = spawnSync(process.execPath, [cliBundle, file], { maxBuffer: 1 << 30 });
  const size = answer.stdout.length;
  const baseline = join(dir, 'baseline.mjs');
  writeFileSync(
    baseline,
    `import { readFileSync } from 'node:fs';\nreadFileSync(process.argv[2], 'utf8');\nprocess.stdout.write('x'.repeat(${size}));\n`,
  );
  readFileSync(file);
  const cli = timeProcess([cliBundle, file], 5);
  const base = timeProcess([baseline, file], 5);
  console.log(
    `CLI on 20,000 devices: ${ms(cli)} vs reading the file and writing ${(size / 1e6).toFixed(1)} MB: ${ms(base)} = ${(cli / base).toFixed(2)}x (budget 3x)`,
  );
}
