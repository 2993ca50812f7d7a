/** A link-styled button that selects another object (a device's group, a group's domain). */
import type { ReactNode } from 'react';
import type { Selection } from '../store';
import { useSandbox } from '../store';

/** Selects `sel` when activated. */
export function SelectLink({ sel, children }: { sel: Selection; children: ReactNode }) {
  return (
    <button type="button" className="link-button" onClick={() => useSandbox.getState().select(sel)}>
      {children}
    </button>
  );
}
