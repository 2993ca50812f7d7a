/**
 * The differences between two runs of the same machine and steps under two configurations (two
 * kernels, fixes or command lines), step by step: what a reviewer puts in a before/after table.
 * Pure: works on the result format, so the CLI and the page share it.
 */

import { diedIn } from '../kernel/stop';
import type { Fault, RunResult, StateSnapshot, StepResult } from '../kernel/types';
import { deviceCauses, domainCauses, partitionCauses, typeCauses, type WorldStep } from './causes';
import { endedDiffs } from './ended';
import { domainRole, driverView, groupOfDevice, groupType, partitionOf } from './roles';
import { both, type Via } from './via';

export type DifferenceKind =
  | 'partition'
  | 'group-type'
  | 'domain'
  | 'dma'
  | 'driver-view'
  | 'error'
  | 'fault';

export interface Difference {
  step: number;
  kind: DifferenceKind;
  /** Devices the difference is about (for highlighting in both panes). */
  devices: string[];
  /** What each world shows, in a few words ("—" when absent). */
  left: string;
  right: string;
  /**
   * The kernel functions that made it in each world, read from that world's events and faults
   * (none where the cause lies in an earlier step): two kernels reach one outcome through
   * different code, and a row that named both worlds' functions together would credit one
   * kernel with the other's.
   */
  via: Via;
  /** A difference of the step before that no longer holds: `left` and `right` read "was → now". */
  ended?: true;
  /** A dead kernel's answer, the same as at the step before: not news (the sandbox answers for it). */
  repeats?: true;
}

const NONE = '—';

const groupLabel = (devs: string | undefined) =>
  devs === undefined ? 'no group' : `{${devs.split(' ').join(', ')}}`;

/**
 * One row per set of devices the two partitions split differently (a connected part of "shares a
 * group in either world"): v3's two groups against 5.3's one are one difference, "{01:00.0}
 * {01:00.1}" against "{01:00.0, 01:00.1}", not a row per device's group.
 */
function partitionDiffs(step: number, worlds: readonly WorldStep[]): Difference[] {
  const [l, r] = worlds.map((w) => w.step.state) as [StateSnapshot, StateSnapshot];
  const sides = [partitionOf(l), partitionOf(r)];
  const parent = new Map<string, string>();
  const root = (d: string): string => {
    let x = d;
    while (parent.get(x) !== x) x = parent.get(x) ?? x;
    parent.set(d, x);
    return x;
  };
  const join = (a: string, b: string) => parent.set(root(a), root(b));
  for (const dev of new Set([...sides[0]!.keys(), ...sides[1]!.keys()])) {
    const [a, b] = sides.map((p) => p.get(dev));
    if (a === b) continue;
    if (!parent.has(dev)) parent.set(dev, dev);
    for (const key of [a, b])
      for (const other of key?.split(' ') ?? []) {
        if (!parent.has(other)) parent.set(other, other);
        join(other, dev);
      }
  }
  const parts = new Map<string, string[]>();
  for (const dev of parent.keys()) parts.set(root(dev), [...(parts.get(root(dev)) ?? []), dev]);
  const labels = (p: Map<string, string>, devices: string[]) =>
    [...new Set(devices.map((d) => p.get(d)))].map(groupLabel).sort().join(' ');
  return [...parts.values()]
    .map((devices) => devices.sort())
    .sort((x, y) => (x[0]! < y[0]! ? -1 : 1))
    .map((devices) => {
      const groupless = devices.some((d) => !sides[0]!.has(d) || !sides[1]!.has(d));
      return {
        step,
        kind: 'partition' as const,
        devices,
        left: labels(sides[0]!, devices),
        right: labels(sides[1]!, devices),
        via: both(worlds, (w) => partitionCauses(w, devices, groupless)),
      };
    });
}

/**
 * Groups whose types differ, by what their default domains do (roles.ts flushType): one row per
 * pair of types, the functions that set them at this step, and whether the device showed the
 * same at the step before (`carried`, `device|left|right`), so a group changed now is not merged
 * with groups that differed all along.
 */
function typeDiffs(step: number, worlds: readonly WorldStep[], carried: ReadonlySet<string>): Difference[] {
  const [l, r] = worlds.map((w) => w.step.state) as [StateSnapshot, StateSnapshot];
  const gl = groupOfDevice(l);
  const gr = groupOfDevice(r);
  const causes = worlds.map((w) => typeCauses(w));
  const rows = new Map<string, Difference>();
  for (const dev of new Set([...gl.keys(), ...gr.keys()])) {
    const a = gl.get(dev);
    const b = gr.get(dev);
    if (!a || !b) continue;
    const left = groupType(l, a);
    const right = groupType(r, b);
    if (left === right) continue;
    const via = both(causes, (c) => c(dev));
    const key = JSON.stringify([left, right, via, carried.has(`${dev}|${left}|${right}`)]);
    const row = rows.get(key);
    if (row) row.devices.push(dev);
    else rows.set(key, { step, kind: 'group-type', devices: [dev], left, right, via });
  }
  for (const row of rows.values()) row.devices.sort();
  return [...rows.values()];
}

function deviceFieldDiffs(step: number, worlds: readonly WorldStep[]): Difference[] {
  const [l, r] = worlds.map((w) => w.step.state) as [StateSnapshot, StateSnapshot];
  // What changed the device's context at this step, after what chose its group's type then (the
  // attach follows from that choice: 6.1's "… using default" is why an untrusted device sits in
  // a pass-through domain).
  const causes = worlds.map((w) => ({ ...deviceCauses(w), types: typeCauses(w) }));
  const fnsOf = (bdf: string, of: 'context' | 'dma') =>
    both(causes, (c) => {
      const now = c[of].get(bdf) ?? [];
      return c.context.has(bdf) ? [...new Set([...c.types(bdf), ...now])] : now;
    });
  const out: Difference[] = [];
  const rd = new Map(r.devices.map((d) => [d.bdf, d]));
  for (const a of l.devices) {
    const b = rd.get(a.bdf);
    // A function that never masters the bus has no DMA that a domain could change.
    if (!b || (a.busMaster === false && b.busMaster === false)) continue;
    // DMA behaviour and the driver's view are consequences: the functions that changed the
    // device's context at this step, if any did.
    if (a.dma !== b.dma)
      out.push({ step, kind: 'dma', devices: [a.bdf], left: a.dma, right: b.dma, via: fnsOf(a.bdf, 'dma') });
    const left = driverView(l, a);
    const right = driverView(r, b);
    if (left !== right)
      out.push({ step, kind: 'driver-view', devices: [a.bdf], left, right, via: fnsOf(a.bdf, 'context') });
  }
  return out;
}

/**
 * Domains allocated and freed in this step, by role (a multiset), each with its id in this world.
 * A domain allocated and freed within the step (C's "+D1 −D1" while a request replaces a new
 * group's default) left no trace either world can show, so it is not a difference.
 */
function domainChanges(prev: StateSnapshot | null, cur: StateSnapshot): [string, string][] {
  const before = new Map((prev?.domains ?? []).map((d) => [d.id, d]));
  const out: [string, string][] = [];
  for (const d of cur.domains) {
    const was = before.get(d.id);
    if (!was && !d.freed) out.push([`+ ${domainRole(cur, d)}`, d.id]);
    if (d.freed && was && !was.freed) out.push([`− ${domainRole(prev!, was)}`, d.id]);
  }
  return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The items of `a` not matched one for one by an equal item of `b` (counted: lists can be long). */
function multisetMinus(a: string[], b: string[]): string[] {
  const rest = new Map<string, number>();
  for (const x of b) rest.set(x, (rest.get(x) ?? 0) + 1);
  return a.filter((x) => {
    const n = rest.get(x) ?? 0;
    if (n === 0) return true;
    rest.set(x, n - 1);
    return false;
  });
}

function domainDiffs(
  step: number,
  worlds: readonly WorldStep[],
  prev: (StateSnapshot | null)[],
): Difference[] {
  const [a, b] = worlds.map((w, i) => domainChanges(prev[i]!, w.step.state)) as [
    [string, string][],
    [string, string][],
  ];
  const texts = (c: [string, string][]) => c.map(([t]) => t);
  const devs = (s: string) => [...s.matchAll(/[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]/g)].map((m) => m[0]);
  // The function is the one whose event allocated or freed a domain of that role in that world.
  const idsByText = [a, b].map((changes) => {
    const m = new Map<string, string[]>();
    for (const [t, id] of changes) m.set(t, [...(m.get(t) ?? []), id]);
    return m;
  });
  const causes = worlds.map((w) => domainCauses(w));
  const fnsOf = (x: string, side: 0 | 1) => [
    ...new Set((idsByText[side]!.get(x) ?? []).flatMap((id) => causes[side]!.get(id) ?? [])),
  ];
  const diff = (x: string, side: 0 | 1): Difference => ({
    step,
    kind: 'domain',
    devices: devs(x),
    left: side ? NONE : x,
    right: side ? x : NONE,
    via: side ? { left: [], right: fnsOf(x, 1) } : { left: fnsOf(x, 0), right: [] },
  });
  const onlyLeft = multisetMinus(texts(a), texts(b));
  const onlyRight = multisetMinus(texts(b), texts(a));
  // The same devices' domain allocated (or freed) in both worlds, of another type or role: one
  // row, not a removal and an addition (a kernel with DMA-FQ against one with DMA listed every
  // group's default domain twice).
  const key = (x: string) => `${x[0]} ${devs(x).join(',')}`;
  const paired: Difference[] = [];
  const rest: Difference[] = [];
  const rights = [...onlyRight];
  for (const x of onlyLeft) {
    const j = devs(x).length ? rights.findIndex((y) => key(y) === key(x)) : -1;
    if (j < 0) {
      rest.push(diff(x, 0));
      continue;
    }
    const [y] = rights.splice(j, 1) as [string];
    paired.push({ ...diff(x, 0), right: y, via: { left: fnsOf(x, 0), right: fnsOf(y, 1) } });
  }
  return [...paired, ...rest, ...rights.map((y) => diff(y, 1))];
}

const faultKey = (f: Fault) => `${f.kind}${f.device ? ` on ${f.device}` : ''}`;
/** A fault in a few words: a DMA fault with what became of the DMA ("dma-fault (blocked) on …"). */
const faultLabel = (f: Fault) => `${f.kind}${f.dma ? ` (${f.dma})` : ''}${f.device ? ` on ${f.device}` : ''}`;
// Two faults of one kind on one device are two faults when they differ in what they are: a DMA
// fault by what became of the DMA (5.7's IOVA through a pass-through context, misdirected,
// against 5.8's blocked read), whichever function noticed it (a cleared context is reported by
// dmar_fault on one path and domain_exit on another); any other by the code that raised it.
const faultId = (f: Fault) => (f.dma ? faultLabel(f) : `${faultLabel(f)}|${f.fn}`);

function faultDiffs(step: number, lf: Fault[], rf: Fault[]): Difference[] {
  const sides = [lf, rf].map((list) => list.filter((f) => f.step === step)) as [Fault[], Fault[]];
  const [a, b] = sides.map((list) => list.map(faultId)) as [string[], string[]];
  const firsts = sides.map((list) => new Map(list.map((f) => [faultId(f), f])).values());
  const only = [new Set(multisetMinus(a, b)), new Set(multisetMinus(b, a))];
  const [onlyL, onlyR] = firsts.map((fs, i) => [...fs].filter((f) => only[i]!.has(faultId(f)))) as [
    Fault[],
    Fault[],
  ];
  const keys = sides.map((list) => new Set(list.map(faultKey)));
  // Named with its function when the other world has a fault of that kind on that device too
  // (a DMA fault's effect tells them apart already).
  const text = (f: Fault, other: number) =>
    !f.dma && keys[other]!.has(faultKey(f)) ? `${faultLabel(f)} in ${f.fn}()` : faultLabel(f);
  const row = (l: Fault | undefined, r: Fault | undefined): Difference => ({
    step,
    kind: 'fault',
    devices: [...new Set([l?.device, r?.device].filter((d): d is string => d !== undefined))],
    left: l ? text(l, 1) : NONE,
    right: r ? text(r, 0) : NONE,
    via: { left: l ? [l.fn] : [], right: r ? [r.fn] : [] },
  });
  const rights = [...onlyR];
  const out = onlyL.map((l) => {
    const j = rights.findIndex((r) => faultKey(r) === faultKey(l));
    return row(l, j < 0 ? undefined : rights.splice(j, 1)[0]);
  });
  return [...out, ...rights.map((r) => row(undefined, r))];
}

/**
 * A world's faults, less the kernel-crash of a step its kernel died in: the step's answer row
 * says that death already, with the function it died in.
 */
function worldFaults(faults: Fault[], s: StepResult): Fault[] {
  return diedIn(s.error) ? faults.filter((f) => f.kind !== 'kernel-crash') : faults;
}

// A step that ends with no kernel running though it answered: a crash with nothing to start.
const STAYS_IN_PANIC = 'ok, and the kernel stays in panic(): nothing boots';

function errorDiffs(step: number, a: StepResult, b: StepResult): Difference[] {
  // Refusals by their errno (the texts name this world's objects); deaths by where they died
  // (two kernels that oop in different code both answer -EFAULT); an ok by whether a kernel runs.
  const answer = (s: StepResult) =>
    s.ok
      ? s.panicked
        ? 'panic'
        : 'ok'
      : diedIn(s.error)
        ? `died in ${s.errorFn}`
        : (s.error ?? 'refused').split(/[: ]/)[0]!;
  if (answer(a) === answer(b)) return [];
  // A refused or dead side's: the function that returned the errno or died. An ok names none, nor
  // does a refusal that is the sandbox's (a dead kernel answers nothing: the sandbox says so).
  const fn = (s: StepResult) => (s.ok || !s.errorFn || s.errorBy === 'sandbox' ? [] : [s.errorFn]);
  const text = (s: StepResult) => (s.ok ? (s.panicked ? STAYS_IN_PANIC : 'ok') : (s.error ?? ''));
  return [
    { step, kind: 'error', devices: [], left: text(a), right: text(b), via: { left: fn(a), right: fn(b) } },
  ];
}

/** The group-type differences among a step's rows, as `device|left|right`. */
const typesOf = (rows: readonly Difference[]): Set<string> =>
  new Set(
    rows
      .filter((d) => d.kind === 'group-type' && !d.ended)
      .flatMap((d) => d.devices.map((v) => `${v}|${d.left}|${d.right}`)),
  );

/** Whether a step started a new kernel: a boot, or a crash into the kdump kernel. */
const bootsAt = (s: StepResult) => s.ok && !s.panicked && (s.op === 'boot' || s.op === 'crash');

/**
 * Whether the world's kernel is dead at step `i`: none ran after the step before (it died, or a
 * crash had nothing to start), and this step does not start one. Its state is then where the
 * kernel stopped, not something it did.
 */
const deadAt = (steps: readonly StepResult[], i: number): boolean =>
  steps[i - 1]?.panicked === true && !bootsAt(steps[i]!);

/** Every difference between two runs, step by step (the runs must have the same steps). */
export function compareRuns(left: RunResult, right: RunResult): Difference[] {
  const out: Difference[] = [];
  const n = Math.min(left.steps.length, right.steps.length);
  // The rows of the step before, which the next step's rows are read against.
  let last: Difference[] = [];
  for (let i = 0; i < n; i++) {
    const a = left.steps[i]!;
    const b = right.steps[i]!;
    // A dead world refuses each step (its answer differs) and its state stays as it died: set
    // against a live world's, it would list every later change of the live one as a difference.
    if (deadAt(left.steps, i) || deadAt(right.steps, i)) {
      const same = (d: Difference) => (e: Difference) =>
        e.kind === 'error' && e.left === d.left && e.right === d.right;
      last = errorDiffs(i, a, b).map((d) => (last.some(same(d)) ? { ...d, repeats: true as const } : d));
      out.push(...last);
      continue;
    }
    // A new kernel starts from nothing: every domain it has is its own (ids start again at d1).
    const prev = [a, b].map((s, w) => (bootsAt(s) ? null : ([left, right][w]!.steps[i - 1]?.state ?? null)));
    const worlds: WorldStep[] = [
      { step: a, prev: prev[0] ?? null, faults: left.faults, index: i },
      { step: b, prev: prev[1] ?? null, faults: right.faults, index: i },
    ];
    const here = [
      ...errorDiffs(i, a, b),
      ...partitionDiffs(i, worlds),
      ...typeDiffs(i, worlds, typesOf(last)),
      ...domainDiffs(i, worlds, prev),
      ...deviceFieldDiffs(i, worlds),
      ...faultDiffs(
        i,
        ...([left, right].map((r, w) => worldFaults(r.faults, [a, b][w]!)) as [Fault[], Fault[]]),
      ),
    ];
    // Across a new kernel's start nothing lasts: its state is not the old one's, changed.
    const before = prev.some((p) => p === null) ? [] : last;
    last = [...here, ...endedDiffs(i, before, here, worlds)];
    out.push(...last);
  }
  return out;
}

// The kinds that are a device's state, which lasts: one is new where a device first shows it.
const PER_DEVICE: ReadonlySet<DifferenceKind> = new Set(['group-type', 'dma', 'driver-view']);

/**
 * Differences that are new at a step: those not already present at the step before (for a
 * per-step panel). A lasting state is new where one of its devices first shows it, so a row
 * that only lost a member (a hot-remove) or was split by its functions is not new again.
 */
export function newAt(diffs: Difference[], step: number): Difference[] {
  const key = (d: Difference) => `${d.kind}|${d.devices.join(',')}|${d.left}|${d.right}`;
  const perDevice = (d: Difference, dev: string) => `${d.kind}|${dev}|${d.left}|${d.right}`;
  const earlier = diffs.filter((d) => d.step === step - 1 && !d.ended);
  const before = new Set(earlier.map(key));
  const devices = new Set(
    earlier.filter((d) => PER_DEVICE.has(d.kind)).flatMap((d) => d.devices.map((v) => perDevice(d, v))),
  );
  return diffs.filter((d) => {
    if (d.step !== step) return false;
    if (d.kind === 'error') return !d.repeats;
    if (d.ended || d.kind === 'domain' || d.kind === 'fault') return true;
    if (PER_DEVICE.has(d.kind))
      return d.devices.length === 0 || d.devices.some((v) => !devices.has(perDevice(d, v)));
    return !before.has(key(d));
  });
}
