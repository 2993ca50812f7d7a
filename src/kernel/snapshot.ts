/**
 * The result format's view of a machine (scenario-format.md "Output"): groups, domains and
 * devices after a step, including what each device's DMA does now (kernel-model.md §1.5).
 */
import { compareBdf, indexInSorted, sortBdfs } from './bdf';
import { type StepChanges, stepChanges } from './changes';
import { groupType } from './dma';
import { recordKeys } from './records';
import { deviceSnap, domainSnap, groupSnap, NO_DEVICES, sameList } from './snapshotItems';
import { knownTopology } from './topologyCache';
import type {
  DeviceSnapshot,
  DeviceState,
  Domain,
  DomainSnapshot,
  GroupSnapshot,
  GroupState,
  Machine,
  StateSnapshot,
} from './types';

export { dmaBehaviour, groupType } from './dma';

/**
 * A machine's snapshot lists, kept (privately: callers get copies) for the next step's patch,
 * which reworks them in place: once patched, a Built is never read again.
 */
interface Built {
  machine: Machine;
  /** Present devices by address. */
  order: readonly string[];
  devices: DeviceSnapshot[];
  groups: GroupSnapshot[];
  domains: DomainSnapshot[];
  /** Domain id -> the devices whose context entry points at it, in `order`. */
  lists: Map<string, string[]>;
}

// The last snapshot made: a run snapshots each machine right after its step, so the next one
// patches this one with what the step changed (changes.ts) instead of redoing every device.
let last: Built | null = null;

/** The machine as the result format shows it after a step. */
export function snapshot(m: Machine): StateSnapshot {
  const b = last?.machine === m ? last : (patched(m) ?? full(m, predecessor(m)));
  last = b;
  return { groups: b.groups.slice(), domains: b.domains.slice(), devices: b.devices.slice() };
}

// Present devices by address. The step's topology, which carries over while no device comes or
// goes, already lists them sorted: sorting 20,000 addresses after every step was most of a
// snapshot's cost.
const presentOrder = (m: Machine): readonly string[] =>
  knownTopology(m)?.sorted ?? sortBdfs(recordKeys(m.devices));

// The last snapshot, if it is of the machine this one stepped from.
function predecessor(m: Machine): Built | null {
  return last !== null && stepChanges(m)?.prev.deref() === last.machine ? last : null;
}

/** The whole snapshot, every list rebuilt; groups that read as in `prev` keep its objects. */
function full(m: Machine, prev: Built | null): Built {
  const order = presentOrder(m);
  const lists = new Map<string, string[]>();
  const devices: DeviceSnapshot[] = new Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const d = m.devices[order[i]!]!;
    devices[i] = deviceSnap(m, d);
    if (d.hw.kind !== 'domain') continue;
    const list = lists.get(d.hw.domain);
    if (list) list.push(d.bdf);
    else lists.set(d.hw.domain, [d.bdf]);
  }
  const domains = byNumber(recordKeys(m.domains).map((id) => m.domains[id]!)).map((dom) =>
    domainSnap(dom, lists.get(dom.id) ?? NO_DEVICES),
  );
  return { machine: m, order, devices, groups: allGroups(m, prev?.groups ?? []), domains, lists };
}

// Domains in the order of their numbers (d2 before d10), as a stable sort would put them. They
// are mostly in that order already (allocated so): then no sort, and no two id slices per
// comparison of twelve thousand domains.
function byNumber(doms: Domain[]): Domain[] {
  const nums = doms.map((d) => Number(d.id.slice(1)));
  let sorted = true;
  for (let i = 1; i < nums.length && sorted; i++) sorted = nums[i - 1]! <= nums[i]!;
  if (sorted) return doms;
  const at = doms.map((_, i) => i).sort((a, b) => nums[a]! - nums[b]! || a - b);
  return at.map((i) => doms[i]!);
}

// Every group by id. One whose snapshot would read as its snapshot in `before` keeps that object
// (a step that created or released a group leaves the others alone; a reboot forms the same
// groups again), so what shows it need not redo it.
function allGroups(m: Machine, before: readonly GroupSnapshot[]): GroupSnapshot[] {
  const groups = Object.values(m.groups).sort((a, b) => a.id - b.id);
  const out: GroupSnapshot[] = new Array(groups.length);
  let j = 0;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    while (j < before.length && before[j]!.id < g.id) j++;
    const was = before[j];
    out[i] = was?.id === g.id && readsAs(m, g, was) ? was : groupSnap(m, g);
  }
  return out;
}

function readsAs(m: Machine, g: GroupState, snap: GroupSnapshot): boolean {
  return (
    snap.defaultDomain === g.defaultDomain &&
    snap.domain === g.domain &&
    snap.owner === g.owner &&
    snap.ownerCnt === (m.kernel === 'v6.1' ? g.ownerCnt : undefined) &&
    snap.blockingDomain === (m.kernel === 'v6.1' ? (g.blockingDomain ?? undefined) : undefined) &&
    snap.type === groupType(m, g) &&
    sameList(snap.devices, g.devices)
  );
}

/**
 * The previous snapshot with what the step changed redone: the devices it wrote and those in a
 * domain it wrote, the lists of the domains they left or joined, the groups it wrote or whose
 * default domain it wrote. Null when that is not known (no previous snapshot, a boot): full().
 */
function patched(m: Machine): Built | null {
  const c = stepChanges(m);
  const p = last;
  if (!c || !p || !c.devices || !c.domains || c.prev.deref() !== p.machine) return null;
  const pm = p.machine;
  if (pm.config !== m.config || pm.booted !== m.booted || pm.kernel !== m.kernel) return null;
  const order = orderAfter(m, p, c);
  const dirty = new Set(c.devices.keys());
  for (const id of c.domains.keys()) for (const b of p.lists.get(id) ?? NO_DEVICES) dirty.add(b);
  // Domains whose device list may change: written ones, and those dirty devices left or joined.
  const joined = new Map<string, string[]>();
  const affected = new Set(c.domains.keys());
  for (const b of dirty) {
    const was = deviceBefore(c, m, b)?.hw;
    if (was?.kind === 'domain') affected.add(was.domain);
    const now = m.devices[b]?.hw;
    if (now?.kind !== 'domain') continue;
    affected.add(now.domain);
    const list = joined.get(now.domain);
    if (list) list.push(b);
    else joined.set(now.domain, [b]);
  }
  const devices = patchDevices(m, c, p, order, dirty);
  if (!devices) return null;
  // A list that gains devices is put back in `order`, which is by address: mostly compareBdf's
  // order already (what it kept is), so a sort does little.
  const inOrder = (a: string, b: string) =>
    compareBdf(a, b) || indexInSorted(order, a) - indexInSorted(order, b);
  const lists = p.lists;
  for (const id of affected) {
    const kept = (p.lists.get(id) ?? NO_DEVICES).filter((b) => !dirty.has(b));
    const add = joined.get(id);
    let list = kept;
    if (add) {
      list = kept.length === 0 ? add : [...kept, ...add];
      if (list.length > 1) list.sort(inOrder);
    }
    if (list.length > 0) lists.set(id, list);
    else lists.delete(id);
  }
  const domains = patchDomains(m, c, p, affected, lists);
  if (!domains) return null;
  const groups = c.groups ? patchGroups(m, p, c.groups, c.domains) : allGroups(m, p.groups);
  return { machine: m, order, devices, groups, domains, lists };
}

// What the previous machine had: the step's record of what it replaced, else what is there now.
// (Not the previous machine's records: a step that consumed its machine wrote them in place.)
function deviceBefore(c: StepChanges, m: Machine, bdf: string): DeviceState | undefined {
  const before = c.devices!;
  return before.has(bdf) ? before.get(bdf) : m.devices[bdf];
}
function domainBefore(c: StepChanges, m: Machine, id: string): Domain | undefined {
  const before = c.domains!;
  return before.has(id) ? before.get(id) : m.domains[id];
}

// A device the step named that is still the same object in the same domain object: its
// snapshot (and the CLI's line for it) stays.
function unchanged(c: StepChanges, m: Machine, d: DeviceState): boolean {
  return (
    deviceBefore(c, m, d.bdf) === d &&
    (d.hw.kind !== 'domain' || domainBefore(c, m, d.hw.domain) === m.domains[d.hw.domain])
  );
}

// The present devices in order. Without a topology (the step removed devices and nothing asked
// for one since): the previous order less the devices that are gone, if none came.
function orderAfter(m: Machine, p: Built, c: StepChanges): readonly string[] {
  const known = knownTopology(m);
  if (known) return known.sorted;
  const gone = new Set<string>();
  for (const b of c.devices!.keys()) {
    const now = m.devices[b] !== undefined;
    const before = deviceBefore(c, m, b) !== undefined;
    if (now && !before) return presentOrder(m);
    if (before && !now) gone.add(b);
  }
  return gone.size > 0 ? p.order.filter((b) => !gone.has(b)) : p.order;
}

function patchDevices(
  m: Machine,
  c: StepChanges,
  p: Built,
  order: readonly string[],
  dirty: ReadonlySet<string>,
): DeviceSnapshot[] | null {
  if (order === p.order) {
    const devices = p.devices;
    for (const b of dirty) {
      const i = indexInSorted(order, b);
      if (i < 0) continue;
      const d = m.devices[b];
      if (!d) return null;
      if (!unchanged(c, m, d)) devices[i] = deviceSnap(m, d);
    }
    return devices;
  }
  // Devices came or went: walk the new order beside the old one (both by address, so the devices
  // present in both come in the same order), reusing the snapshots of untouched devices.
  const devices: DeviceSnapshot[] = new Array(order.length);
  const was = p.order;
  let j = 0;
  for (let i = 0; i < order.length; i++) {
    const b = order[i]!;
    // A device the step did not touch was there before, as it was (the step's changes list
    // those it added).
    const touched = dirty.has(b);
    const d = touched ? m.devices[b] : undefined;
    if (touched && !d) return null;
    if (d && deviceBefore(c, m, b) === undefined) {
      devices[i] = deviceSnap(m, d);
      continue;
    }
    // Past the devices that are gone.
    while (j < was.length && was[j] !== b) j++;
    if (j === was.length) return null;
    devices[i] = !d || unchanged(c, m, d) ? p.devices[j]! : deviceSnap(m, d);
    j++;
  }
  return devices;
}

// Domains are only ever added (d1, d2, ... in order) until a boot resets them, so the list is
// the previous one, written entries redone, new ones appended; anything else: null (full()).
function patchDomains(
  m: Machine,
  c: StepChanges,
  p: Built,
  affected: ReadonlySet<string>,
  lists: Map<string, string[]>,
): DomainSnapshot[] | null {
  const domains = p.domains;
  const fresh: number[] = [];
  for (const id of affected) {
    const n = Number(id.slice(1));
    const dom = m.domains[id];
    if (!dom) return null;
    const list = lists.get(id) ?? NO_DEVICES;
    const was = domains[n - 1];
    if (was?.id !== id) fresh.push(n);
    else if (dom !== domainBefore(c, m, id) || !sameList(was.devices, list))
      domains[n - 1] = domainSnap(dom, list);
  }
  fresh.sort((a, b) => a - b);
  for (const n of fresh) {
    const id = `d${n}`;
    if (n !== domains.length + 1 || !m.domains[id]) return null;
    domains.push(domainSnap(m.domains[id], lists.get(id) ?? NO_DEVICES));
  }
  return domains;
}

// The groups after a step: those it wrote, created or released (`touched`), and those whose
// default domain it wrote (their type reads it), redone; the others kept.
function patchGroups(
  m: Machine,
  p: Built,
  touched: ReadonlySet<number>,
  domains: ReadonlyMap<string, unknown>,
): GroupSnapshot[] {
  const groups = p.groups;
  if (touched.size === 0 && domains.size === 0) return groups;
  const redo = (g: GroupSnapshot) =>
    touched.has(g.id) || (g.defaultDomain !== null && domains.has(g.defaultDomain));
  let listChanged = false;
  for (const id of touched) if ((m.groups[id] !== undefined) !== hasGroup(groups, id)) listChanged = true;
  if (!listChanged) {
    for (let i = 0; i < groups.length; i++)
      if (redo(groups[i]!)) groups[i] = groupSnap(m, m.groups[groups[i]!.id]!);
    return groups;
  }
  // Released ones dropped, created ones merged in by id.
  const created = [...touched].filter((id) => m.groups[id] !== undefined && !hasGroup(groups, id));
  created.sort((a, b) => a - b);
  const out: GroupSnapshot[] = [];
  let k = 0;
  for (const g of groups) {
    while (k < created.length && created[k]! < g.id) out.push(groupSnap(m, m.groups[created[k++]!]!));
    const now = m.groups[g.id];
    if (now) out.push(redo(g) ? groupSnap(m, now) : g);
  }
  while (k < created.length) out.push(groupSnap(m, m.groups[created[k++]!]!));
  return out;
}

// Whether the list (by id, ascending) has group `id`.
function hasGroup(groups: readonly GroupSnapshot[], id: number): boolean {
  let lo = 0;
  let hi = groups.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = groups[mid]!.id;
    if (at === id) return true;
    if (at < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** The snapshot rebuilt from scratch, ignoring what earlier snapshots left (tests compare). */
export function fullSnapshot(m: Machine): StateSnapshot {
  const b = full(m, null);
  return { groups: b.groups, domains: b.domains, devices: b.devices };
}
