/**
 * A topology by position in its `sorted` list, as buildTopology lays it out: the parent and bus of
 * each device as numbers, for walks and checks over every device (topologyCheck, step references)
 * that would otherwise look each address up. Also the parts of building it that are about
 * positions only: parents found by key, loops of parents cut, buses numbered, and the records
 * only a hot-remove reads (`children`, `secondary`), made on first read.
 */
import { type AddressOrder, bdfKey, sortBdfs } from './bdf';
import type { Topology } from './topology';
import type { DeviceSpec } from './types';

/**
 * How buildTopology laid the devices out, for the questions asked about every device
 * (topologyCheck, step references): by position in `sorted`, without a lookup by address.
 */
export interface TopologyIndex {
  /** The spec at each position. */
  spec: DeviceSpec[];
  /** The position in the spec list (with duplicate addresses dropped) of each. */
  at: Int32Array;
  /** compareBdf's key at each position (-1: malformed). */
  key: Float64Array;
  /** The position of the bridge above (`upstream`), or -1. */
  up: Int32Array;
  /** The number of the bus each position is on (`bus`); -1 for an ACPI device. */
  bus: Int32Array;
  /** The busKey of each position. */
  busKey: string[];
  /** For a bridge with children, the bus number of its first child (`secondary`); else -1. */
  secondary: Int32Array;
  /** For a bridge whose children are on several buses (invalid input): those buses, in order. */
  split: Map<number, number[]>;
  /** Every spec has an address of its own (no duplicate, no two spellings of one). */
  distinct: boolean;
  /** Every address is well-formed and canonical. */
  canonical: boolean;
  /** The topology's `children` and `secondary` records, once read. */
  childrenRecord?: Record<string, string[]>;
  secondaryRecord?: Record<string, string>;
}

const indexes = new WeakMap<Topology, TopologyIndex>();

/** The index buildTopology made of `topo`. */
export function topologyIndex(topo: Topology): TopologyIndex {
  return indexes.get(topo)!;
}

// `children` and `secondary`, which only a hot-remove reads, are made on first read and kept in
// the index. By accessors that every topology shares, so that all keep one shape: the kernel's
// walks read topologies in their hottest loops.
const MADE_ON_READ: PropertyDescriptorMap = {
  children: {
    get(this: Topology) {
      const ix = topologyIndex(this);
      ix.childrenRecord ??= childrenOf(ix, this.sorted);
      return ix.childrenRecord;
    },
    set(this: Topology, value: Topology['children']) {
      topologyIndex(this).childrenRecord = value;
    },
    enumerable: true,
  },
  secondary: {
    get(this: Topology) {
      const ix = topologyIndex(this);
      ix.secondaryRecord ??= secondaryOf(ix, this.sorted);
      return ix.secondaryRecord;
    },
    set(this: Topology, value: Topology['secondary']) {
      topologyIndex(this).secondaryRecord = value;
    },
    enumerable: true,
  },
};

/** Keeps `ix` as the index of `topo`, and gives `topo` its `children` and `secondary`. */
export function attachIndex(topo: Topology, ix: TopologyIndex): void {
  indexes.set(topo, ix);
  Object.defineProperties(topo, MADE_ON_READ);
}

/** Whether every spec the topology was built from has an address of its own. */
export function hasDistinctAddresses(topo: Topology): boolean {
  return topologyIndex(topo).distinct;
}

const isAcpi = (d: DeviceSpec) => d.type === 'acpi';

// A child of bridge `u` is on `bus`: the bridge's secondary bus is its first child's.
export function onBus(ix: TopologyIndex, u: number, bus: number): void {
  const sec = ix.secondary[u]!;
  if (sec === bus) return;
  if (sec < 0) ix.secondary[u] = bus;
  else {
    const more = ix.split.get(u) ?? [sec];
    if (!more.includes(bus)) more.push(bus);
    ix.split.set(u, more);
  }
}

/** The position of `bdf` in `sorted`, or -1. */
export function positionOf(topo: Topology, bdf: string): number {
  const k = bdfKey(bdf);
  const { sorted } = topo;
  return k >= 0 ? findKey(topologyIndex(topo).key, k, bdf, (j) => sorted[j]!) : sorted.lastIndexOf(bdf);
}

// Each device's parent as a position, -1 for none (as `upstream` has it: no parent, itself, a
// missing device, or an ACPI device on either side). Found by key (a binary search), once per
// run of children of one bridge.
export class ParentFinder {
  private last: string | undefined;
  private lastAt = -1;
  private malformed: Map<string, number> | null = null;

  constructor(
    private readonly list: readonly DeviceSpec[],
    private readonly ord: AddressOrder,
  ) {}

  private readonly bdfAt = (j: number) => this.list[this.ord.at[j]!]!.bdf;

  of(s: DeviceSpec): number {
    const p = s.parent;
    if (p === undefined || p === s.bdf || isAcpi(s)) return -1;
    if (p !== this.last) {
      this.last = p;
      const k = bdfKey(p);
      let at = k >= 0 ? findKey(this.ord.key, k, p, this.bdfAt) : this.malformedAt(p);
      if (at >= 0 && isAcpi(this.list[this.ord.at[at]!]!)) at = -1;
      this.lastAt = at;
    }
    return this.lastAt;
  }

  private malformedAt(p: string): number {
    if (!this.malformed) {
      this.malformed = new Map();
      const { key } = this.ord;
      for (let j = key.length - 1; j >= 0 && key[j]! < 0; j--) this.malformed.set(this.bdfAt(j), j);
    }
    return this.malformed.get(p) ?? -1;
  }
}

// The position of address `p` (key `k`): the first with that key, then its other spellings.
function findKey(key: Float64Array, k: number, p: string, bdfAt: (j: number) => string): number {
  let lo = 0;
  let hi = key.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const km = key[mid]!;
    if (km >= 0 && km < k) lo = mid + 1;
    else hi = mid;
  }
  for (let j = lo; j < key.length && key[j] === k; j++) if (bdfAt(j) === p) return j;
  return -1;
}

// A loop of parents has no root bus above it; cut it at its lowest BDF so every walk ends.
// Devices already known to reach a root bus end a walk early (cuts only ever end walks sooner),
// so each parent link is followed about once instead of once per device below it. True if it cut.
export function cutCycles(sorted: string[], up: Int32Array): boolean {
  const ON_CHAIN = 1;
  const ENDS = 2;
  const state = new Uint8Array(up.length);
  const chain: number[] = [];
  let cut = false;
  for (let j = 0; j < up.length; j++) {
    const u = up[j]!;
    // The common case, a parent already known to reach a root bus (or none): nothing to walk.
    if (u < 0 || state[u] === ENDS) {
      state[j] = ENDS;
      continue;
    }
    chain.length = 0;
    let cur = j;
    while (cur >= 0 && state[cur] === 0) {
      chain.push(cur);
      state[cur] = ON_CHAIN;
      cur = up[cur]!;
    }
    if (cur >= 0 && state[cur] === ON_CHAIN) {
      const from = chain.indexOf(cur);
      const loop = chain.slice(from).map((c) => sorted[c]!);
      up[chain[from + loop.indexOf(sortBdfs(loop)[0]!)]!] = -1;
      cut = true;
    }
    for (const c of chain) state[c] = ENDS;
  }
  return cut;
}

// The buses, numbered in address order: `bus`, and each bus's devices as a list of positions
// (`head`, then `next` until -1).
export class Buses {
  readonly bus: Record<string, string[]> = {};
  readonly key: string[] = [];
  readonly head: number[] = [];
  readonly next: Int32Array;
  private readonly tail: number[] = [];
  private lastKey: string | undefined;
  private last = -1;
  private onLast: string[] = [];
  private byKey: Map<string, number> | null = null;

  constructor(n: number) {
    this.next = new Int32Array(n).fill(-1);
  }

  /** Puts position `j`, address `bdf`, on the bus `key`; returns the bus's number. */
  add(j: number, key: string, bdf: string, malformed: boolean): number {
    if (key !== this.lastKey) {
      this.lastKey = key;
      // A malformed address is a bus of its own, unless it spells a bus that exists.
      if (malformed) this.byKey ??= new Map(this.key.map((b, i) => [b, i]));
      const known = this.byKey?.get(key);
      if (known === undefined) {
        this.last = this.key.length;
        this.key.push(key);
        this.head.push(j);
        this.tail.push(j);
        // (Most buses hold one device: a list of one, not the room an empty list grows to.)
        this.onLast = this.bus[key] = [bdf];
        this.byKey?.set(key, this.last);
        return this.last;
      }
      this.last = known;
      this.onLast = this.bus[key]!;
    }
    const b = this.last;
    this.next[this.tail[b]!] = j;
    this.tail[b] = j;
    this.onLast.push(bdf);
    return b;
  }
}

// Bridge -> its children, from the index, in address order.
function childrenOf(ix: TopologyIndex, sorted: string[]): Record<string, string[]> {
  const children: Record<string, string[]> = {};
  const kids: (string[] | undefined)[] = new Array(sorted.length);
  for (let j = 0; j < sorted.length; j++) {
    const u = ix.up[j]!;
    // (A device named '' is nobody's bridge: that is how the index has always read it.)
    if (u < 0 || sorted[u] === '') continue;
    let list = kids[u];
    if (list === undefined) list = kids[u] = children[sorted[u]!] = [];
    list.push(sorted[j]!);
  }
  return children;
}

// Bridge -> busKey of its secondary bus: its first child's.
function secondaryOf(ix: TopologyIndex, sorted: string[]): Record<string, string> {
  const secondary: Record<string, string> = {};
  for (let j = 0; j < sorted.length; j++) {
    const u = ix.up[j]!;
    if (u >= 0 && sorted[u] !== '' && !(sorted[u]! in secondary)) secondary[sorted[u]!] = ix.busKey[j]!;
  }
  return secondary;
}
