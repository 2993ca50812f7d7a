/**
 * The CLI against a baseline that only reads the same scenario file and writes an answer of the
 * same size (budget: 3×). Both run as fresh processes with stdout on /dev/null, alternately, and
 * the medians are compared, so a busy machine slows both alike.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Phase } from './cliPhases';
import { generateScenario } from './generate';

export interface CliFigures {
  devices: number;
  /** Where the CLI's own time goes (cliPhases.ts), medians per phase; absent without its bundle. */
  phases?: Phase[];
  /** Size of the CLI's answer, bytes. */
  bytes: number;
  /** Medians, ms. */
  cli: number;
  baseline: number;
  ratio: number;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function run(args: string[], stdout: number | 'ignore'): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', stdout, 'inherit'] });
  const t = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.status ?? r.signal}`);
  return t;
}

// The baseline: read the file as the CLI does, write `size` bytes of text. In strings of at most
// 256 MiB: the answer for 200,000 devices is longer than V8's longest string.
const BASELINE = `import { readFileSync } from 'node:fs';
readFileSync(process.argv[2], 'utf8');
let left = Number(process.argv[3]);
const most = 2 ** 28;
const big = 'x'.repeat(Math.min(left, most));
while (left > 0) {
  process.stdout.write(left >= big.length ? big : big.slice(0, left));
  left -= big.length;
}
`;

// cliPhases.ts in `runs` fresh processes: each phase's median.
function phases(bundle: string, file: string, runs: number): Phase[] {
  const all: Phase[][] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, [bundle, file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (r.status !== 0) throw new Error(`node ${bundle} exited with ${r.status ?? r.signal}`);
    all.push(JSON.parse(r.stdout) as Phase[]);
  }
  return all[0]!.map((p, i) => ({
    name: p.name,
    ms: median(all.map((run) => run[i]!.ms)),
    gcMs: median(all.map((run) => run[i]!.gcMs)),
  }));
}

/** The CLI on a generated machine of about `n` devices, `runs` times each, alternating. */
export function cliFigures(cliBundle: string, n: number, runs: number, phasesBundle?: string): CliFigures {
  const dir = mkdtempSync(join(tmpdir(), 'iommu-bench-'));
  try {
    const scenario = generateScenario(n);
    const file = join(dir, 'scenario.json');
    writeFileSync(file, JSON.stringify(scenario));
    const baseline = join(dir, 'baseline.mjs');
    writeFileSync(baseline, BASELINE);
    // Once into a file for the answer's size (also warms the file cache for both).
    const answer = join(dir, 'answer.json');
    const fd = openSync(answer, 'w');
    try {
      run([cliBundle, file], fd);
    } finally {
      closeSync(fd);
    }
    const bytes = statSync(answer).size;
    rmSync(answer);
    const cli: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < runs; i++) {
      cli.push(run([cliBundle, file], 'ignore'));
      base.push(run([baseline, file, String(bytes)], 'ignore'));
    }
    const c = median(cli);
    const b = median(base);
    const figures: CliFigures = {
      devices: scenario.devices.length,
      bytes,
      cli: c,
      baseline: b,
      ratio: c / b,
    };
    if (phasesBundle) figures.phases = phases(phasesBundle, file, runs);
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
