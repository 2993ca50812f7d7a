/**
 * The graph canvas (src/ui/graph/GraphView.tsx, the graph engineer's), loaded lazily so that React
 * Flow's code downloads in parallel with the panels instead of delaying the first render.
 */
import { lazy, Suspense } from 'react';
import { selectMachine, useSandbox } from '../store';

const GraphView = lazy(() => import('./graph/GraphView').then((m) => ({ default: m.GraphView })));

function Loading() {
  const groups = useSandbox((s) => Object.keys(selectMachine(s).groups).length);
  return (
    <div className="graph-slot" role="status">
      Drawing {groups} IOMMU groups…
    </div>
  );
}

/** The graph canvas, with a placeholder while its code loads. */
export function GraphSlot() {
  return (
    <Suspense fallback={<Loading />}>
      <GraphView />
    </Suspense>
  );
}
