/**
 * The result JSON as the CLI prints it: the structure indented, each event, group, domain, device
 * and fault on one line — readable, diffable, and cheap to produce for machines of 200,000 devices.
 * Without --explain the events are exactly the kernel's lines (dmesg); with it, the sandbox's own
 * explanations and every event's `why` come along.
 *
 * formatResult is the definition (JSON.stringify of each line of a RunResult); resultChunks, what
 * the CLI runs, prints the same bytes faster (resultJson.test.ts holds them equal):
 * - a step lists every group, domain and device, but most of them are the very objects the
 *   previous step listed (the core keeps unchanged objects, and so do snapshots). So a block of
 *   lines whose items are all the previous step's reuses its bytes;
 * - the lines of known shapes (lines.ts) are written by hand, and the kernel's events directly,
 *   without first building the result format's event objects;
 * - text goes straight into large byte slabs (byteSink.ts) as it is made.
 */
import { forEachStep } from '../kernel/run';
import { snapshot } from '../kernel/snapshot';
import type { Fault, ResultEvent, RunResult, Scenario, StateSnapshot } from '../kernel/types';
import { ByteSink } from './byteSink';
import { deviceLine, domainLine, eventJson, groupLine } from './lines';

const line = (v: unknown) => JSON.stringify(v);

function list(items: readonly unknown[], indent: string): string {
  if (items.length === 0) return '[]';
  return `[\n${items.map((i) => `${indent}  ${line(i)}`).join(',\n')}\n${indent}]`;
}

function kernelLine(e: ResultEvent): Omit<ResultEvent, 'why' | 'silent' | 'prefix' | 'driverName'> {
  const { why: _why, silent: _silent, prefix: _prefix, driverName: _driver, ...rest } = e;
  return rest;
}

const head = (format: string, kernel: string) =>
  `{\n  "format": ${line(format)},\n  "kernel": ${line(kernel)},\n  "steps": [\n`;
const STEP_INDENT = '      ';
const stepHead = (first: boolean, op: string, ok: boolean, error: string | null) =>
  `${first ? '' : ',\n'}    {\n${STEP_INDENT}"op": ${line(op)}, "ok": ${line(ok)}, "error": ${line(error)},\n` +
  `${STEP_INDENT}"events": `;
const STATE_INDENT = '        ';
const ITEM = `${STATE_INDENT}  `;
const LIST_AFTER = {
  groups: `,\n${STEP_INDENT}  "domains": `,
  domains: `,\n${STEP_INDENT}  "devices": `,
  devices: `\n${STEP_INDENT}}\n    }`,
} as const;
const tail = (faults: readonly Fault[]) => `\n  ],\n  "faults": ${list(faults, '  ')}\n}\n`;

/** The run result as text; `explain` keeps the sandbox's explanations. */
export function formatResult(result: RunResult, explain: boolean): string {
  let out = head(result.format, result.kernel);
  result.steps.forEach((s, i) => {
    const events = explain ? s.events : s.events.filter((e) => !e.silent).map(kernelLine);
    out += `${stepHead(i === 0, s.op, s.ok, s.error)}${list(events, STEP_INDENT)},\n${STEP_INDENT}"state": {\n`;
    out += `${STEP_INDENT}  "groups": ${list(s.state.groups, STATE_INDENT)}${LIST_AFTER.groups}`;
    out += `${list(s.state.domains, STATE_INDENT)}${LIST_AFTER.domains}`;
    out += `${list(s.state.devices, STATE_INDENT)}${LIST_AFTER.devices}`;
  });
  return out + tail(result.faults);
}

type ListName = keyof StateSnapshot;
const LINES: { [K in ListName]: (item: StateSnapshot[K][number]) => string } = {
  groups: groupLine,
  domains: domainLine,
  devices: deviceLine,
};
// Lines per block of a state list: a block whose items are the previous step's (same objects,
// same places) reuses that step's bytes, so a step that changes one device of 20,000 redoes one
// block.
const BLOCK = 512;

// Whether the block start..end of `b` is exactly the block start.. of `a` (its end included).
function sameRange(a: readonly object[], b: readonly object[], start: number, end: number): boolean {
  if (Math.min(start + BLOCK, a.length) !== end) return false;
  for (let i = start; i < end; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Writes the CLI's result into a ByteSink; remembers the previous step's blocks. */
class ResultWriter {
  private readonly sink = new ByteSink();
  private readonly prev: Record<ListName, { items: readonly object[]; blocks: Uint8Array[][] } | null> = {
    groups: null,
    domains: null,
    devices: null,
  };
  private steps = 0;

  constructor(format: string, kernel: string) {
    this.sink.write(head(format, kernel));
  }

  // Lines start..end of a list (the first block without the separator before it), as the
  // pieces they were written in. Lines are not kept: text built from many parts is a tree of
  // strings, and keeping a hundred thousand of them cost the collector more than redoing the
  // few blocks a step changes.
  private block<K extends ListName>(
    name: K,
    items: StateSnapshot[K],
    start: number,
    end: number,
  ): Uint8Array[] {
    const toLine = LINES[name] as (item: object) => string;
    const out: string[] = new Array(end - start);
    for (let i = start; i < end; i++) out[i - start] = toLine(items[i]!);
    // Joined first: one write per block costs less than two per line.
    const first = this.sink.begin();
    this.sink.write(`${start === 0 ? '' : ',\n'}${ITEM}${out.join(`,\n${ITEM}`)}`);
    return this.sink.since(first);
  }

  // A state list: `[`, the blocks, `]` (what list() prints for it).
  private stateList<K extends ListName>(name: K, items: StateSnapshot[K]): void {
    const sink = this.sink;
    if (items.length === 0) {
      sink.write(`[]${LIST_AFTER[name]}`);
      return;
    }
    sink.write('[\n');
    const prev = this.prev[name];
    const blocks: Uint8Array[][] = [];
    for (let start = 0, b = 0; start < items.length; start += BLOCK, b++) {
      const end = Math.min(start + BLOCK, items.length);
      const reuse = prev?.blocks[b];
      if (reuse !== undefined && sameRange(prev!.items, items, start, end)) {
        for (const piece of reuse) sink.push(piece);
        blocks.push(reuse);
      } else blocks.push(this.block(name, items, start, end));
    }
    this.prev[name] = { items, blocks };
    sink.write(`\n${STATE_INDENT}]${LIST_AFTER[name]}`);
  }

  /** One step; `events` are the lines of its listed events, already serialised. */
  step(op: string, ok: boolean, error: string | null, events: readonly string[], state: StateSnapshot): void {
    const sink = this.sink;
    sink.write(stepHead(this.steps === 0, op, ok, error));
    sink.write(
      `${events.length === 0 ? '[]' : `[\n${STEP_INDENT}  ${events.join(`,\n${STEP_INDENT}  `)}\n${STEP_INDENT}]`}` +
        `,\n${STEP_INDENT}"state": {\n${STEP_INDENT}  "groups": `,
    );
    this.stateList('groups', state.groups);
    this.stateList('domains', state.domains);
    this.stateList('devices', state.devices);
    this.steps += 1;
  }

  end(faults: readonly Fault[]): Uint8Array[] {
    this.sink.write(tail(faults));
    return this.sink.end();
  }
}

/**
 * Runs the scenario and returns formatResult(runScenario(s), explain) as UTF-8 pieces to write in
 * order: each step is serialised as soon as it has run, so its events die young instead of
 * living (and being copied by the garbage collector) until the whole run is over.
 */
export function resultChunks(s: Scenario, explain: boolean): Uint8Array[] {
  const w = new ResultWriter('iommu-sandbox/result@1', s.kernel);
  const last = forEachStep(
    s,
    (step, out) => {
      const events: string[] = [];
      for (const e of out.events) if (explain || !e.silent) events.push(eventJson(e, explain));
      w.step(step.op, out.ok, out.error, events, snapshot(out.machine));
    },
    { linesOnly: !explain },
  );
  return w.end(last.faults);
}
