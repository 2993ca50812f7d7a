/**
 * The review summary: plain text of at most 80 columns to paste into a mailing-list reply — the
 * machine, the two configurations, the steps, and a before/after table of what differs.
 */
import { describeStep } from '../kernel/dmesg';
import { FIXES } from '../kernel/fixes';
import type { FixId, Scenario } from '../kernel/types';
import { type Difference, type DifferenceKind, newAt } from './diff';
import type { WorldConfig } from './variant';
import { viaLines } from './via';

const WIDTH = 80;

const KIND_LABEL: Record<DifferenceKind, string> = {
  partition: 'group',
  'group-type': 'group type',
  domain: 'domain',
  dma: 'DMA',
  'driver-view': 'driver view',
  error: 'answer',
  fault: 'fault',
};

/** Greedy word wrap to `width` columns (long words are cut). */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let w = word;
    while (w.length > width) {
      if (line) out.push(line);
      out.push(w.slice(0, width));
      w = w.slice(width);
      line = '';
    }
    if (!line) line = w;
    else if (line.length + 1 + w.length <= width) line += ` ${w}`;
    else {
      out.push(line);
      line = w;
    }
  }
  if (line) out.push(line);
  return out.length ? out : [''];
}

function configLine(side: string, c: WorldConfig): string[] {
  // Only the switches of code this kernel has: another kernel's fix, carried over by a kernel
  // switch, changes nothing in this world and read as if it did.
  const fixes = Object.entries(c.fixes)
    .filter(([k]) => FIXES[k as FixId]?.appliesTo.includes(c.kernel))
    .map(([k, v]) => `${k}=${v ? 'on' : 'off'}`)
    .join(', ');
  const machine = Object.entries(c.machine)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  // The fixes and the machine switches on lines of their own: wrapped into the first, a switch
  // read as a fix and a name was cut from its value.
  return [
    `${side}: ${c.kernel}, command line "${c.cmdline}"`,
    fixes && `fixes ${fixes}`,
    machine && `machine ${machine}`,
    // Its code was never published: what it does, and the functions a row names for it, are
    // read from the review thread (kernel-model.md §7.B, [T]), and a reader should know.
    c.kernel === 'v3-sewart' && 'reconstructed from the 2019 review thread: its functions are inferred',
  ]
    .filter((part): part is string => !!part)
    .flatMap((part, k) => wrap(part, WIDTH - 2).map((l, i) => (k === 0 && i === 0 ? l : `  ${l}`)));
}

/** One table row per difference: step | what | left | right, cells wrapped, functions below. */
function table(diffs: Difference[]): string[] {
  const cols = [5, 20, 26, 26];
  const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - s.length));
  const row = (cells: string[]) => {
    const wrapped = cells.map((c, i) => wrap(c, cols[i]! - 1));
    const h = Math.max(...wrapped.map((w) => w.length));
    return Array.from({ length: h }, (_, k) =>
      wrapped
        .map((w, i) => pad(w[k] ?? '', cols[i]!))
        .join('')
        .trimEnd(),
    );
  };
  const out = [...row(['step', 'what', 'left', 'right']), '-'.repeat(WIDTH - 3)];
  for (const d of diffs) {
    const label = d.ended ? `${KIND_LABEL[d.kind]} ended:` : KIND_LABEL[d.kind];
    const what = d.devices.length ? `${label} ${d.devices.join(' ')}` : label;
    out.push(...row([String(d.step), what, d.left, d.right]));
    // Each world's functions on lines of their own: run together they read as one call chain.
    for (const via of viaLines(d.via)) out.push(...wrap(via, WIDTH - 10).map((l) => `     ${l}`));
  }
  return out;
}

/**
 * The plain-text summary of a comparison (every line at most 80 columns). Each difference is
 * listed at the step where it appears, not again at every later step it persists through.
 * `title`: the ready-made comparison's name, if one is shown (the scenario's own name describes
 * only the left world's configuration, so it is never the title).
 */
export function reviewSummary(
  s: Scenario,
  left: WorldConfig,
  right: WorldConfig,
  all: Difference[],
  title?: string,
): string {
  const diffs = s.steps.flatMap((_, i) => newAt(all, i));
  const devices = s.devices.map((d) => `${d.bdf}${d.label ? ` ${d.label}` : ''}`).join(', ');
  const lines = [
    ...wrap(
      title ? `IOMMU Sandbox comparison: ${title}` : 'IOMMU Sandbox comparison of two configurations',
      WIDTH,
    ),
    // The scenario's name describes the configuration it was written for (often the left
    // world's, "…with the guard"): said as where the machine and steps come from, not as a title.
    ...wrap(
      `Machine and steps of the scenario "${s.name ?? 'unnamed'}"; each world's configuration below.`,
      WIDTH,
    ),
    '',
    ...wrap(`Machine (${s.devices.length} devices): ${devices}`, WIDTH),
    '',
    ...configLine('Left', left),
    ...configLine('Right', right),
    '',
    'Steps:',
    ...s.steps.flatMap((st, i) =>
      wrap(describeStep(st), WIDTH - 6).map((l, k) => `${`${k ? '' : String(i)}`.padStart(4)}  ${l}`),
    ),
    '',
  ];
  if (diffs.length === 0) lines.push('No differences: both configurations behave the same on these steps.');
  else lines.push(`Differences (${diffs.length}):`, '', ...table(diffs));
  return `${lines.map((l) => l.trimEnd()).join('\n')}\n`;
}
