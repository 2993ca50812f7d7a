/**
 * Compare mode's page: both worlds' settings, the two panes over the shared timeline, and the
 * Differences panel. Loaded the first time compare mode is switched on.
 */
import './compare.css';
import { useEffect, useState } from 'react';
import { useCompare } from '../../store';
import { Timeline } from '../Timeline';
import { CompareActions } from './CompareActions';
import { CompareBar } from './CompareBar';
import { CompareConfig } from './CompareConfig';
import { CompareInspector } from './CompareInspector';
import { CompareLogs } from './CompareLogs';
import { ComparePane } from './ComparePane';
import { DifferencesPanel } from './DifferencesPanel';
import { WORLDS } from './worlds';

/** Folds or unfolds the settings column, and fits both graphs to their panes' new width. */
function toggleSettings(open: boolean, set: (open: boolean) => void) {
  set(open);
  // Two frames: React Flow measures the resized panes in the first.
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      for (const w of [WORLDS.left, WORLDS.right])
        w.layout.setState((s) => ({ fitRequest: s.fitRequest + 1 }));
    }),
  );
}

/** The workspace in compare mode. */
export function CompareWorkspace() {
  // Open where the panes keep room for their graphs; a laptop screen starts with them folded.
  const [logs, setLogs] = useState(() => window.innerHeight >= 850);
  // A link that shows only the differing lines shows the logs they are in.
  const onlyDiffering = useCompare((s) => s.onlyDifferingLines);
  useEffect(() => {
    if (onlyDiffering) setLogs(true);
  }, [onlyDiffering]);
  const [settings, setSettings] = useState(true);
  const className = ['workspace workspace-compare', logs && 'logs-open', !settings && 'settings-folded'];
  return (
    <main className={className.filter(Boolean).join(' ')}>
      <CompareConfig hidden={!settings} />
      <CompareBar settings={settings} onToggleSettings={() => toggleSettings(!settings, setSettings)} />
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
