/**
 * Says what an action did, politely: "Step 5: bind 00:02.0 vfio-pci — ok, 2 kernel lines". A
 * refusal or a fault is the notice's alert already; moving along the timeline, undo, boot and
 * loading a machine (which rebuild the runs) are heard through the controls that do them.
 */
import { useEffect, useRef, useState } from 'react';
import { useSandbox } from '../store';
import { stepLabel } from './Timeline';

/** A visually hidden status line, always present so that what appears in it is announced. */
export function StepAnnouncer() {
  const runs = useSandbox((s) => s.runs);
  // Each rebuild of the runs (load, boot, undo) starts from a new machine before step 0.
  const initial = useSandbox((s) => s.initial);
  const last = useRef({ runs, initial });
  const [said, say] = useState('');
  useEffect(() => {
    const n = runs.length - 1;
    const run = runs[n];
    const before = last.current;
    // An action appends one step and keeps the machine and the runs before it. Anything else
    // empties the line: read later, it would name a step of another machine or timeline.
    if (runs !== before.runs) {
      const appended =
        run?.ok && initial === before.initial && runs[n - 1] === before.runs[n - 1] && before.runs[n] !== run;
      const lines = appended ? run.events.filter((e) => !e.silent).length : 0;
      say(appended ? `Step ${stepLabel(run, n)}, ${lines} kernel line${lines === 1 ? '' : 's'}` : '');
    }
    last.current = { runs, initial };
  }, [runs, initial]);
  return (
    <p className="visually-hidden" role="status">
      {said}
    </p>
  );
}
