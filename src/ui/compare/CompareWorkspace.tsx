/**
 * Compare mode's page: both worlds' settings, the two panes over the shared timeline, and the
 * Differences panel. Loaded the first time compare mode is switched on.
 */
import './compare.css';
import { useState } from 'react';
import { Timeline } from '../Timeline';
import { CompareActions } from './CompareActions';
import { CompareBar } from './CompareBar';
import { CompareConfig } from './CompareConfig';
import { CompareInspector } from './CompareInspector';
import { CompareLogs } from './CompareLogs';
import { ComparePane } from './ComparePane';
import { DifferencesPanel } from './DifferencesPanel';

/** The workspace in compare mode. */
export function CompareWorkspace() {
  // Open where the panes keep room for their graphs; a laptop screen starts with them folded.
  const [logs, setLogs] = useState(() => window.innerHeight >= 850);
  return (
    <main className={logs ? 'workspace workspace-compare logs-open' : 'workspace workspace-compare'}>
      <CompareConfig />
      <CompareBar />
      <ComparePane side="left" />
      <ComparePane side="right" />
      <CompareLogs open={logs} onToggle={() => setLogs(!logs)} />
      <Timeline />
      <div className="area-diffs compare-side">
        <DifferencesPanel />
        <CompareActions />
        <CompareInspector />
      </div>
    </main>
  );
}
