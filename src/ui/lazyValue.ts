/**
 * A value that lives in a lazily loaded chunk (the glossary, the command-line parser, the library
 * list): declared once per module with `lazyValue`, read in components with `useLazyValue`, which
 * gives null until the chunk has loaded. The chunk is fetched once, by the first component asking.
 */
import { useEffect, useState } from 'react';

/** A lazily loaded value: `value` once `load()` has resolved. */
export interface LazyValue<T> {
  value: T | null;
  load(): Promise<T>;
}

/** Declares the value `load()` resolves to (nothing is fetched until a component asks). */
export function lazyValue<T>(load: () => Promise<T>): LazyValue<T> {
  let pending: Promise<T> | null = null;
  const lazy: LazyValue<T> = {
    value: null,
    load: () =>
      (pending ??= load().then((v) => {
        lazy.value = v;
        return v;
      })),
  };
  return lazy;
}

/** The value, or null while its chunk loads (the component renders again when it has). */
export function useLazyValue<T>(lazy: LazyValue<T>): T | null {
  const [current, setCurrent] = useState<T | null>(() => lazy.value);
  useEffect(() => {
    if (current !== null) return;
    let live = true;
    // A function value would be taken for an updater: wrap it.
    lazy.load().then((v) => live && setCurrent(() => v));
    return () => {
      live = false;
    };
  }, [lazy, current]);
  return current;
}
