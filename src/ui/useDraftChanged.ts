/** Whether the configuration being edited differs from what the running scenario booted with. */
import { useSandbox } from '../store';
import { selectDraftChanged } from '../store/draftChanged';

/** True when Boot would change the kernel, fixes, command line or machine. */
export function useDraftChanged(): boolean {
  return useSandbox(selectDraftChanged);
}
