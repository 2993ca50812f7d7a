/** Whether the configuration being edited differs from what the running scenario booted with. */
import type { SandboxState } from './sandbox';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});

/** True when Boot would change the kernel, fixes, command line or machine. */
export function selectDraftChanged(s: Pick<SandboxState, 'draft' | 'scenario'>): boolean {
  const { draft, scenario } = s;
  return (
    draft.kernel !== scenario.kernel ||
    draft.cmdline !== (scenario.cmdline ?? '') ||
    !same(draft.fixes, scenario.fixes) ||
    !same(draft.machine, scenario.machine)
  );
}
