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
// /^(?:([0-9a-fA-F]{4}):)?([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\.([0-7])$/, parsed by hand below.

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

// Every walk, sort and message asks about addresses; large machines ask about the same few
// strings millions of times. One cache entry per string holds the parse and each derived
// spelling, computed on first use, so a lookup replaces a regex, a parse and a format
// (bounded; the parsed objects are frozen).
interface Info {
  b: Readonly<Bdf> | null;
  /** (segment, bus, devfn) as one number that sorts like compareBdf; -1 when malformed. */
  key: number;
  canon?: string | null;
  full?: string;
  bus?: string;
  slot?: string;
  /** Function 00.0 of the same bus. */
  first?: string;
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
  if (s === prevS && prevI) return remember(s, prevI);
  let hit = cache.get(s);
  if (hit === undefined) {
    if (cache.size > 1_000_000) cache.clear();
    const b = parseUncached(s);
    hit = { b, key: b ? b.segment * 65536 + b.bus * 256 + ((b.dev << 3) | b.fn) : -1 };
    cache.set(s, hit);
  }
  return remember(s, hit);
}

function remember(s: string, i: Info): Info {
  prevS = lastS;
  prevI = lastI;
  lastS = s;
  lastI = i;
  return i;
}

/** Parses 'BB:DD.F' or 'SSSS:BB:DD.F' (hex, dev < 32, fn < 8); null when malformed. */
export function parseBdf(s: string): Readonly<Bdf> | null {
  return info(s).b;
}

// One hex digit's value, or -1.
function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

// `n` hex digits of `s` from `at` as a number, or -1 (BDF_RE's [0-9a-fA-F]{n}).
function hexRun(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = hexDigit(s.charCodeAt(i));
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

// BDF_RE by hand: every address of a machine is parsed once, and for 200,000 of them the regex
// and four parseInts were a visible part of reading the scenario.
function parseUncached(s: string): Readonly<Bdf> | null {
  const at = s.length === 12 ? 5 : 0;
  if (s.length !== 7 && at === 0) return null;
  const segment = at ? hexRun(s, 0, 4) : 0;
  if (segment < 0 || (at && s.charCodeAt(4) !== 58)) return null;
  const bus = hexRun(s, at, 2);
  const dev = hexRun(s, at + 3, 2);
  const fn = s.charCodeAt(at + 6) - 48;
  if (bus < 0 || dev < 0 || s.charCodeAt(at + 2) !== 58 || s.charCodeAt(at + 5) !== 46) return null;
  if (fn < 0 || fn > 7 || dev >= 32) return null;
  return Object.freeze({ segment, bus, dev, fn });
}

/** Formats a parsed address: 'BB:DD.F' on segment 0, else 'SSSS:BB:DD.F', lower-case. */
export function formatBdf(b: Bdf): string {
  const short = `${hex(b.bus, 2)}:${hex(b.dev, 2)}.${b.fn}`;
  return b.segment === 0 ? short : `${hex(b.segment, 4)}:${short}`;
}

/** The canonical spelling: lower-case, 'BB:DD.F' when segment 0, else 'SSSS:BB:DD.F'; null if malformed. */
export function canonicalBdf(s: string): string | null {
  const i = info(s);
  if (i.canon === undefined) i.canon = i.b ? (isCanonical(s, i.b) ? s : formatBdf(i.b)) : null;
  return i.canon;
}

// A well-formed address already spelled as formatBdf would (no upper case, no 0000: prefix):
// itself, rather than a copy for every address of the scenario.
function isCanonical(s: string, b: Bdf): boolean {
  if (s.length === 12 && b.segment === 0) return false;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c >= 65 && c <= 70) return false;
  }
  return true;
}

/** The 'SSSS:BB:DD.F' form the kernel prints in messages ('0000:01:00.0'); malformed input is returned as is. */
export function fullBdf(bdf: string): string {
  const i = info(bdf);
  if (i.full === undefined) {
    const b = i.b;
    i.full = b ? `${hex(b.segment, 4)}:${hex(b.bus, 2)}:${hex(b.dev, 2)}.${b.fn}` : bdf;
  }
  return i.full;
}

/** The bus a function sits on, 'SSSS:BB'. */
export function busKey(bdf: string): string {
  const i = info(bdf);
  if (i.bus === undefined) i.bus = i.b ? `${hex(i.b.segment, 4)}:${hex(i.b.bus, 2)}` : bdf;
  return i.bus;
}

/** The slot (device) a function belongs to, 'SSSS:BB:DD': PCI_SLOT(devfn) on one bus. */
export function slotKey(bdf: string): string {
  const i = info(bdf);
  if (i.slot === undefined) {
    const b = i.b;
    i.slot = b ? `${hex(b.segment, 4)}:${hex(b.bus, 2)}:${hex(b.dev, 2)}` : bdf;
  }
  return i.slot;
}

/** devfn as the kernel packs it: dev << 3 | fn. */
export function devfnOf(bdf: string): number {
  const b = info(bdf).b;
  return b ? (b.dev << 3) | b.fn : -1;
}

/** The BDF of a devfn on a bus given as 'SSSS:BB' (busKey): a DMA alias, or a bridge's (bus, 00.0). */
export function bdfOnBus(bus: string, devfn: number): string {
  const [seg, nr] = bus.split(':').map((x) => Number.parseInt(x, 16));
  return formatBdf({ segment: seg ?? 0, bus: nr ?? 0, dev: (devfn >> 3) & 31, fn: devfn & 7 });
}

/** bdfOnBus(busKey(bdf), 0): function 00.0 of the bus `bdf` is on (a PCIe-to-PCI bridge's alias). */
export function firstOnBus(bdf: string): string {
  const i = info(bdf);
  if (i.first === undefined) i.first = i.b ? formatBdf({ ...i.b, dev: 0, fn: 0 }) : bdfOnBus(busKey(bdf), 0);
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

/**
 * `[...list].sort(compareBdf)`, the same stable order, without a comparator call per comparison:
 * each valid address is packed with its position into one number and a Float64Array sorts them
 * natively (sorting 200,000 addresses is the largest part of indexing a big topology).
 */
export function sortBdfs(list: readonly string[]): string[] {
  return sortWithBuses(list).sorted;
}

/**
 * sortBdfs, plus each address's busKey (in the sorted order) and whether two addresses compare
 * equal (a duplicate, or two spellings of one). What indexing a topology needs, from one lookup
 * per address.
 */
export function sortWithBuses(list: readonly string[]): { sorted: string[]; bus: string[]; ties: boolean } {
  const n = list.length;
  if (n >= 2 ** 21) {
    const sorted = [...list].sort(compareBdf);
    let ties = false;
    for (let i = 1; i < n; i++) ties ||= compareBdf(sorted[i - 1]!, sorted[i]!) === 0;
    return { sorted, bus: sorted.map(busKey), ties };
  }
  const packed = new Float64Array(n);
  const infos: Info[] = new Array(n);
  let valid = 0;
  const malformed: string[] = [];
  for (let i = 0; i < n; i++) {
    const inf = info(list[i]!);
    infos[i] = inf;
    if (inf.key < 0) malformed.push(list[i]!);
    // key < 2^32 and i < 2^21: exact in a double, and ties keep the input order (stable).
    else packed[valid++] = inf.key * 2 ** 21 + i;
  }
  const order = packed.subarray(0, valid).sort();
  const sorted = new Array<string>(n);
  const bus = new Array<string>(n);
  let ties = false;
  for (let j = 0; j < valid; j++) {
    const i = order[j]! % 2 ** 21;
    const inf = infos[i]!;
    sorted[j] = list[i]!;
    if (inf.bus === undefined) inf.bus = `${hex(inf.b!.segment, 4)}:${hex(inf.b!.bus, 2)}`;
    bus[j] = inf.bus;
    if (j > 0 && Math.floor(order[j - 1]! / 2 ** 21) === inf.key) ties = true;
  }
  if (malformed.length > 0) {
    malformed.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (let j = 0; j < malformed.length; j++) {
      sorted[valid + j] = malformed[j]!;
      bus[valid + j] = malformed[j]!;
      if (j > 0 && malformed[j] === malformed[j - 1]) ties = true;
    }
  }
  return { sorted, bus, ties };
}
