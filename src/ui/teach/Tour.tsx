/**
 * The tour: a card beside each panel in turn, with that panel outlined. Not modal: the page stays
 * usable, so a visitor can try what a stop describes before moving on.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { HELP_BUTTON_ID } from './HelpMenu';
import { useTeach } from './teachStore';
import { markSeen } from './tourSeen';
import { TOUR_STOPS } from './tourStops';
import './teach.css';

interface Box {
  top: number;
  left: number;
  width: number;
  height: number;
}

const CARD_W = 340;
const MARGIN = 12;

function rectOf(selector: string): Box | null {
  const el = document.querySelector(selector);
  if (!el) return null;
  const r = el.getBoundingClientRect();
  return { top: r.top, left: r.left, width: r.width, height: r.height };
}

/** Beside the target where it fits (right, left, below), else over its top-left corner. */
function place(t: Box | null, cardH: number): { top: number; left: number } {
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  const clampTop = (y: number) => Math.max(MARGIN, Math.min(y, vh - cardH - MARGIN));
  if (!t) return { top: clampTop(vh / 3), left: (vw - CARD_W) / 2 };
  if (t.left + t.width + MARGIN + CARD_W < vw)
    return { top: clampTop(t.top), left: t.left + t.width + MARGIN };
  if (t.left - MARGIN - CARD_W > 0) return { top: clampTop(t.top), left: t.left - MARGIN - CARD_W };
  if (t.top + t.height + MARGIN + cardH < vh)
    return { top: t.top + t.height + MARGIN, left: Math.max(MARGIN, Math.min(t.left, vw - CARD_W - MARGIN)) };
  return { top: clampTop(t.top + MARGIN), left: Math.max(MARGIN, t.left + MARGIN) };
}

/** The running tour at stop `stop`. */
export function Tour({ stop }: { stop: number }) {
  const s = TOUR_STOPS[stop];
  const card = useRef<HTMLElement>(null);
  const [target, setTarget] = useState<Box | null>(null);
  const [pos, setPos] = useState({ top: 0, left: 0 });
  const last = stop === TOUR_STOPS.length - 1;

  useLayoutEffect(() => {
    if (!s) return;
    const update = () => {
      const t = rectOf(s.target);
      setTarget(t);
      setPos(place(t, card.current?.offsetHeight ?? 200));
    };
    update();
    window.addEventListener('resize', update);
    return () => window.removeEventListener('resize', update);
  }, [s]);
  useEffect(() => {
    card.current?.querySelector<HTMLElement>('h2')?.focus();
  }, []);

  if (!s) return null;
  const end = () => {
    markSeen(window.localStorage);
    useTeach.getState().setTourStop(null);
    // Back to where the tour can be taken again, not to the page's body.
    document.getElementById(HELP_BUTTON_ID)?.focus();
  };
  const go = (n: number) => useTeach.getState().setTourStop(n);
  return (
    <>
      {target && (
        <div
          className="tour-outline"
          aria-hidden="true"
          style={{
            top: target.top - 4,
            left: target.left - 4,
            width: target.width + 8,
            height: target.height + 8,
          }}
        />
      )}
      <section
        ref={card}
        className="tour-card"
        role="dialog"
        aria-modal="false"
        aria-labelledby="tour-title"
        aria-describedby="tour-text"
        style={{ top: pos.top, left: pos.left, width: CARD_W }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') end();
        }}
      >
        <p className="tour-count">
          Tour, {stop + 1} of {TOUR_STOPS.length}
        </p>
        <h2 id="tour-title" tabIndex={-1}>
          {s.title}
        </h2>
        <p id="tour-text">{s.text}</p>
        <div className="tour-buttons">
          <button type="button" className="btn btn-small" onClick={end}>
            {last ? 'Close tour' : 'Skip tour'}
          </button>
          <span className="spacer" />
          {stop > 0 && (
            <button type="button" className="btn btn-small" onClick={() => go(stop - 1)}>
              Back
            </button>
          )}
          {last ? (
            <button type="button" className="btn btn-small btn-primary" onClick={end}>
              Finish
            </button>
          ) : (
            <button type="button" className="btn btn-small btn-primary" onClick={() => go(stop + 1)}>
              Next
            </button>
          )}
        </div>
      </section>
    </>
  );
}

export default Tour;
