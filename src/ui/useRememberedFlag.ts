/** A yes/no choice of the reader's kept in localStorage, so that the next visit starts with it. */
import { useState } from 'react';

function read(key: string): boolean | null {
  try {
    const v = window.localStorage.getItem(key);
    return v === null ? null : v === '1';
  } catch {
    return null;
  }
}

/** Like useState(initial), remembered under `key` (storage errors: not remembered, nothing worse). */
export function useRememberedFlag(key: string, initial: boolean): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(() => read(key) ?? initial);
  const set = (next: boolean) => {
    setOn(next);
    try {
      window.localStorage.setItem(key, next ? '1' : '0');
    } catch {
      // Private mode or a full quota.
    }
  };
  return [on, set];
}
