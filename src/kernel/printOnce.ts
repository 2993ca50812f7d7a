/**
 * pr_warn_once / pr_info_once: a line a kernel prints the first time only, whichever step of
 * its life gets there first (a boot, a sysfs write, a hot-add). Each boot starts afresh.
 */
import type { Tx } from './tx';

/** Whether `key` (the function that prints) may print now; it may not again in this boot. */
export function firstTime(tx: Tx, key: string): boolean {
  const done = tx.m.printedOnce;
  if (done?.includes(key)) return false;
  tx.m.printedOnce = done ? [...done, key] : [key];
  return true;
}
