/**
 * The Copy review summary button: the comparison as plain text of at most 80 columns for a
 * mailing-list reply, copied to the clipboard and shown in a read-only box (browsers may refuse
 * the clipboard, and a reviewer may want to trim it first).
 */
import { useId, useState } from 'react';
import { reviewSummary } from '../../compare/summary';
import { configOf } from '../../compare/variant';
import { rightWorld, useCompare, useSandbox } from '../../store';
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

/** The button, and the box with the text once it has been made. */
export function ReviewSummary() {
  const [text, setText] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>('manual');
  const id = useId();
  const copy = async () => {
    const summary = await currentSummary();
    setText(summary);
    try {
      await navigator.clipboard.writeText(summary);
      setStatus('copied');
    } catch {
      setStatus('manual');
    }
  };
  return (
    <>
      <button type="button" className="btn btn-small" onClick={() => void copy()}>
        Copy review summary
      </button>
      {text !== null && (
        <div className="summary-box" role="dialog" aria-labelledby={`${id}-title`}>
          <div className="summary-head">
            <h2 id={`${id}-title`} className="summary-title">
              Review summary
            </h2>
            <span role="status" className="summary-status">
              {status === 'copied' ? 'Copied to the clipboard.' : 'Copy it from the box below.'}
            </span>
            <button type="button" className="btn btn-small" onClick={() => setText(null)}>
              Close
            </button>
          </div>
          <label htmlFor={id} className="visually-hidden">
            Review summary text
          </label>
          <textarea
            id={id}
            className="summary-text mono"
            readOnly
            value={text}
            rows={Math.min(24, text.split('\n').length + 1)}
            cols={82}
            spellCheck={false}
            onFocus={(e) => e.currentTarget.select()}
          />
        </div>
      )}
    </>
  );
}
