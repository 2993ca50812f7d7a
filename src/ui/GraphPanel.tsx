/** The centre panel: machine-wide actions over the graph canvas (which is its own "Graph" region). */
import { GraphSlot } from './GraphSlot';
import { MachineToolbar } from './MachineToolbar';
import { NoticeBar } from './NoticeBar';
import { StaleStepsHint } from './StaleStepsHint';

/** The graph with its toolbar and, under it, the kernel's answer when a step went wrong. */
export function GraphPanel() {
  return (
    <div className="panel area-graph">
      <MachineToolbar />
      <StaleStepsHint className="toolbar-hint" />
      <NoticeBar />
      <div className="graph-canvas">
        <GraphSlot />
      </div>
    </div>
  );
}
