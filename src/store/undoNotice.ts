/**
 * What Undo or Redo changed, when it took away or brought back steps: the timeline loses or
 * gains them at its end, which a reader looking at an earlier step would not see happen.
 */
import { describeStep } from '../kernel/dmesg';
import type { Scenario } from '../kernel/types';

export function undoNotice(verb: 'Undone' | 'Redone', from: Scenario, to: Scenario) {
  // Only steps taken away or brought back on the same machine and configuration (an action
  // shares every other field with the scenario before it: compared as text only when not).
  const a = from as unknown as Record<string, unknown>;
  const b = to as unknown as Record<string, unknown>;
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)]))
    if (k !== 'steps' && a[k] !== b[k] && JSON.stringify(a[k]) !== JSON.stringify(b[k])) return null;
  const [short, long] = from.steps.length > to.steps.length ? [to, from] : [from, to];
  let same = 0;
  while (same < short.steps.length && JSON.stringify(short.steps[same]) === JSON.stringify(long.steps[same]))
    same++;
  const changed = long.steps.slice(same).map((st, i) => `step ${same + i}, ${describeStep(st)}`);
  if (short.steps.length !== same || changed.length === 0) return null;
  return { kind: 'info' as const, text: `${verb}: ${changed.join('; ')}.` };
}
