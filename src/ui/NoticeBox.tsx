/**
 * A notice's text, its listed lines (the first few; the rest folded) and its Dismiss button.
 * Loaded with the first notice: the page opens with none.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Notice } from '../store';
import { useSandbox } from '../store';
import './notice.css';

function Lines({ lines }: { lines: string[] }) {
  // A list taller than its box scrolls: then it takes focus, so the keys can scroll it too.
  const ref = useRef<HTMLUListElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el) setScrolls(el.scrollHeight > el.clientHeight);
  }, []);
  return (
    <ul
      ref={ref}
      className="notice-details"
      {...(scrolls ? { tabIndex: 0, 'aria-label': `${lines.length} lines; scroll to read them all` } : {})}
    >
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

/** One notice; information fades after a while, but not while it is being read (focus or pointer on it). */
export default function NoticeBox({ notice }: { notice: Notice }) {
  const ref = useRef<HTMLDivElement>(null);
  const [focused, setFocused] = useState(false);
  const [hovered, setHovered] = useState(false);
  // Timed from when the notice is drawn, not from when it was set: after a big machine's import the
  // page is busy for seconds before this code has rendered, and the notice would go unseen.
  useEffect(() => {
    // A folded list is there to be read at leisure: it stays until dismissed.
    if (notice.kind !== 'info' || notice.more || focused || hovered) return;
    const t = setTimeout(() => {
      if (useSandbox.getState().notice === notice) useSandbox.getState().notify(null);
    }, INFO_MS);
    return () => clearTimeout(t);
  }, [notice, focused, hovered]);
  // An error while nothing has focus (a damaged share link, as the page opens): an alert already
  // there when the page is read out may go unsaid, so focus takes the reader to it.
  useEffect(() => {
    if (notice.kind === 'error' && (document.activeElement ?? document.body) === document.body)
      ref.current?.closest<HTMLElement>('.notice-host')?.focus();
  }, [notice]);
  // Replaced or gone while focus was in it: focus stays in the notice's place, not the page's body.
  // A layout effect: its cleanup runs before the notice leaves the document, while it still has focus.
  useLayoutEffect(() => {
    const el = ref.current;
    return () => {
      if (el?.contains(document.activeElement)) el.closest<HTMLElement>('.notice-host')?.focus();
    };
  }, []);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the handlers only note that it is being read (they pause its timer)
    <div
      ref={ref}
      className={`notice notice-${notice.kind}`}
      onFocus={() => setFocused(true)}
      onBlur={(e) => setFocused(ref.current?.contains(e.relatedTarget as Node | null) ?? false)}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
    >
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
      {notice.seek && (
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            useSandbox.getState().seek(notice.seek!.cursor);
            // The notice goes with its button: focus goes to the step now shown, which names it.
            requestAnimationFrame(() =>
              document.querySelector<HTMLElement>('.area-timeline [aria-current="step"]')?.focus(),
            );
          }}
        >
          {notice.seek.label}
        </button>
      )}
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
