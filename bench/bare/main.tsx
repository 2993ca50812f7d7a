/**
 * The baseline of `npm run bench:ui` (scripts/bench-ui.mjs): React Flow as its documentation sets
 * it up, with `?n=` default nodes in a grid, in a `?w=`×`?h=` pane (the app's graph panel), fitted.
 * Built only by the bench, never part of the app.
 */
import '@xyflow/react/dist/style.css';
import { type Node, ReactFlow, useNodesState } from '@xyflow/react';
import { createRoot } from 'react-dom/client';

const params = new URLSearchParams(location.search);
const count = Number(params.get('n') ?? 300);
const width = Number(params.get('w') ?? 900);
const height = Number(params.get('h') ?? 520);
const cols = Math.ceil(Math.sqrt(count * 2));
const initial: Node[] = Array.from({ length: count }, (_, i) => ({
  id: String(i),
  position: { x: (i % cols) * 180, y: Math.floor(i / cols) * 80 },
  data: { label: `node ${i}` },
}));

function Bare() {
  const [nodes, , onNodesChange] = useNodesState(initial);
  return (
    <div style={{ width, height }}>
      <ReactFlow nodes={nodes} onNodesChange={onNodesChange} fitView minZoom={0.02} />
    </div>
  );
}

createRoot(document.getElementById('root')!).render(<Bare />);
