/**
 * A notice's text, its listed lines (the first few; the rest folded) and its Dismiss button.
 * Loaded with the first notice: the page opens with none.
 */
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

/** One notice. */
export default function NoticeBox({ notice }: { notice: Notice }) {
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
