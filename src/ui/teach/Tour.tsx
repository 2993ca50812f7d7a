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

function rectOf(el: Element | null): Box | null {
  if (!el) return null;
  const r = el.getBoundingClientRect();
  return { top: r.top, left: r.left, width: r.width, height: r.height };
}

const cardWidth = () => Math.min(CARD_W, window.innerWidth - 2 * MARGIN);
// Keeps a card of `size` inside a viewport side of `room`, MARGIN from its edges.
const clamp = (at: number, size: number, room: number) =>
  Math.max(MARGIN, Math.min(at, room - size - MARGIN));

/**
 * Beside the target where the card fits (right, left), else below or above it (a phone), else over
 * the target's lower part; always inside the viewport, so that its buttons can be reached.
 */
export function place(t: Box | null, w: number, h: number, vw: number, vh: number) {
  const at = (top: number, left: number) => ({ top: clamp(top, h, vh), left: clamp(left, w, vw) });
  if (!t) return at(vh / 3, (vw - w) / 2);
  if (t.left + t.width + MARGIN + w < vw) return at(t.top, t.left + t.width + MARGIN);
  if (t.left - MARGIN - w > 0) return at(t.top, t.left - MARGIN - w);
  if (t.top + t.height + MARGIN + h < vh) return at(t.top + t.height + MARGIN, t.left);
  if (t.top - MARGIN - h > 0) return at(t.top - MARGIN - h, t.left);
  return at(vh, t.left);
}

/** The running tour at stop `stop`. */
export function Tour({ stop }: { stop: number }) {
  const s = TOUR_STOPS[stop];
  const card = useRef<HTMLElement>(null);
  const [target, setTarget] = useState<Box | null>(null);
  const [pos, setPos] = useState(() => ({ top: 0, left: 0, width: cardWidth() }));
  const last = stop === TOUR_STOPS.length - 1;

  useLayoutEffect(() => {
    if (!s) return;
    const el = document.querySelector(s.target);
    // On a phone the panels stack below the fold: bring the one this stop is about on screen.
    el?.scrollIntoView?.({ block: 'nearest' });
    const update = () => {
      const t = rectOf(el);
      const width = cardWidth();
      const h = card.current?.offsetHeight ?? 200;
      setTarget(t);
      setPos({ ...place(t, width, h, window.innerWidth, window.innerHeight), width });
    };
    update();
    window.addEventListener('resize', update);
    window.addEventListener('scroll', update, { passive: true });
    return () => {
      window.removeEventListener('resize', update);
      window.removeEventListener('scroll', update);
    };
  }, [s]);
  // Each stop, not only the first: the card's new title is read, where a press of Next that kept
  // focus on Next said nothing of it; and Back, which the first stop has not, is not left holding
  // focus as it goes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the stop changes
  useEffect(() => {
    card.current?.querySelector<HTMLElement>('h2')?.focus();
  }, [stop]);

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
        style={pos}
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
