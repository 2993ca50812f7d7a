/**
 * The graph's legend: a toggle, and when open what the colours, borders, edge styles and markers
 * mean (LegendBody, loaded the first time it opens).
 */
import './legend.css';
import { lazy, memo, Suspense, useRef } from 'react';
import { nameSuffix, useWorld } from '../world';

const LegendBody = lazy(() => import('./LegendBody'));

/** The legend panel (a region named "Legend", "Legend (left)" in a comparison's pane), open or folded to its button. */
export const Legend = memo(function Legend({
  open,
  setOpen,
}: {
  open: boolean;
  setOpen(open: boolean): void;
}) {
  // Two panes' legends are two landmarks: each needs a name of its own.
  const { side } = useWorld();
  const toggle = useRef<HTMLButtonElement>(null);
  return (
    <section
      className="graph-legend"
      aria-label={`Legend${nameSuffix(side)}`}
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || !open) return;
        e.stopPropagation();
        setOpen(false);
        // The contents, which may hold focus, go: focus goes back to the button that opens them.
        toggle.current?.focus();
      }}
    >
      <button
        ref={toggle}
        type="button"
        className="legend-toggle"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {/* aria-expanded tells open from folded: read out, the arrow would only add noise to the name. */}
        Legend <span aria-hidden="true">{open ? '▾' : '▸'}</span>
      </button>
      {open && (
        <Suspense fallback={null}>
          <LegendBody />
        </Suspense>
      )}
    </section>
  );
});
