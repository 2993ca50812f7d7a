/** The page: header, configuration, graph with its toolbar, timeline, event log and inspector. */
import { BootPanel } from './BootPanel';
import { EventLog } from './EventLog';
import { GraphPanel } from './GraphPanel';
import { Header } from './Header';
import { Inspector } from './Inspector';
import { NoticeBar } from './NoticeBar';
import { Timeline } from './Timeline';
import { useUndoKeys } from './useUndoKeys';

/** The whole app; it only lays panels out, each panel reads the store itself. */
export function App() {
  useUndoKeys();
  return (
    <div className="app">
      <Header />
      <main className="workspace">
        <BootPanel />
        <GraphPanel />
        <Timeline />
        <EventLog />
        <Inspector />
      </main>
      <NoticeBar />
    </div>
  );
}
