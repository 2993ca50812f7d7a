/** The message area: the kernel's refusal of an action, the faults it caused, import problems. */
import { useEffect } from 'react';
import type { Notice } from '../store';
import { useSandbox } from '../store';

const INFO_MS = 8000;

function NoticeBox({ notice }: { notice: Notice }) {
  return (
    <div className={`notice notice-${notice.kind}`}>
      <div className="notice-text">
        {notice.title && <strong className="notice-title">{notice.title}</strong>}
        <div>{notice.text}</div>
        {notice.details && notice.details.length > 0 && (
          <ul className="notice-details">
            {notice.details.map((d, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: problems may repeat; their order is their identity
              <li key={i} className="mono">
                {d}
              </li>
            ))}
          </ul>
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

/** Shows the store's notice; errors stay until dismissed, information fades after a while. */
export function NoticeBar() {
  const notice = useSandbox((s) => s.notice);
  useEffect(() => {
    if (notice?.kind !== 'info') return;
    const t = setTimeout(() => {
      if (useSandbox.getState().notice === notice) useSandbox.getState().notify(null);
    }, INFO_MS);
    return () => clearTimeout(t);
  }, [notice]);
  // Both live regions always exist, so screen readers announce what appears in them.
  return (
    <div className="notice-host" tabIndex={-1}>
      <div role="alert">{notice?.kind === 'error' && <NoticeBox notice={notice} />}</div>
      <div role="status">{notice?.kind === 'info' && <NoticeBox notice={notice} />}</div>
    </div>
  );
}
