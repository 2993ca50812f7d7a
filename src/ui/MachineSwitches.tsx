/** The collapsible Machine section: platform facts that change what the kernel does. */
import { lazy, Suspense, useState } from 'react';
import { nameSuffix, useWorld } from './world';

// Closed on most visits: its switches load when it is first opened.
const MachineSwitchList = lazy(() => import('./MachineSwitchList'));

/** Machine switches, inside a disclosure so the common controls stay on screen. */
export function MachineSwitches() {
  const [open, setOpen] = useState(false);
  const { side } = useWorld();
  // A details element is a group, which takes no name from its summary; a comparison has two.
  return (
    <details
      className="disclosure"
      aria-label={`Machine${nameSuffix(side)}`}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary>Machine</summary>
      {open && (
        <Suspense fallback={null}>
          <MachineSwitchList />
        </Suspense>
      )}
    </details>
  );
}
