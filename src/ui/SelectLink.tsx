/** A link-styled button that selects another object (a device's group, a group's domain). */
import type { ReactNode } from 'react';
import type { Selection } from '../store';
import { useWorld } from './world';

/** Selects `sel` when activated. */
export function SelectLink({ sel, children }: { sel: Selection; children: ReactNode }) {
  const { store } = useWorld();
  return (
    <button type="button" className="link-button" onClick={() => store.getState().select(sel)}>
      {children}
    </button>
  );
}
