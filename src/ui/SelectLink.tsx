/** A link-styled button that selects another object (a device's group, a group's domain). */
import type { ReactNode } from 'react';
import { flushSync } from 'react-dom';
import type { Selection } from '../store';
import { useWorld } from './world';

/**
 * Runs `change` (which re-renders the inspector section `from` is in) and then focuses the
 * section's heading: the control that had focus went with the old section, and focus would
 * otherwise fall to the page's body. Outside an inspector section it only runs `change`.
 */
export function keepFocusInInspector(from: Element, change: () => void): void {
  const host = from.closest('.inspector-section')?.parentElement;
  flushSync(change);
  if (host && !from.isConnected) host.querySelector<HTMLElement>('.inspector-heading')?.focus();
}

/** Selects `sel` when activated. */
export function SelectLink({ sel, children }: { sel: Selection; children: ReactNode }) {
  const { store } = useWorld();
  return (
    <button
      type="button"
      className="link-button"
      onClick={(e) => keepFocusInInspector(e.currentTarget, () => store.getState().select(sel))}
    >
      {children}
    </button>
  );
}
