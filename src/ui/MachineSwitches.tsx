/** The collapsible Machine section: platform facts that change what the kernel does. */
import { lazy, Suspense, useState } from 'react';

// Closed on most visits: its switches load when it is first opened.
const MachineSwitchList = lazy(() => import('./MachineSwitchList'));

/** Machine switches, inside a disclosure so the common controls stay on screen. */
export function MachineSwitches() {
  const [open, setOpen] = useState(false);
  return (
    <details className="disclosure" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Machine</summary>
      {open && (
        <Suspense fallback={null}>
          <MachineSwitchList />
        </Suspense>
      )}
    </details>
  );
}
