/**
 * Shallow copies of the machine's records (devices, groups, domains) for a step that writes one.
 * Spreading a record of 20,000 devices costs several milliseconds, most of it in listing its keys
 * (V8 sorts a large record's keys by insertion); copying along a remembered key list is several
 * times cheaper. The key list is remembered for a record whose keys no longer change — the
 * previous machine's — and for the copy until the step adds or deletes a key (forgetKeys).
 */
const keysOf = new WeakMap<object, readonly string[]>();

/** `{ ...src }`: the same keys, in the same order, with the same values. */
export function copyRecord<T>(src: Record<string, T>): Record<string, T> {
  let keys = keysOf.get(src);
  if (!keys) {
    keys = Object.keys(src);
    keysOf.set(src, keys);
  }
  const out: Record<string, T> = {};
  for (let i = 0; i < keys.length; i++) out[keys[i]!] = src[keys[i]!]!;
  keysOf.set(out, keys);
  return out;
}

/** The record gained or lost a key: its remembered key list no longer holds. */
export function forgetKeys(record: object): void {
  keysOf.delete(record);
}
