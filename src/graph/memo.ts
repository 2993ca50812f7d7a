/**
 * Per-object memoisation: the core keeps an unchanged DeviceState/GroupState/Domain identical
 * across steps, so a view built from it (plus a few dependencies) can be reused as is, which lets
 * React Flow skip re-rendering the nodes a step did not touch.
 */

interface Entry<V> {
  deps: readonly unknown[];
  value: V;
}

/** A cache keyed by a state object; entries go when the state object is garbage. */
export type ObjectMemo<K extends object, V> = WeakMap<K, Entry<V>>;

const same = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

/** The cached value for `key` while `deps` are the same (Object.is); else `build()` and cache it. */
export function memoOn<K extends object, V>(
  cache: ObjectMemo<K, V>,
  key: K,
  deps: readonly unknown[],
  build: () => V,
): V {
  const hit = cache.get(key);
  if (hit && same(hit.deps, deps)) return hit.value;
  const value = build();
  cache.set(key, { deps, value });
  return value;
}

/** A cache keyed by node or edge id. */
export type IdMemo<V> = Map<string, Entry<V>>;

/** A cache keyed by id for views with no state object of their own (edges, bus nodes). */
export function memoById<V>(cache: IdMemo<V>, id: string, deps: readonly unknown[], build: () => V): V {
  const hit = cache.get(id);
  if (hit && same(hit.deps, deps)) return hit.value;
  const value = build();
  cache.set(id, { deps, value });
  return value;
}
