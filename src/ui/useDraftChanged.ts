/** Whether the configuration being edited differs from what the running scenario booted with. */

import type { SandboxState } from '../store';
import { useSandbox } from '../store';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});

/** True when Boot would change the kernel, fixes, command line or machine. */
export function selectDraftChanged(s: SandboxState): boolean {
  const { draft, scenario } = s;
  return (
    draft.kernel !== scenario.kernel ||
    draft.cmdline !== (scenario.cmdline ?? '') ||
    !same(draft.fixes, scenario.fixes) ||
    !same(draft.machine, scenario.machine)
  );
}

/** The hook form of selectDraftChanged. */
export function useDraftChanged(): boolean {
  return useSandbox(selectDraftChanged);
}
