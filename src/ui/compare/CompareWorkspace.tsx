/**
 * Compare mode's page: both worlds' settings, the two panes over the shared timeline, and the
 * Differences panel. Loaded the first time compare mode is switched on.
 */
import './compare.css';
import { Timeline } from '../Timeline';
import { CompareActions } from './CompareActions';
import { CompareBar } from './CompareBar';
import { CompareConfig } from './CompareConfig';
import { CompareInspector } from './CompareInspector';
import { ComparePane } from './ComparePane';
import { DifferencesPanel } from './DifferencesPanel';

/** The workspace in compare mode. */
export function CompareWorkspace() {
  return (
    <main className="workspace workspace-compare">
      <CompareConfig />
      <CompareBar />
      <ComparePane side="left" />
      <ComparePane side="right" />
      <Timeline />
      <div className="area-diffs compare-side">
        <DifferencesPanel />
        <CompareActions />
        <CompareInspector />
      </div>
    </main>
  );
}
