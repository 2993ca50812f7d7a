/**
 * The Copy review summary button: the comparison as plain text of at most 80 columns for a
 * mailing-list reply, copied to the clipboard and shown in a read-only box (browsers may refuse
 * the clipboard, and a reviewer may want to trim it first).
 */
import { useEffect, useId, useRef, useState } from 'react';
import { reviewSummary } from '../../compare/summary';
import { configOf } from '../../compare/variant';
import { rightWorld, useCompare, useSandbox } from '../../store';
import { useModal } from '../useModal';
import { differencesOf } from './differences';

type Status = 'copied' | 'manual';

/** The summary of the comparison on screen, titled by the ready-made comparison's name if one is shown. */
export async function currentSummary(): Promise<string> {
  const left = useSandbox.getState();
  const right = rightWorld.getState();
  const diffs = differencesOf(left.runs, right.runs, [left.scenario.kernel, right.scenario.kernel]);
  const id = useCompare.getState().comparisonId;
  const title = id
    ? (await import('../../store/comparisons')).COMPARISONS.find((c) => c.id === id)?.name
    : undefined;
  return reviewSummary(left.scenario, configOf(left.scenario), configOf(right.scenario), diffs, title);
}

/** The button, and the dialog with the text once it has been made. */
export function ReviewSummary() {
  const [text, setText] = useState<string | null>(null);
  return (
    <>
      <button type="button" className="btn btn-small" onClick={async () => setText(await currentSummary())}>
        Copy review summary
      </button>
      {text !== null && <SummaryDialog text={text} onClose={() => setText(null)} />}
    </>
  );
}

/**
 * A modal dialog: it stands over the compare bar, so the buttons it covers are out of reach while it
 * is open, and Escape or Close gives focus back to Copy review summary.
 */
function SummaryDialog({ text, onClose }: { text: string; onClose(): void }) {
  const ref = useModal();
  const box = useRef<HTMLTextAreaElement>(null);
  // Empty until the clipboard answers: a status region mounted together with its text is not read.
  const [status, setStatus] = useState<Status | null>(null);
  const id = useId();
  // After useModal's effect, which opens the dialog on its first control: the text is what was asked for.
  useEffect(() => box.current?.focus(), []);
  useEffect(() => {
    let live = true;
    // Inside a promise: where the page has no clipboard API, navigator.clipboard is undefined.
    Promise.resolve()
      .then(() => navigator.clipboard.writeText(text))
      .then(
        () => live && setStatus('copied'),
        () => live && setStatus('manual'),
      );
    return () => {
      live = false;
    };
  }, [text]);
  return (
    <dialog
      ref={ref}
      className="dialog summary-box"
      aria-labelledby={`${id}-title`}
      onClose={onClose}
      onCancel={onClose}
    >
      <div className="summary-head">
        <h2 id={`${id}-title`} className="summary-title">
          Review summary
        </h2>
        <span role="status" className="summary-status">
          {status && (status === 'copied' ? 'Copied to the clipboard.' : 'Copy it from the box below.')}
        </span>
        <button type="button" className="btn btn-small" onClick={onClose}>
          Close
        </button>
      </div>
      <label htmlFor={id} className="visually-hidden">
        Review summary text
      </label>
      <textarea
        ref={box}
        id={id}
        className="summary-text mono"
        readOnly
        value={text}
        rows={Math.min(24, text.split('\n').length + 1)}
        cols={82}
        spellCheck={false}
        onFocus={(e) => e.currentTarget.select()}
      />
    </dialog>
  );
}
