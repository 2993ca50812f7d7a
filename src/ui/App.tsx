/** The page: header, configuration, graph with its toolbar, timeline, event log and inspector. */
import { lazy, Suspense } from 'react';
import { useCompare } from '../store';
import { openedOnLink } from '../store/startup';
import { BootPanel } from './BootPanel';
import { demoParams } from './demo/demoParams';
import { useDemo } from './demo/demoStore';
import { EventLog } from './EventLog';
import { GraphPanel } from './GraphPanel';
import { Header } from './Header';
import { Inspector } from './Inspector';
import { Timeline } from './Timeline';
import { TeachLayer } from './teach/TeachLayer';
import { useStepKeys } from './useStepKeys';
import { useUndoKeys } from './useUndoKeys';

// Compare mode's panes, differences and export load the first time it is switched on.
const CompareWorkspace = lazy(() =>
  import('./compare/CompareWorkspace').then((m) => ({ default: m.CompareWorkspace })),
);
const DemoBar = lazy(() => import('./demo/DemoBar'));

// Read once: demo mode is how the page was opened, not state that a reload should keep.
const demoAtStart = demoParams(window.location.search);
if (demoAtStart) useDemo.getState().start(demoAtStart);

function SinglePage() {
  return (
    <main className="workspace">
      <BootPanel />
      <GraphPanel />
      <Timeline />
      <EventLog />
      <Inspector />
    </main>
  );
}

/** The whole app; it only lays panels out, each panel reads the store itself. */
export function App() {
  useUndoKeys();
  useStepKeys();
  const comparing = useCompare((s) => s.on);
  const demo = useDemo((s) => s.params);
  return (
    <div className="app">
      <Header />
      {comparing ? (
        <Suspense fallback={<main className="workspace" aria-busy="true" />}>
          <CompareWorkspace />
        </Suspense>
      ) : (
        <SinglePage />
      )}
      {/* Someone sent a link to show something: the first-visit tour would stand in front of it. */}
      <TeachLayer autoTour={demoAtStart === null && !openedOnLink} />
      {demo && (
        <Suspense fallback={null}>
          <DemoBar params={demo} />
        </Suspense>
      )}
    </div>
  );
}
