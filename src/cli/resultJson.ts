/**
 * The result JSON as the CLI prints it: the structure indented, each event, group, domain, device
 * and fault on one line — readable, diffable, and cheap to produce for machines of 200,000 devices.
 * Without --explain the events are exactly the kernel's lines (dmesg), each with its `line` as
 * --dmesg prints it; with --explain, the sandbox's own explanations (which have no `line`) and every
 * event's `why` come along.
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
import type {
  Fault,
  KernelEvent,
  ResultEvent,
  RunResult,
  Scenario,
  StateSnapshot,
  StepResult,
} from '../kernel/types';
import { ByteSink } from './byteSink';
import { deviceLine, domainLine, eventLine, groupLine } from './lines';

const line = (v: unknown) => JSON.stringify(v);

function list(items: readonly unknown[], indent: string): string {
  if (items.length === 0) return '[]';
  return `[\n${items.map((i) => `${indent}  ${line(i)}`).join(',\n')}\n${indent}]`;
}

function kernelLine(
  e: ResultEvent,
): Omit<ResultEvent, 'why' | 'silent' | 'prefix' | 'driverName' | 'devName'> {
  const { why: _why, silent: _silent, prefix: _prefix, driverName: _driver, devName: _name, ...rest } = e;
  return rest;
}

const head = (format: string, kernel: string) =>
  `{\n  "format": ${line(format)},\n  "kernel": ${line(kernel)},\n  "steps": [`;
const STEP_INDENT = '      ';
/** A step's answer: `error`, then on a refusal the function that gave it (and whose refusal it is). */
type StepAnswer = Pick<StepResult, 'ok' | 'error' | 'errorFn' | 'errorBy' | 'panicked'>;
const stepHead = (first: boolean, op: string, a: StepAnswer) =>
  `${first ? '\n' : ',\n'}    {\n${STEP_INDENT}"op": ${line(op)}, "ok": ${line(a.ok)}, "error": ${line(a.error)},` +
  `${a.errorFn === undefined ? '' : ` "errorFn": ${line(a.errorFn)},`}${a.errorBy ? ` "errorBy": ${line(a.errorBy)},` : ''}` +
  `${a.panicked ? ' "panicked": true,' : ''}\n` +
  `${STEP_INDENT}"events": `;
const STATE_INDENT = '        ';
const ITEM = `${STATE_INDENT}  `;
const ITEM_AFTER = `,\n${ITEM}`;
const EVENT_AFTER = `,\n${STEP_INDENT}  `;
const LIST_AFTER = {
  groups: `,\n${STEP_INDENT}  "domains": `,
  domains: `,\n${STEP_INDENT}  "devices": `,
  devices: `\n${STEP_INDENT}}\n    }`,
} as const;
// No steps: `[]`, as JSON.stringify writes an empty list.
const tail = (faults: readonly Fault[], steps: number) =>
  `${steps ? '\n  ]' : ']'},\n  "faults": ${list(faults, '  ')}\n}\n`;

/** The run result as text; `explain` keeps the sandbox's explanations. */
export function formatResult(result: RunResult, explain: boolean): string {
  let out = head(result.format, result.kernel);
  result.steps.forEach((s, i) => {
    const events = explain ? s.events : s.events.filter((e) => !e.silent).map(kernelLine);
    out += `${stepHead(i === 0, s.op, s)}${list(events, STEP_INDENT)},\n${STEP_INDENT}"state": {\n`;
    out += `${STEP_INDENT}  "groups": ${list(s.state.groups, STATE_INDENT)}${LIST_AFTER.groups}`;
    out += `${list(s.state.domains, STATE_INDENT)}${LIST_AFTER.domains}`;
    out += `${list(s.state.devices, STATE_INDENT)}${LIST_AFTER.devices}`;
  });
  return out + tail(result.faults, result.steps.length);
}

type ListName = keyof StateSnapshot;
type Item = StateSnapshot[ListName][number];
const LINES: { [K in ListName]: (sink: ByteSink, item: StateSnapshot[K][number]) => void } = {
  groups: groupLine,
  domains: domainLine,
  devices: deviceLine,
};

// A state list is written in blocks of lines, and a block whose items are the previous step's
// (the same objects, in the same order) reuses that step's bytes: a step that changes one device
// of 20,000 redoes one block. Blocks end after an item whose key hashes to a multiple of CUT (or
// after MOST items), so a device that comes or goes shifts the items behind it without moving
// the other blocks' ends: with ends at fixed positions, a hot-remove redid every later block.
const CUT = 512;
const MOST = 4 * CUT;
const keyOf = (item: Item): string | number => ('bdf' in item ? item.bdf : item.id);

function endsBlock(item: Item): boolean {
  const key = keyOf(item);
  if (typeof key === 'number') return key % CUT === CUT - 1;
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  return (h & (CUT - 1)) === 0;
}

/** A block written for a step: its items (a range of that step's list) and its bytes. */
interface Block {
  items: readonly Item[];
  start: number;
  end: number;
  bytes: Uint8Array[];
}

// Whether the previous step's block `b` is also the block of `items` at `start` (its lines are
// those of its items, which snapshots never change).
function sameItems(b: Block, items: readonly Item[], start: number): boolean {
  const n = b.end - b.start;
  if (start + n > items.length) return false;
  // The separator before a block is in its bytes: the first block has none.
  if ((b.start === 0) !== (start === 0)) return false;
  for (let i = 0; i < n; i++) if (b.items[b.start + i] !== items[start + i]) return false;
  return true;
}

function blockEnd(items: readonly Item[], start: number): number {
  const last = Math.min(start + MOST, items.length);
  for (let i = start; i < last; i++) if (endsBlock(items[i]!)) return i + 1;
  return last;
}

/** Writes the CLI's result into a ByteSink; remembers the previous step's blocks. */
export class ResultWriter {
  private readonly sink = new ByteSink();
  /** Per list, the previous step's blocks by their first item. */
  private readonly prev: Record<ListName, Map<Item, Block>> = {
    groups: new Map(),
    domains: new Map(),
    devices: new Map(),
  };
  private steps = 0;

  constructor(format: string, kernel: string) {
    this.sink.write(head(format, kernel));
  }

  // Lines start..end of a list (the first block without the separator before it), as the
  // pieces of the sink they were written in.
  private block(name: ListName, items: readonly Item[], start: number, end: number): Uint8Array[] {
    const toLine = LINES[name] as (sink: ByteSink, item: Item) => void;
    const sink = this.sink;
    const first = sink.begin();
    for (let i = start; i < end; i++) {
      sink.ascii(i === 0 ? ITEM : ITEM_AFTER);
      toLine(sink, items[i]!);
    }
    return sink.since(first);
  }

  // A state list: `[`, the blocks, `]` (what list() prints for it).
  private stateList(name: ListName, items: readonly Item[]): void {
    const sink = this.sink;
    if (items.length === 0) {
      sink.write(`[]${LIST_AFTER[name]}`);
      this.prev[name] = new Map();
      return;
    }
    sink.write('[\n');
    const prev = this.prev[name];
    const blocks = new Map<Item, Block>();
    for (let start = 0; start < items.length; ) {
      const was = prev.get(items[start]!);
      let block: Block;
      if (was !== undefined && sameItems(was, items, start)) {
        for (const piece of was.bytes) sink.push(piece);
        block = { items, start, end: start + was.end - was.start, bytes: was.bytes };
      } else {
        const end = blockEnd(items, start);
        block = { items, start, end, bytes: this.block(name, items, start, end) };
      }
      blocks.set(items[start]!, block);
      start = block.end;
    }
    this.prev[name] = blocks;
    sink.write(`\n${STATE_INDENT}]${LIST_AFTER[name]}`);
  }

  /** One step: its answer, its events (the kernel's lines; with `explain`, all), then its state. */
  step(
    op: string,
    answer: StepAnswer,
    events: readonly KernelEvent[],
    explain: boolean,
    state: StateSnapshot,
  ): void {
    const sink = this.sink;
    sink.write(stepHead(this.steps === 0, op, answer));
    let listed = 0;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      if (!explain && e.silent) continue;
      sink.ascii(listed === 0 ? `[\n${STEP_INDENT}  ` : EVENT_AFTER);
      eventLine(sink, e, explain);
      listed += 1;
    }
    sink.ascii(listed === 0 ? '[]' : `\n${STEP_INDENT}]`);
    sink.write(`,\n${STEP_INDENT}"state": {\n${STEP_INDENT}  "groups": `);
    this.stateList('groups', state.groups);
    this.stateList('domains', state.domains);
    this.stateList('devices', state.devices);
    this.steps += 1;
  }

  end(faults: readonly Fault[]): Uint8Array[] {
    this.sink.write(tail(faults, this.steps));
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
      w.step(step.op, out, out.events, explain, snapshot(out.machine));
    },
    { linesOnly: !explain },
  );
  return w.end(last.faults);
}
