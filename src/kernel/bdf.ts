/**
 * PCI addresses (segment:bus:device.function) as the scenario writes them and as dmesg prints
 * them. Pure string/number helpers; no topology knowledge.
 */

/** A parsed PCI address; all numbers, dev < 32, fn < 8. */
export interface Bdf {
  segment: number;
  bus: number;
  dev: number;
  fn: number;
}

// Strict widths: 'BB:DD.F' or 'SSSS:BB:DD.F', hex digits, as lspci and sysfs print them:
// BDF_RE = /^(?:([0-9a-fA-F]{4}):)?([0-9a-fA-F]{2}):([01][0-9a-fA-F])\.([0-7])$/, parsed by hand below.

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

// Every walk, sort and message asks about addresses; large machines ask about the same few
// strings millions of times. One cache entry per string holds the parse and each derived
// spelling, computed on first use, so a lookup replaces a parse and a format (bounded; the
// parsed objects are frozen). Every field is set from the start: one object shape for all.
interface Info {
  /** (segment, bus, devfn) as one number that sorts like compareBdf; -1 when malformed. */
  key: number;
  /** Made on first use: most addresses are only ever compared and sorted. */
  b: Readonly<Bdf> | null | undefined;
  canon: string | null | undefined;
  full: string | undefined;
  bus: string | undefined;
  slot: string | undefined;
  /** Function 00.0 of the same bus. */
  first: string | undefined;
}
const cache = new Map<string, Info>();
// The two addresses asked about last: walks ask several questions about one device in a row,
// and comparing a string is cheaper than hashing it into a table of 200,000.
let lastS = '';
let lastI: Info | null = null;
let prevS = '';
let prevI: Info | null = null;

function info(s: string): Info {
  if (s === lastS && lastI) return lastI;
  let hit = s === prevS ? prevI : null;
  if (hit === null) {
    hit = cache.get(s) ?? null;
    if (hit === null) {
      if (cache.size > 1_000_000) cache.clear();
      hit = parseUncached(s);
      cache.set(s, hit);
    }
  }
  prevS = lastS;
  prevI = lastI;
  lastS = s;
  lastI = hit;
  return hit;
}

function bdfOf(i: Info): Readonly<Bdf> | null {
  if (i.b === undefined) {
    const k = i.key;
    i.b = Object.freeze({
      segment: Math.floor(k / 65536),
      bus: (k >> 8) & 255,
      dev: (k >> 3) & 31,
      fn: k & 7,
    });
  }
  return i.b;
}

/** Parses 'BB:DD.F' or 'SSSS:BB:DD.F' (hex, dev < 32, fn < 8); null when malformed. */
export function parseBdf(s: string): Readonly<Bdf> | null {
  return bdfOf(info(s));
}

/** compareBdf's key of an address, (segment, bus, devfn) as one number; -1 when malformed. */
export function bdfKey(s: string): number {
  return info(s).key;
}

// Each ASCII character's hex value, upper-case digits plus 16 (a digit, but not the canonical
// spelling); -1 for anything else.
const HEX = new Int8Array(128).fill(-1);
for (let c = 0; c < 16; c++) HEX['0123456789abcdef'.charCodeAt(c)] = c;
for (let c = 10; c < 16; c++) HEX['ABCDEF'.charCodeAt(c - 10)] = c | 16;
const hexAt = (s: string, i: number): number => HEX[s.charCodeAt(i)] ?? -1;

// BDF_RE by hand, noting on the way whether the string is already canonical: every address of
// a machine is parsed once, and for 200,000 of them a regex, parseInts and a second pass for
// the spelling were a visible part of reading the scenario.
function parseUncached(s: string): Info {
  const at = s.length === 12 ? 5 : 0;
  let key = -1;
  let canonical = false;
  if (
    (at !== 0 || s.length === 7) &&
    s.charCodeAt(at + 2) === 58 &&
    s.charCodeAt(at + 5) === 46 &&
    (at === 0 || s.charCodeAt(4) === 58)
  ) {
    const b1 = hexAt(s, at);
    const b0 = hexAt(s, at + 1);
    const d1 = hexAt(s, at + 3);
    const d0 = hexAt(s, at + 4);
    const fn = s.charCodeAt(at + 6) - 48;
    let digits = b1 | b0 | d1 | d0;
    let seg = 0;
    if (at !== 0) {
      const s3 = hexAt(s, 0);
      const s2 = hexAt(s, 1);
      const s1 = hexAt(s, 2);
      const s0 = hexAt(s, 3);
      digits |= s3 | s2 | s1 | s0;
      seg = ((s3 & 15) << 12) | ((s2 & 15) << 8) | ((s1 & 15) << 4) | (s0 & 15);
    }
    // `digits` is negative if one was not a hex digit, 16 or more if one was upper-case;
    // dev < 32 is a first digit of 0 or 1.
    if (digits >= 0 && (d1 & 15) < 2 && fn >= 0 && fn <= 7) {
      key = seg * 65536 + (((b1 & 15) << 12) | ((b0 & 15) << 8) | ((d1 & 15) << 7) | ((d0 & 15) << 3) | fn);
      canonical = digits < 16 && (at === 0 || seg !== 0);
    }
  }
  return {
    key,
    b: key < 0 ? null : undefined,
    canon: canonical ? s : key < 0 ? null : undefined,
    full: undefined,
    bus: undefined,
    slot: undefined,
    first: undefined,
  };
}

/** Formats a parsed address: 'BB:DD.F' on segment 0, else 'SSSS:BB:DD.F', lower-case. */
export function formatBdf(b: Bdf): string {
  const short = `${hex(b.bus, 2)}:${hex(b.dev, 2)}.${b.fn}`;
  return b.segment === 0 ? short : `${hex(b.segment, 4)}:${short}`;
}

/** The canonical spelling: lower-case, 'BB:DD.F' when segment 0, else 'SSSS:BB:DD.F'; null if malformed. */
export function canonicalBdf(s: string): string | null {
  const i = info(s);
  if (i.canon === undefined) i.canon = formatBdf(bdfOf(i)!);
  return i.canon;
}

/** The 'SSSS:BB:DD.F' form the kernel prints in messages ('0000:01:00.0'); malformed input is returned as is. */
export function fullBdf(bdf: string): string {
  const i = info(bdf);
  if (i.full === undefined) {
    const k = i.key;
    if (k < 0) i.full = bdf;
    else if (i.canon === bdf) i.full = bdf.length === 12 ? bdf : `0000:${bdf}`;
    else
      i.full = `${hex(Math.floor(k / 65536), 4)}:${hex((k >> 8) & 255, 2)}:${hex((k >> 3) & 31, 2)}.${k & 7}`;
  }
  return i.full;
}

// The derived spellings below are cut from the canonical spelling when the address has it:
// cheaper than formatting numbers, for every device of a big machine.

const busOf = (i: Info, bdf: string): string => {
  if (i.bus === undefined) {
    const k = i.key;
    if (k < 0) i.bus = bdf;
    else if (i.canon === bdf) i.bus = bdf.length === 7 ? `0000:${bdf.slice(0, 2)}` : bdf.slice(0, 7);
    else i.bus = `${hex(Math.floor(k / 65536), 4)}:${hex((k >> 8) & 255, 2)}`;
  }
  return i.bus;
};

/** The bus a function sits on, 'SSSS:BB'. */
export function busKey(bdf: string): string {
  return busOf(info(bdf), bdf);
}

/** The slot (device) a function belongs to, 'SSSS:BB:DD': PCI_SLOT(devfn) on one bus. */
export function slotKey(bdf: string): string {
  const i = info(bdf);
  if (i.slot === undefined) {
    const k = i.key;
    if (k < 0) i.slot = bdf;
    else if (i.canon === bdf) i.slot = bdf.length === 12 ? bdf.slice(0, 10) : `0000:${bdf.slice(0, 5)}`;
    else i.slot = `${busOf(i, bdf)}:${hex((k >> 3) & 31, 2)}`;
  }
  return i.slot;
}

/** devfn as the kernel packs it: dev << 3 | fn. */
export function devfnOf(bdf: string): number {
  const k = info(bdf).key;
  return k < 0 ? -1 : k & 255;
}

/** The BDF of a devfn on a bus given as 'SSSS:BB' (busKey): a DMA alias, or a bridge's (bus, 00.0). */
export function bdfOnBus(bus: string, devfn: number): string {
  const [seg, nr] = bus.split(':').map((x) => Number.parseInt(x, 16));
  return formatBdf({ segment: seg ?? 0, bus: nr ?? 0, dev: (devfn >> 3) & 31, fn: devfn & 7 });
}

/** bdfOnBus(busKey(bdf), 0): function 00.0 of the bus `bdf` is on (a PCIe-to-PCI bridge's alias). */
export function firstOnBus(bdf: string): string {
  const i = info(bdf);
  if (i.first === undefined) {
    const k = i.key;
    if (k < 0) i.first = bdfOnBus(busKey(bdf), 0);
    else if (i.canon === bdf) i.first = `${bdf.slice(0, bdf.length - 4)}00.0`;
    else i.first = formatBdf({ segment: Math.floor(k / 65536), bus: (k >> 8) & 255, dev: 0, fn: 0 });
  }
  return i.first;
}

/** Orders by (segment, bus, dev, fn); malformed addresses sort after all valid ones, by text. */
export function compareBdf(a: string, b: string): number {
  const ka = info(a).key;
  const kb = info(b).key;
  if (ka < 0 || kb < 0) {
    if (ka >= 0) return -1;
    if (kb >= 0) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return ka - kb;
}

/** `[...list].sort(compareBdf)`, the same stable order. */
export function sortBdfs(list: readonly string[]): string[] {
  const { at } = addressOrder(list);
  const sorted = new Array<string>(at.length);
  for (let j = 0; j < at.length; j++) sorted[j] = list[at[j]!]!;
  return sorted;
}

/**
 * Where `bdf` is in `sorted`, a list in sortBdfs's order without repeats; -1 if absent. A binary
 * search: a table of every address would cost more to build, for a machine of 200,000 devices,
 * than all the lookups a step makes.
 */
export function indexInSorted(sorted: readonly string[], bdf: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareBdf(sorted[mid]!, bdf) < 0) lo = mid + 1;
    else hi = mid;
  }
  // Two spellings of one address compare equal: look through them for this one.
  for (let i = lo; i < sorted.length && compareBdf(sorted[i]!, bdf) === 0; i++)
    if (sorted[i] === bdf) return i;
  return -1;
}

/** A list of addresses in compareBdf order, as positions: what indexing a topology needs. */
export interface AddressOrder {
  /** The list index of the address at each position. */
  at: Int32Array;
  /** The compareBdf key at each position, -1 for a malformed address (those come last). */
  key: Float64Array;
  /** busKey at each position (the same string for every address on a bus). */
  bus: string[];
  /** Two addresses compare equal: a duplicate, or two spellings of one. */
  ties: boolean;
  /** Some address is malformed. */
  malformed: boolean;
  /** Every address is well-formed and spelled as canonicalBdf spells it. */
  canonical: boolean;
}

/**
 * The stable order of `[...list].sort(compareBdf)`, from one lookup per address and without a
 * comparator call per comparison: each valid address is packed with its list index into one
 * number and a Float64Array sorts them natively (sorting 200,000 addresses was the largest part
 * of indexing a big topology).
 */
export function addressOrder(list: readonly string[]): AddressOrder {
  const n = list.length;
  const infos: Info[] = new Array(n);
  const packed = new Float64Array(n);
  const malformed: number[] = [];
  let canonical = true;
  let valid = 0;
  for (let i = 0; i < n; i++) {
    const s = list[i]!;
    const inf = info(s);
    infos[i] = inf;
    if (inf.canon !== s) canonical = false;
    if (inf.key < 0) malformed.push(i);
    // key < 2^32 and i < 2^21: exact in a double, and ties keep the list order (stable).
    else packed[valid++] = inf.key * 2 ** 21 + i;
  }
  // (Past 2^21 addresses the list index no longer fits beside the key: a comparator sort.)
  const byKey =
    n < 2 ** 21
      ? packed.subarray(0, valid).sort()
      : Int32Array.from(
          [...list.keys()]
            .filter((i) => infos[i]!.key >= 0)
            .sort((a, b) => infos[a]!.key - infos[b]!.key || a - b),
        );
  const at = new Int32Array(n);
  const key = new Float64Array(n);
  const bus = new Array<string>(n);
  let ties = false;
  let prevKey = -1;
  let prevBus = -1;
  let busKey = '';
  for (let j = 0; j < valid; j++) {
    const i = n < 2 ** 21 ? byKey[j]! % 2 ** 21 : byKey[j]!;
    const inf = infos[i]!;
    const k = inf.key;
    at[j] = i;
    key[j] = k;
    if (k === prevKey) ties = true;
    // Sorted, the addresses of a bus are neighbours: one busKey string for all of them.
    else if (k >>> 8 !== prevBus) {
      prevBus = k >>> 8;
      busKey = busOf(inf, list[i]!);
    }
    inf.bus = busKey;
    bus[j] = busKey;
    prevKey = k;
  }
  malformed.sort((a, b) => (list[a]! < list[b]! ? -1 : list[a]! > list[b]! ? 1 : a - b));
  for (let j = valid; j < n; j++) {
    const i = malformed[j - valid]!;
    at[j] = i;
    key[j] = -1;
    bus[j] = list[i]!;
    if (j > valid && list[i] === list[at[j - 1]!]) ties = true;
  }
  return { at, key, bus, ties, malformed: malformed.length > 0, canonical };
}
