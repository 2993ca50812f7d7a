/**
 * Which lines of a step one world printed and the other did not: the kernel logs' difference,
 * line for line, as a reviewer reads two dmesg outputs side by side.
 */
import type { KernelEvent } from '../../kernel/types';

// What makes two lines the same: who printed it, with which prefix, about which device, the words.
const lineKey = (e: KernelEvent): string =>
  [e.fn, e.silent ? 'note' : (e.prefix ?? ''), e.driverName ?? '', e.device ?? '', e.message].join('\u0000');

/**
 * The indexes in `mine` of the lines `other` has no counterpart for. A line printed twice here and
 * once there has one counterpart: the second is unmatched (the earliest lines are paired first).
 */
export function unmatchedLines(mine: readonly KernelEvent[], other: readonly KernelEvent[]): Set<number> {
  const left = new Map<string, number>();
  for (const e of other) {
    const k = lineKey(e);
    left.set(k, (left.get(k) ?? 0) + 1);
  }
  const out = new Set<number>();
  mine.forEach((e, i) => {
    const k = lineKey(e);
    const n = left.get(k) ?? 0;
    if (n > 0) left.set(k, n - 1);
    else out.add(i);
  });
  return out;
}
