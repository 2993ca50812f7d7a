/**
 * The keys of the machine's records (devices, groups, domains), in order, without asking the
 * record: listing a record of 200,000 devices (Object.keys/values, a spread) costs V8 a sort of
 * every key by insertion, about as much as a whole small step. A record's key list is remembered
 * once known and kept up to date by the Tx as it adds and deletes keys; a copy along it is
 * several times cheaper than a spread.
 */
interface Keys {
  keys: string[];
  /** The record whose own list this is (a copy shares its source's until it adds or deletes). */
  owner: object;
}

const keysOf = new WeakMap<object, Keys>();

// An array index ('0', '17'): such keys come first in a record's key order whatever the order
// they were added in, so a list kept in insertion order would be wrong; they are not tracked.
// Asked of every key added (20,000 BDFs at a boot): digits, no leading zero, below 2^32 - 1.
function isIndex(k: string): boolean {
  const n = k.length;
  if (n === 0 || n > 10 || (n > 1 && k.charCodeAt(0) === 48)) return false;
  for (let i = 0; i < n; i++) {
    const c = k.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return Number(k) < 4294967295;
}

/** The record's keys in Object.keys order (shared: never modify it). */
export function recordKeys(record: object): readonly string[] {
  let entry = keysOf.get(record);
  if (!entry) {
    entry = { keys: Object.keys(record), owner: record };
    keysOf.set(record, entry);
  }
  return entry.keys;
}

/** `{ ...src }`: the same keys, in the same order, with the same values. */
export function copyRecord<T>(src: Record<string, T>): Record<string, T> {
  const keys = recordKeys(src);
  const out: Record<string, T> = {};
  for (let i = 0; i < keys.length; i++) out[keys[i]!] = src[keys[i]!]!;
  keysOf.set(out, { keys: keys as string[], owner: src });
  return out;
}

/** A new empty record whose keys will be tracked from the start (a boot's). */
export function emptyRecord<T>(): Record<string, T> {
  const out: Record<string, T> = {};
  keysOf.set(out, { keys: [], owner: out });
  return out;
}

function own(record: object): Keys | undefined {
  const entry = keysOf.get(record);
  if (entry && entry.owner !== record) {
    entry.keys = entry.keys.slice();
    entry.owner = record;
  }
  return entry;
}

/** `key` was just added to the record (it was not there before). */
export function addedKey(record: object, key: string): void {
  if (isIndex(key)) keysOf.delete(record);
  else own(record)?.keys.push(key);
}

/** `key` was just deleted from the record. */
export function deletedKey(record: object, key: string): void {
  const entry = own(record);
  if (!entry) return;
  const i = entry.keys.indexOf(key);
  if (i >= 0) entry.keys.splice(i, 1);
  else keysOf.delete(record);
}
