/**
 * `npm run bench`: the core on generated machines of 2,000, 20,000 and 200,000 devices — boot and
 * each later step, each timed with its snapshot (what a result needs after every step) — then the
 * CLI against the cost of only reading its input and writing its answer. Medians of several runs
 * (BENCH_RUNS, default 5; BENCH_BIG_RUNS for 200,000 devices, default 1), a table per part, and at
 * the end the headline figures as a markdown table for the README.
 */
import { applyStep, createMachine } from '../kernel/run';
import { snapshot } from '../kernel/snapshot';
import type { KernelId } from '../kernel/types';
import { type CliFigures, cliFigures, median } from './cli.bench';
import { generateScenario } from './generate';

const SIZES = [2_000, 20_000, 200_000] as const;
// The three policies the issue names, and v5.3 with iommu=pt: every device there asks for its
// own identity domain, which freed the old one with a scan of all devices (quadratic; 20,000
// devices took minutes).
const CONFIGS: readonly { kernel: KernelId; cmdline?: string }[] = [
  { kernel: 'v6.1' },
  { kernel: 'v5.3' },
  { kernel: 'v5.1' },
  { kernel: 'v5.3', cmdline: 'iommu=pt' },
];

interface StepTimes {
  label: string;
  devices: number;
  ops: string[];
  /** Median ms per step. */
  ms: number[];
  total: number;
}

const envInt = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};

const fmtMs = (t: number) => (t >= 10_000 ? `${(t / 1000).toFixed(1)} s` : `${t.toFixed(t < 10 ? 2 : 1)} ms`);
const fmtN = (n: number) => n.toLocaleString('en-US');
const fmtX = (x: number) => `${x.toFixed(x < 10 ? 2 : 1)}×`;

function timeSteps(n: number, config: (typeof CONFIGS)[number], runs: number): StepTimes {
  const s = generateScenario(n, config.kernel);
  if (config.cmdline !== undefined) s.cmdline = config.cmdline;
  const per: number[][] = s.steps.map(() => []);
  for (let r = 0; r < runs; r++) {
    let m = createMachine(s);
    s.steps.forEach((step, i) => {
      const t0 = performance.now();
      const out = applyStep(m, step);
      snapshot(out.machine);
      per[i]!.push(performance.now() - t0);
      m = out.machine;
    });
  }
  const ms = per.map(median);
  return {
    label: config.cmdline ? `${config.kernel} ${config.cmdline}` : config.kernel,
    devices: s.devices.length,
    ops: s.steps.map((st) => st.op),
    ms,
    total: ms.reduce((a, b) => a + b, 0),
  };
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

// The phases of the CLI's own work: parsing, then each step's core, snapshot and writing.
function phaseTable(c: CliFigures): string {
  const phases = c.phases ?? [];
  const total = phases.reduce((a, p) => a + p.ms, 0);
  const rows = phases.map((p) => [
    p.name,
    fmtMs(p.ms),
    fmtMs(p.gcMs),
    `${((100 * p.ms) / total).toFixed(0)}%`,
  ]);
  rows.push(['all', fmtMs(total), fmtMs(phases.reduce((a, p) => a + p.gcMs, 0)), '100%']);
  return table(['phase', 'time', 'of it GC', 'share'], rows);
}

export function main(cliBundle: string, phasesBundle?: string): void {
  const runs = envInt('BENCH_RUNS', 5);
  const bigRuns = envInt('BENCH_BIG_RUNS', 1);
  const results: StepTimes[] = [];
  console.log(
    `Core: applyStep + snapshot per step, median of ${runs} runs (${bigRuns} at 200,000 devices)\n`,
  );
  for (const config of CONFIGS) {
    for (const n of SIZES) {
      const r = timeSteps(n, config, n >= 200_000 ? bigRuns : runs);
      results.push(r);
      console.log(`  ${r.label}, ${fmtN(r.devices)} devices: ${fmtMs(r.total)}`);
    }
  }
  const ops = results[0]!.ops;
  console.log(
    `\n${table(
      ['kernel', 'devices', ...ops, 'total'],
      results.map((r) => [r.label, fmtN(r.devices), ...r.ms.map(fmtMs), fmtMs(r.total)]),
    )}\n`,
  );
  const v61 = (n: number) => results.find((r) => r.label === 'v6.1' && Math.abs(r.devices - n) < 100)!;
  const [small, mid, big] = [v61(2_000), v61(20_000), v61(200_000)];
  const scale = mid.total / small.total;
  const bigScale = big.total / mid.total;
  console.log(
    `Scaling (v6.1, all steps): 20,000 devices cost ${fmtX(scale)} 2,000 (budget 10×); ` +
      `200,000 cost ${fmtX(bigScale)} 20,000\n`,
  );

  // More runs than the core's: a fresh process each, and machines like CI's drift by ±10 %.
  const cliRuns = envInt('BENCH_CLI_RUNS', 11);
  const bigCliRuns = envInt('BENCH_BIG_CLI_RUNS', 3);
  console.log(
    `CLI: node launch.cjs <file> > /dev/null (as npm run sim starts it) vs a script that reads the file and writes as many bytes,` +
      ` alternately, median of ${cliRuns} runs (${bigCliRuns} at 200,000 devices)\n`,
  );
  const cli: CliFigures[] = [
    cliFigures(cliBundle, 20_000, cliRuns, phasesBundle),
    cliFigures(cliBundle, 200_000, bigCliRuns),
  ];
  console.log(
    `${table(
      ['devices', 'answer', 'CLI', 'read + write', 'ratio', 'budget'],
      cli.map((c, i) => [
        fmtN(c.devices),
        `${(c.bytes / 1e6).toFixed(1)} MB`,
        fmtMs(c.cli),
        fmtMs(c.baseline),
        fmtX(c.ratio),
        i === 0 ? '3×' : '-',
      ]),
    )}\n`,
  );
  if (cli[0]!.phases)
    console.log(
      `Where the CLI's own time goes on ${fmtN(cli[0]!.devices)} devices (a fresh process each run, medians;` +
        ` Node's own start, ~50 ms, comes on top):\n\n${phaseTable(cli[0]!)}\n`,
    );
  const ok = (x: number, budget: number) => (x <= budget ? 'met' : 'not met');
  console.log('Headline figures (markdown):\n');
  console.log('| Figure | Measured | Budget |');
  console.log('| --- | --- | --- |');
  console.log(
    `| CLI on ${fmtN(cli[0]!.devices)} devices ÷ only reading its file and writing its ${(cli[0]!.bytes / 1e6).toFixed(0)} MB answer | ` +
      `${fmtX(cli[0]!.ratio)} (${fmtMs(cli[0]!.cli)} vs ${fmtMs(cli[0]!.baseline)}) | ≤ 3× (${ok(cli[0]!.ratio, 3)}) |`,
  );
  console.log(
    `| Core, ${fmtN(mid.devices)} ÷ ${fmtN(small.devices)} devices (v6.1, boot + ${ops.length - 1} steps) | ` +
      `${fmtX(scale)} (${fmtMs(mid.total)} vs ${fmtMs(small.total)}) | ≤ 10× (${ok(scale, 10)}) |`,
  );
  console.log(
    `| ${fmtN(big.devices)} devices: CLI ÷ reading and writing; core ÷ ${fmtN(mid.devices)} devices | ` +
      `${fmtX(cli[1]!.ratio)} (${fmtMs(cli[1]!.cli)}); ${fmtX(bigScale)} (${fmtMs(big.total)}) | 3×; linear (about 10×) |`,
  );
}
