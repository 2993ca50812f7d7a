/**
 * Says what an action did, politely: "Step 5: bind 00:02.0 vfio-pci — ok, 2 kernel lines", and
 * which step is shown after a move along the timeline (Step back, a step's chip, PageDown): the
 * graph, the inspector and the log change without a word otherwise. The slider says it itself
 * while it has focus. A refusal or a fault is the notice's alert already; undo, boot and loading
 * a machine (which rebuild the runs) are heard through the notices they leave.
 */
import { useEffect, useRef, useState } from 'react';
import { useSandbox } from '../store';
import type { StepRun } from '../store/timeline';
import { stepLabel, viewedStepText } from './Timeline';

/** A visually hidden status line, always present so that what appears in it is announced. */
export function StepAnnouncer({ right }: { right: StepRun | undefined }) {
  const runs = useSandbox((s) => s.runs);
  const cursor = useSandbox((s) => s.cursor);
  // Each rebuild of the runs (load, boot, undo) starts from a new machine before step 0.
  const initial = useSandbox((s) => s.initial);
  const last = useRef({ runs, initial, cursor });
  const [said, say] = useState('');
  useEffect(() => {
    const n = runs.length - 1;
    const run = runs[n];
    const before = last.current;
    last.current = { runs, initial, cursor };
    // An action appends one step and keeps the machine and the runs before it. Anything else
    // empties the line: read later, it would name a step of another machine or timeline.
    if (runs !== before.runs) {
      const appended =
        run?.ok && initial === before.initial && runs[n - 1] === before.runs[n - 1] && before.runs[n] !== run;
      const lines = appended ? run.events.filter((e) => !e.silent).length : 0;
      say(appended ? `Step ${stepLabel(run, n)}, ${lines} kernel line${lines === 1 ? '' : 's'}` : '');
    } else if (cursor !== before.cursor) {
      // The slider says where it is itself; the line would keep naming the step it left.
      const slider = document.activeElement?.matches('input[type="range"]');
      say(slider ? '' : `Showing ${viewedStepText(runs[cursor], cursor, runs.length, right)}`);
    }
  }, [runs, initial, cursor, right]);
  return (
    <p className="visually-hidden" role="status">
      {said}
    </p>
  );
}
