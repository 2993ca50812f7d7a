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

// Strict widths: 'BB:DD.F' or 'SSSS:BB:DD.F', hex digits, as lspci and sysfs print them.
const BDF_RE = /^(?:([0-9a-fA-F]{4}):)?([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\.([0-7])$/;

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

// Every walk, sort and message parses addresses; large machines parse the same few strings
// millions of times, so answers are remembered (bounded, and the objects are frozen).
const cache = new Map<string, Readonly<Bdf> | null>();

/** Parses 'BB:DD.F' or 'SSSS:BB:DD.F' (hex, dev < 32, fn < 8); null when malformed. */
export function parseBdf(s: string): Readonly<Bdf> | null {
  const hit = cache.get(s);
  if (hit !== undefined) return hit;
  if (cache.size > 1_000_000) cache.clear();
  const b = parseUncached(s);
  cache.set(s, b);
  return b;
}

function parseUncached(s: string): Readonly<Bdf> | null {
  const m = BDF_RE.exec(s);
  if (!m) return null;
  const dev = Number.parseInt(m[3]!, 16);
  if (dev >= 32) return null;
  return Object.freeze({
    segment: m[1] === undefined ? 0 : Number.parseInt(m[1], 16),
    bus: Number.parseInt(m[2]!, 16),
    dev,
    fn: Number.parseInt(m[4]!, 10),
  });
}

/** Formats a parsed address: 'BB:DD.F' on segment 0, else 'SSSS:BB:DD.F', lower-case. */
export function formatBdf(b: Bdf): string {
  const short = `${hex(b.bus, 2)}:${hex(b.dev, 2)}.${b.fn}`;
  return b.segment === 0 ? short : `${hex(b.segment, 4)}:${short}`;
}

/** The canonical spelling: lower-case, 'BB:DD.F' when segment 0, else 'SSSS:BB:DD.F'; null if malformed. */
export function canonicalBdf(s: string): string | null {
  const b = parseBdf(s);
  return b ? formatBdf(b) : null;
}

/** The 'SSSS:BB:DD.F' form the kernel prints in messages ('0000:01:00.0'); malformed input is returned as is. */
export function fullBdf(bdf: string): string {
  const b = parseBdf(bdf);
  if (!b) return bdf;
  return `${hex(b.segment, 4)}:${hex(b.bus, 2)}:${hex(b.dev, 2)}.${b.fn}`;
}

/** The bus a function sits on, 'SSSS:BB'. */
export function busKey(bdf: string): string {
  const b = parseBdf(bdf);
  return b ? `${hex(b.segment, 4)}:${hex(b.bus, 2)}` : bdf;
}

/** The slot (device) a function belongs to, 'SSSS:BB:DD': PCI_SLOT(devfn) on one bus. */
export function slotKey(bdf: string): string {
  const b = parseBdf(bdf);
  return b ? `${hex(b.segment, 4)}:${hex(b.bus, 2)}:${hex(b.dev, 2)}` : bdf;
}

/** devfn as the kernel packs it: dev << 3 | fn. */
export function devfnOf(bdf: string): number {
  const b = parseBdf(bdf);
  return b ? (b.dev << 3) | b.fn : -1;
}

/** The BDF of a devfn on a bus given as 'SSSS:BB' (busKey): a DMA alias, or a bridge's (bus, 00.0). */
export function bdfOnBus(bus: string, devfn: number): string {
  const [seg, nr] = bus.split(':').map((x) => Number.parseInt(x, 16));
  return formatBdf({ segment: seg ?? 0, bus: nr ?? 0, dev: (devfn >> 3) & 31, fn: devfn & 7 });
}

/** Orders by (segment, bus, dev, fn); malformed addresses sort after all valid ones, by text. */
export function compareBdf(a: string, b: string): number {
  const pa = parseBdf(a);
  const pb = parseBdf(b);
  if (!pa || !pb) {
    if (pa) return -1;
    if (pb) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return pa.segment - pb.segment || pa.bus - pb.bus || pa.dev - pb.dev || pa.fn - pb.fn;
}
