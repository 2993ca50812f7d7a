/**
 * What a schema cannot say about `kconfig`: two members of one Kconfig choice set true (a problem:
 * the members exclude each other, and which key of a JSON object comes last is no choice a file
 * should make), and warnings for options that change nothing (names the sandbox does not read) and
 * choices whose default decides because no member is true (kernel-model.md §3, §10). The schema
 * rejects CONFIG_ names.
 */

import { closest } from '../kernel/closest';
import { CHOICES, MODELLED, settleChoices } from '../kernel/config';
import type { KernelId } from '../kernel/types';

const READ = [...MODELLED];

/** One line per option that does not do what it says (warnings: the scenario runs as it is). */
export function kconfigWarnings(kconfig: Record<string, boolean> | undefined, kernel?: KernelId): string[] {
  const warnings: string[] = [];
  if (!kconfig) return warnings;
  for (const [name, value] of Object.entries(kconfig)) {
    if (!MODELLED.has(name)) warnings.push(`kconfig.${name}: ${unread(name, value)}`);
    const absent =
      kernel && CHOICES.find((c) => c.notIn?.kernels.includes(kernel) && c.members.includes(name));
    if (absent && absent.notIn?.alone !== name)
      warnings.push(
        `kconfig.${name}: ${kernel} has no such option (its Kconfig choice came with ${absent.notIn?.since}; before, ${absent.notIn?.alone} was an option of its own), so it changes nothing`,
      );
  }
  for (const { setFalse, chosen, byDefault } of settleChoices(kconfig, kernel)) {
    if (byDefault) {
      // Point at the member set false that is used regardless, if that is what happened.
      const name = setFalse.includes(chosen) ? chosen : setFalse.at(-1)!;
      warnings.push(
        `kconfig.${name}: no member of this Kconfig choice is true, and one must be y: ${chosen} is used${name === chosen ? ' all the same' : ''}, the choice's default (as olddefconfig picks it)`,
      );
    }
  }
  return warnings;
}

/** One line per Kconfig choice with more than one member set true, at the second of them. */
export function kconfigProblems(kconfig: Record<string, boolean> | undefined, kernel?: KernelId): string[] {
  if (!kconfig) return [];
  return settleChoices(kconfig, kernel)
    .filter((c) => c.setTrue.length > 1)
    .map(
      ({ setTrue }) =>
        `kconfig.${setTrue[1]}: ${setTrue.join(', ')} are true together, but they are members of one Kconfig choice, which takes exactly one: set only one of them true`,
    );
}

function unread(name: string, value: boolean): string {
  const nothing = 'the sandbox does not read this option, so it changes nothing';
  const guess = closest(name, READ);
  if (guess) return `${nothing}; did you mean "${guess}"?`;
  if (name === 'INTEL_IOMMU' && !value)
    return `${nothing}: VT-d is always built in (for VT-d off: INTEL_IOMMU_DEFAULT_OFF or intel_iommu=off)`;
  return `${nothing} (it reads only the INTEL_IOMMU_DEFAULT_* and IOMMU_DEFAULT_* choices)`;
}
