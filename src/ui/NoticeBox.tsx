/**
 * A notice's text, its listed lines (the first few; the rest folded) and its Dismiss button.
 * Loaded with the first notice: the page opens with none.
 */
import { useEffect } from 'react';
import type { Notice } from '../store';
import { useSandbox } from '../store';
import './notice.css';

function Lines({ lines }: { lines: string[] }) {
  return (
    <ul className="notice-details">
      {lines.map((d, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: problems may repeat; their order is their identity
        <li key={i} className="mono">
          {d}
        </li>
      ))}
    </ul>
  );
}

const INFO_MS = 8000;

/** One notice; information fades after a while. */
export default function NoticeBox({ notice }: { notice: Notice }) {
  // Timed from when the notice is drawn, not from when it was set: after a big machine's import the
  // page is busy for seconds before this code has rendered, and the notice would go unseen.
  useEffect(() => {
    // A folded list is there to be read at leisure: it stays until dismissed.
    if (notice.kind !== 'info' || notice.more) return;
    const t = setTimeout(() => {
      if (useSandbox.getState().notice === notice) useSandbox.getState().notify(null);
    }, INFO_MS);
    return () => clearTimeout(t);
  }, [notice]);
  return (
    <div className={`notice notice-${notice.kind}`}>
      <div className="notice-text">
        {notice.title && <strong className="notice-title">{notice.title}</strong>}
        <div>{notice.text}</div>
        {notice.details && notice.details.length > 0 && <Lines lines={notice.details} />}
        {notice.more && (
          <details>
            <summary>… and {notice.more.length} more</summary>
            <Lines lines={notice.more} />
          </details>
        )}
      </div>
      <button
        type="button"
        className="btn btn-small"
        onClick={(e) => {
          // The button goes with the notice: focus stays in the notice's place, not the page's body.
          e.currentTarget.closest<HTMLElement>('.notice-host')?.focus();
          useSandbox.getState().notify(null);
        }}
      >
        Dismiss
      </button>
    </div>
  );
}
