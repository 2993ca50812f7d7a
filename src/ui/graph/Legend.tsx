/**
 * The graph's legend: a toggle, and when open what the colours, borders, edge styles and markers
 * mean (LegendBody, loaded the first time it opens).
 */
import './legend.css';
import { lazy, memo, Suspense } from 'react';

const LegendBody = lazy(() => import('./LegendBody'));

/** The legend panel (a region named "Legend"), open or folded to its button. */
export const Legend = memo(function Legend({
  open,
  setOpen,
}: {
  open: boolean;
  setOpen(open: boolean): void;
}) {
  return (
    <section className="graph-legend" aria-label="Legend">
      <button type="button" className="legend-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        Legend {open ? '▾' : '▸'}
      </button>
      {open && (
        <Suspense fallback={null}>
          <LegendBody />
        </Suspense>
      )}
    </section>
  );
});
