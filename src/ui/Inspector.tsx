/** The Inspector: everything about the selected device, group or domain, and what can be done to it. */
import { lazy, Suspense, useEffect } from 'react';
import { useSandbox } from '../store';
import { DeviceTree } from './DeviceTree';
import { INSPECTOR_ID } from './SkipLinks';

// Nothing is selected on first load, so the detail views load afterwards (when the browser is idle).
const loadDetail = () => import('./InspectorDetail');
const InspectorDetail = lazy(loadDetail);

function prefetchWhenIdle() {
  const idle = window.requestIdleCallback ?? ((f: () => void) => setTimeout(f, 1500));
  idle(() => void loadDetail());
}

/** The right-hand panel (a complementary landmark named "Inspector"). */
export function Inspector() {
  const selected = useSandbox((s) => s.selection !== null);
  useEffect(prefetchWhenIdle, []);
  return (
    <aside id={INSPECTOR_ID} tabIndex={-1} className="panel area-inspector" aria-label="Inspector">
      <h2 className="panel-title">Inspector</h2>
      <div className={`inspector-body${selected ? '' : ' inspector-body-empty'}`}>
        <DeviceTree />
        <div className="inspector-detail">
          {selected ? (
            <Suspense fallback={<p className="hint">Loading…</p>}>
              <InspectorDetail />
            </Suspense>
          ) : (
            <p className="hint inspector-empty">
              Select a device, group or domain in the graph or in the list above to see its state, why it is
              so, and what you can do to it.
            </p>
          )}
        </div>
      </div>
    </aside>
  );
}
