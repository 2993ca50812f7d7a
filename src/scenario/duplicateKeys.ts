/**
 * Keys written twice in one object of a JSON text. JSON.parse keeps the last without a word, and
 * other readers of the format may keep the first or refuse the file (RFC 8259 §4 leaves it open),
 * so such a scenario means different things to different tools: it is refused, with the place.
 *
 * A duplicate can only be found in the text, and scanning 2 MB of it costs about twice what
 * JSON.parse does; so a count, a third of the scan, decides first whether there is anything to
 * find (src/bench/generate.ts's 20,000 devices, Node 20, 2 cores). Every string in the text is a
 * key or a value, and JSON.parse keeps all of them except those of a pair that a later one with
 * the same key replaced (its key at least): the text has more strings than the parsed value
 * exactly when a key was written twice. Counting the text's quotes is a native search, and
 * counting the value's strings a walk of what JSON.parse made.
 */
import { formatPath } from './issues';

/**
 * One problem line per duplicate key in `text`, which JSON.parse read as `parsed` (unchanged
 * since): `devices[3]: key "bdf" appears twice (lines 12 and 14); JSON.parse would keep the last`.
 * `places`: false leaves out the lines (of a text nobody sees, such as a share link's).
 */
export function duplicateKeyProblems(text: string, parsed: unknown, places = true): string[] {
  if (!hasDuplicateKeys(text, parsed)) return [];
  return findDuplicateKeys(text).map((d) => problemLine(d, places));
}

/** Whether some object in `text` (which JSON.parse read as `parsed`) has a key written twice. */
export function hasDuplicateKeys(text: string, parsed: unknown): boolean {
  let kept: number;
  try {
    kept =
      typeof parsed === 'object' && parsed !== null ? stringsOf(parsed) : typeof parsed === 'string' ? 1 : 0;
  } catch {
    return true; // Nesting too deep to walk: the scan (which keeps its own stack) decides.
  }
  return stringsIn(text) !== kept;
}

/** The number of strings (keys and values) in a JSON text: its quotes less the escaped ones, halved. */
function stringsIn(text: string): number {
  let quotes = 0;
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) quotes++;
  for (let i = text.indexOf('\\"'); i !== -1; i = text.indexOf('\\"', i + 2))
    if (escaped(text, i + 1)) quotes--;
  return quotes / 2;
}

/** Whether the character at `at` follows an odd number of backslashes. */
function escaped(text: string, at: number): boolean {
  let k = at;
  while (text.charCodeAt(k - 1) === 92) k--;
  return (at - k) % 2 === 1;
}

/** The number of keys and string values in an object or array JSON.parse made. */
function stringsOf(v: object): number {
  let n = 0;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x === 'string') n++;
      else if (typeof x === 'object' && x !== null) n += stringsOf(x);
    }
    return n;
  }
  // (JSON.parse makes plain objects: for-in sees their own keys, `__proto__` among them.)
  for (const k in v) {
    n++;
    const x: unknown = (v as Record<string, unknown>)[k];
    if (typeof x === 'string') n++;
    else if (typeof x === 'object' && x !== null) n += stringsOf(x);
  }
  return n;
}

export interface Place {
  line: number;
  column: number;
}

/** One key written more than once in one object. */
export interface DuplicateKey {
  /** The JSON path of the object that holds it: `devices[3]`, `(root)`. */
  path: string;
  /** The key as JSON reads it (escapes decoded: "b\u0064f" is "bdf"). */
  key: string;
  /** Where each occurrence starts (its opening quote; 1-based, the column in UTF-16 units). */
  at: Place[];
  /** Each occurrence as written, between its quotes ("b\u0064f" for one of "bdf"). */
  written: string[];
}

interface Frame {
  object: boolean;
  /** Object: the next string is a key. */
  expectKey: boolean;
  /** Array: the index of the current element. */
  index: number;
  /** Object: the last key read (the one whose value is being scanned). */
  key: string;
  keys: string[];
  at: Place[];
  raw: string[];
  /** For objects with many keys, key → its position in `keys`. */
  byKey: Map<string, number> | null;
  dups: Map<string, DuplicateKey> | null;
}

// Linear search is faster than a Map for the handful of keys most objects have.
const MAP_FROM = 16;

/**
 * Every key written more than once in the same object, in the order the second occurrences come.
 * `text` must be JSON that JSON.parse accepts (a byte-order mark stripped); iterative, so nesting
 * as deep as JSON.parse takes does not overflow the stack.
 */
export function findDuplicateKeys(text: string): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const stack: Frame[] = [];
  let depth = 0;
  const n = text.length;
  let line = 1;
  let lineStart = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      // (Only between tokens: a string cannot hold a raw line break.)
      line++;
      lineStart = i + 1;
    } else if (c === 34) {
      const end = stringEnd(text, i);
      if (end < 0) break; // (Not JSON: the caller's JSON.parse would have refused it.)
      const top = depth > 0 ? stack[depth - 1]! : null;
      if (top?.object && top.expectKey) {
        const raw = text.slice(i + 1, end);
        const key = raw.indexOf('\\') < 0 ? raw : (JSON.parse(text.slice(i, end + 1)) as string);
        addKey(top, key, raw, { line, column: i - lineStart + 1 }, stack, depth, found);
        top.key = key;
        top.expectKey = false;
      }
      i = end + 1;
      continue;
    } else if (c === 123 || c === 91) {
      if (depth === stack.length) stack.push(newFrame());
      const f = stack[depth]!;
      f.object = c === 123;
      f.expectKey = f.object;
      f.index = 0;
      f.keys.length = 0;
      f.at.length = 0;
      f.raw.length = 0;
      f.byKey = null;
      f.dups = null;
      depth++;
    } else if (c === 125 || c === 93) depth--;
    else if (c === 44) {
      const top = stack[depth - 1]!;
      if (top.object) top.expectKey = true;
      else top.index++;
    }
    i++;
  }
  return found;
}

const newFrame = (): Frame => ({
  object: false,
  expectKey: false,
  index: 0,
  key: '',
  keys: [],
  at: [],
  raw: [],
  byKey: null,
  dups: null,
});

/** The offset of the quote that closes the string opening at `start`. */
function stringEnd(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  while (text.charCodeAt(end - 1) === 92 && escaped(text, end)) end = text.indexOf('"', end + 1);
  return end;
}

function addKey(
  f: Frame,
  key: string,
  raw: string,
  at: Place,
  stack: Frame[],
  depth: number,
  found: DuplicateKey[],
): void {
  let seen = -1;
  if (f.byKey) seen = f.byKey.get(key) ?? -1;
  else
    for (let k = 0; k < f.keys.length; k++)
      if (f.keys[k] === key) {
        seen = k;
        break;
      }
  if (seen < 0) {
    f.keys.push(key);
    f.at.push(at);
    f.raw.push(raw);
    if (f.byKey) f.byKey.set(key, f.keys.length - 1);
    else if (f.keys.length === MAP_FROM) f.byKey = new Map(f.keys.map((k, j) => [k, j]));
    return;
  }
  f.dups ??= new Map();
  let dup = f.dups.get(key);
  if (!dup) {
    dup = { path: pathTo(stack, depth - 1), key, at: [f.at[seen]!], written: [f.raw[seen]!] };
    f.dups.set(key, dup);
    found.push(dup);
  }
  dup.at.push(at);
  dup.written.push(raw);
}

/** The JSON path of the value that stack[top] is scanning. */
function pathTo(stack: Frame[], top: number): string {
  const path: (string | number)[] = [];
  for (let d = 0; d < top; d++) {
    const f = stack[d]!;
    path.push(f.object ? f.key : f.index);
  }
  return formatPath(path);
}

function problemLine(d: DuplicateKey, places: boolean): string {
  const times = d.at.length === 2 ? 'twice' : `${d.at.length} times`;
  const said = `${d.path}: key ${JSON.stringify(d.key)} appears ${times}`;
  if (!places) return `${said}; JSON.parse would keep the last`;
  const where = d.at;
  const at = where.every((w) => w.line === where[0]!.line)
    ? `line ${where[0]!.line}, columns ${list(where.map((w) => w.column))}`
    : `lines ${list(where.map((w) => w.line))}`;
  // Said only when it helps to find them: a search for "bdf" misses "b\u0064f".
  const written = d.written.some((w) => w !== d.written[0])
    ? `, written ${list(d.written.map((w) => `"${w}"`))}`
    : '';
  return `${said} (${at}${written}); JSON.parse would keep the last`;
}

const list = (xs: readonly (string | number)[]) =>
  xs.length === 1 ? String(xs[0]) : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`;
