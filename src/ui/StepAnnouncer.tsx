/**
 * Says what an action did, politely: "Step 5: bind 00:02.0 vfio-pci — ok, 2 kernel lines". A
 * refusal or a fault is the notice's alert already; moving along the timeline, undo and boot
 * (which rebuild the runs) are heard through the controls that do them.
 */
import { useEffect, useRef, useState } from 'react';
import { useSandbox } from '../store';
import { stepLabel } from './Timeline';

/** A visually hidden status line, always present so that what appears in it is announced. */
export function StepAnnouncer() {
  const runs = useSandbox((s) => s.runs);
  const last = useRef(runs);
  const [said, say] = useState('');
  useEffect(() => {
    const n = runs.length - 1;
    const run = runs[n];
    // An action appends one step and keeps the runs before it.
    if (run?.ok && runs[n - 1] === last.current[n - 1] && last.current[n] !== run) {
      const lines = run.events.filter((e) => !e.silent).length;
      say(`Step ${stepLabel(run, n)}, ${lines} kernel line${lines === 1 ? '' : 's'}`);
    }
    last.current = runs;
  }, [runs]);
  return (
    <p className="visually-hidden" role="status">
      {said}
    </p>
  );
}
