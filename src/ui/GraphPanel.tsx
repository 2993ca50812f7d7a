/** The centre panel: machine-wide actions over the graph canvas (which is its own "Graph" region). */
import { GraphSlot } from './GraphSlot';
import { MachineToolbar } from './MachineToolbar';

/** The graph with its toolbar. */
export function GraphPanel() {
  return (
    <div className="panel area-graph">
      <MachineToolbar />
      <div className="graph-canvas">
        <GraphSlot />
      </div>
    </div>
  );
}
