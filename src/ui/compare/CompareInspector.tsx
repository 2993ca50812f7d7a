/**
 * Compare mode's inspector: the facts and the reasons of what was picked in a pane, read in that
 * pane's world (the same device can sit in another group, with another type, on the other side).
 */
import { useId } from 'react';
import { useStore } from 'zustand';
import { rightWorld, useSandbox } from '../../store';
import { InspectorDetail } from '../InspectorDetail';
import { WorldContext } from '../world';
import { WORLDS } from './worlds';

/** The inspector panel, shown while something is picked in either pane. */
export function CompareInspector() {
  const left = useSandbox((s) => s.selection);
  const right = useStore(rightWorld, (s) => s.selection);
  const id = useId();
  const side = left ? 'left' : right ? 'right' : null;
  if (!side) return null;
  return (
    <aside className="panel compare-inspector" aria-labelledby={id}>
      <h2 className="panel-title" id={id}>
        Inspector ({side})
      </h2>
      <div className="panel-body">
        <WorldContext.Provider value={WORLDS[side]}>
          <InspectorDetail />
        </WorldContext.Provider>
      </div>
    </aside>
  );
}
