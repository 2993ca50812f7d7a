/**
 * The result JSON as the CLI prints it: the structure indented, each event, group, domain, device
 * and fault on one line — readable, diffable, and cheap to produce for machines of 200,000 devices.
 * Without --explain the events are exactly the kernel's lines (dmesg); with it, the sandbox's own
 * explanations and every event's `why` come along.
 *
 * Cost model: a step lists every group, domain and device, but most of them are the very objects
 * the previous step listed (the core keeps unchanged objects, and so do snapshots). So each
 * object's line is serialised once per run, and a list whose items are all the previous step's
 * reuses its whole text. The CLI also serialises the kernel's events directly (resultChunks),
 * rather than first building the result format's event objects.
 */
import { Buffer } from 'node:buffer';
import { forEachStep } from '../kernel/run';
import { snapshot } from '../kernel/snapshot';
import type { Fault, KernelEvent, ResultEvent, RunResult, Scenario, StateSnapshot } from '../kernel/types';

const line = (v: unknown) => JSON.stringify(v);

function list(items: readonly unknown[], indent: string): string {
  if (items.length === 0) return '[]';
  return `[\n${items.map((i) => `${indent}  ${line(i)}`).join(',\n')}\n${indent}]`;
}

function kernelLine(e: ResultEvent): Omit<ResultEvent, 'why' | 'silent' | 'prefix' | 'driverName'> {
  const { why: _why, silent: _silent, prefix: _prefix, driverName: _driver, ...rest } = e;
  return rest;
}

// `,"key":<JSON>`, or nothing where JSON.stringify would leave the key out (undefined).
function kv(key: string, v: unknown): string {
  const j = JSON.stringify(v);
  return j === undefined ? '' : `,"${key}":${j}`;
}

const q = JSON.stringify;

/**
 * One kernel event as its line: the same bytes as JSON.stringify of resultEvents' object for it
 * (without --explain, of that object less why, silent, prefix and driverName), keys in that order.
 * One template when the always-present fields are strings (every event the core emits); field
 * by field otherwise, leaving out what JSON.stringify would.
 */
export function eventJson(e: KernelEvent | ResultEvent, explain: boolean): string {
  if (
    typeof e.fn !== 'string' ||
    typeof e.message !== 'string' ||
    typeof e.kind !== 'string' ||
    typeof e.level !== 'string' ||
    (explain && typeof e.why !== 'string')
  )
    return eventJsonSlow(e, explain);
  const head = `{"fn":${q(e.fn)}${e.device ? `,"device":${q(e.device)}` : ''},"message":${q(e.message)}`;
  const mid = `${explain ? `,"why":${q(e.why)}` : ''},"kind":${q(e.kind)},"level":${q(e.level)}`;
  const tail =
    (e.group !== undefined ? kv('group', e.group) : '') +
    (e.domain ? `,"domain":${q(e.domain)}` : '') +
    (e.inferred ? ',"inferred":true' : '') +
    (explain
      ? (e.silent ? ',"silent":true' : '') +
        (e.prefix ? `,"prefix":${q(e.prefix)}` : '') +
        (e.driverName ? `,"driverName":${q(e.driverName)}` : '')
      : '');
  return `${head}${mid}${tail}}`;
}

function eventJsonSlow(e: KernelEvent | ResultEvent, explain: boolean): string {
  let s = kv('fn', e.fn);
  if (e.device) s += kv('device', e.device);
  s += kv('message', e.message);
  if (explain) s += kv('why', e.why);
  s += kv('kind', e.kind) + kv('level', e.level);
  if (e.group !== undefined) s += kv('group', e.group);
  if (e.domain) s += kv('domain', e.domain);
  if (e.inferred) s += ',"inferred":true';
  if (explain) {
    if (e.silent) s += ',"silent":true';
    if (e.prefix) s += kv('prefix', e.prefix);
    if (e.driverName) s += kv('driverName', e.driverName);
  }
  return s ? `{${s.slice(1)}}` : '{}';
}

type ListName = 'groups' | 'domains' | 'devices';
const STATE_INDENT = '        ';
const ITEM = `${STATE_INDENT}  `;
// Lines per block of a state list: a block whose items are the previous step's (same objects,
// same places) reuses that step's text, so a step that changes one device of 20,000 redoes one
// block, and the answer is written in pieces instead of one copy of every list per step.
const BLOCK = 512;

// Whether the block start..end of `b` is exactly the block start.. of `a` (its end included).
function sameRange(a: readonly object[], b: readonly object[], start: number, end: number): boolean {
  if (Math.min(start + BLOCK, a.length) !== end) return false;
  for (let i = start; i < end; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A piece of the answer: text, or (the CLI) the same text already encoded as UTF-8. */
export type Piece = string | Uint8Array;

/**
 * Writes a result piece by piece; remembers lines (by object) and the previous step's blocks.
 * `encode` turns each piece into what is written: for the CLI, UTF-8 bytes at once, so the
 * tens of megabytes of text die young instead of being copied by the collector until the end
 * (and a block repeated by later steps is encoded once).
 */
class ResultWriter<P extends Piece> {
  private readonly lines: Record<ListName, Map<object, string>> = {
    groups: new Map(),
    domains: new Map(),
    devices: new Map(),
  };
  private readonly prev: Record<ListName, { items: readonly object[]; blocks: P[] } | null> = {
    groups: null,
    domains: null,
    devices: null,
  };
  private steps = 0;

  constructor(private readonly encode: (text: string) => P) {}

  head(format: string, kernel: string): P {
    return this.encode(`{\n  "format": ${line(format)},\n  "kernel": ${line(kernel)},\n  "steps": [\n`);
  }

  // Lines start..end of a list (the first block without the separator before it); the indent
  // goes in with the separators, not into each cached line.
  private block(name: ListName, items: readonly object[], start: number, end: number): P {
    const cache = this.lines[name];
    const out: string[] = new Array(end - start);
    for (let i = start; i < end; i++) {
      const item = items[i]!;
      let l = cache.get(item);
      if (l === undefined) {
        l = line(item);
        cache.set(item, l);
      }
      out[i - start] = l;
    }
    return this.encode(`${start === 0 ? '' : ',\n'}${ITEM}${out.join(`,\n${ITEM}`)}`);
  }

  // A state list as pieces: `[`, the blocks, `]` (what list() prints for it).
  private stateList(name: ListName, items: readonly object[], parts: P[], after: string): void {
    if (items.length === 0) {
      parts.push(this.encode(`[]${after}`));
      return;
    }
    const prev = this.prev[name];
    const blocks: P[] = [];
    for (let start = 0, b = 0; start < items.length; start += BLOCK, b++) {
      const end = Math.min(start + BLOCK, items.length);
      const reuse = prev?.blocks[b];
      blocks.push(
        reuse !== undefined && sameRange(prev!.items, items, start, end)
          ? reuse
          : this.block(name, items, start, end),
      );
    }
    this.prev[name] = { items, blocks };
    parts.push(this.encode('[\n'), ...blocks, this.encode(`\n${STATE_INDENT}]${after}`));
  }

  /** One step as pieces; `events` are the lines of its listed events, already serialised. */
  step(op: string, ok: boolean, error: string | null, events: string[], state: StateSnapshot): P[] {
    const i = '      ';
    const ev = events.length === 0 ? '[]' : `[\n${i}  ${events.join(`,\n${i}  `)}\n${i}]`;
    const parts = [
      this.encode(
        `${this.steps === 0 ? '' : ',\n'}    {\n${i}"op": ${line(op)}, "ok": ${line(ok)}, "error": ${line(error)},\n` +
          `${i}"events": ${ev},\n${i}"state": {\n${i}  "groups": `,
      ),
    ];
    this.stateList('groups', state.groups, parts, `,\n${i}  "domains": `);
    this.stateList('domains', state.domains, parts, `,\n${i}  "devices": `);
    this.stateList('devices', state.devices, parts, `\n${i}}\n    }`);
    this.steps += 1;
    return parts;
  }

  tail(faults: readonly Fault[]): P {
    return this.encode(`\n  ],\n  "faults": ${list(faults, '  ')}\n}\n`);
  }
}

/** The run result as text; `explain` keeps the sandbox's explanations. */
export function formatResult(result: RunResult, explain: boolean): string {
  const w = new ResultWriter((text) => text);
  const parts = [w.head(result.format, result.kernel)];
  for (const s of result.steps) {
    const events = explain
      ? s.events.map((e) => line(e))
      : s.events.filter((e) => !e.silent).map((e) => line(kernelLine(e)));
    parts.push(...w.step(s.op, s.ok, s.error, events, s.state));
  }
  parts.push(w.tail(result.faults));
  return parts.join('');
}

/**
 * Runs the scenario and returns formatResult(runScenario(s), explain) as UTF-8 pieces to write in
 * order: each step is serialised as soon as it has run, so its events die young instead of
 * living (and being copied by the garbage collector) until the whole run is over.
 */
export function resultChunks(s: Scenario, explain: boolean): Uint8Array[] {
  const w = new ResultWriter((text) => Buffer.from(text, 'utf8'));
  const parts = [w.head('iommu-sandbox/result@1', s.kernel)];
  const last = forEachStep(
    s,
    (step, out) => {
      const events: string[] = [];
      for (const e of out.events) if (explain || !e.silent) events.push(eventJson(e, explain));
      parts.push(...w.step(step.op, out.ok, out.error, events, snapshot(out.machine)));
    },
    { linesOnly: !explain },
  );
  parts.push(w.tail(last.faults));
  return parts;
}
