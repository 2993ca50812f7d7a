/** What a schema cannot say about `fixes`: a switch on a kernel that has no code it changes. */
import { FIXES } from '../kernel/fixes';
import type { FixId, KernelId } from '../kernel/types';

/** A warning per review fix switched on a kernel where the switch changes nothing. */
export function fixWarnings(fixes: Partial<Record<FixId, boolean>> | undefined, kernel: KernelId): string[] {
  return Object.keys(fixes ?? {})
    .map((id) => FIXES[id as FixId])
    .filter((f) => f && !f.appliesTo.includes(kernel))
    .map(
      (f) =>
        `fixes.${f.id}: changes nothing on ${kernel}, which has no code this fix changes (it applies to ${f.appliesTo.join(', ')})`,
    );
}
