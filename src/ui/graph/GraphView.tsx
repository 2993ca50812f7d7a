/**
 * The graph of the viewed step: PCI devices in their topology inside IOMMU group boxes, domains in
 * a column on the right, edges for what is attached to what. Draggable; positions are kept in the
 * layout store; a node click (or Enter/Space on a focused node) selects it in the sandbox.
 */
import '@xyflow/react/dist/style.css';
import './graph.css';
import './device.css';
import './nodes.css';
import './edges.css';
import './overview.css';
import {
  Background,
  Controls,
  type EdgeTypes,
  MiniMap,
  type Node,
  type NodeTypes,
  Panel,
  ReactFlow,
  ReactFlowProvider,
  useStore,
} from '@xyflow/react';
import { useCallback, useMemo, useState } from 'react';
import { faultLine } from '../../graph/faults';
import type { GraphEdge, GraphNode } from '../../graph/types';
import { useSandbox } from '../../store';
import { useLayout } from '../../store/layout';
import { BusNode } from './BusNode';
import { DeviceNode } from './DeviceNode';
import { DomainNode } from './DomainNode';
import { GroupNode } from './GroupNode';
import { Legend } from './Legend';
import { RoutedEdge } from './RoutedEdge';
import { marginsFor, useAutoFit, useFit, useReveal } from './useFit';
import { useGraphModel } from './useGraphModel';

// Module level: a new object per render would remount every node.
const nodeTypes: NodeTypes = { device: DeviceNode, group: GroupNode, domain: DomainNode, bus: BusNode };
const edgeTypes: EdgeTypes = { routed: RoutedEdge };
// Past this many nodes, nodes off screen are not rendered.
const VISIBLE_ONLY_FROM = 120;
// Below this zoom nodes switch to their large-type overview (overview.css).
const OVERVIEW_BELOW = 0.65;
// A canvas narrower than this opens with the legend folded, so the legend does not hide the graph.
const LEGEND_OPEN_FROM = 1100;

function miniMapClass(n: Node): string {
  const node = n as GraphNode;
  if (node.type === 'domain') {
    const look = node.data.freed ? 'freed' : node.data.kind === 'blocking' ? 'blocked' : node.data.type;
    return `mm-domain t-${look}`;
  }
  if (node.type === 'device') return `mm-device dma-${node.data.dma}`;
  return `mm-${node.type}`;
}

function Toolbar({ fit }: { fit(): void }) {
  const pending = useLayout((s) => s.pending);
  return (
    <div className="graph-toolbar">
      <button type="button" onClick={fit}>
        Fit view
      </button>
      <button type="button" onClick={() => useLayout.getState().relayout()}>
        Re-layout
      </button>
      {pending && (
        <span className="graph-status" role="status">
          laying out…
        </span>
      )}
    </div>
  );
}

function Canvas() {
  const { nodes, edges, onNodesChange, stray, panicked, pointedAt } = useGraphModel();
  const overview = useStore((s) => s.transform[2] < OVERVIEW_BELOW);
  const canvasWidth = useStore((s) => s.width);
  const [legendChoice, setLegendOpen] = useState<boolean | null>(null);
  const legendOpen = legendChoice ?? canvasWidth >= LEGEND_OPEN_FROM;
  const margins = useMemo(() => marginsFor(legendOpen), [legendOpen]);
  const [fitAll, fitOptions] = useFit(margins);
  useAutoFit(fitAll, margins);
  useReveal(pointedAt, margins);
  const onPaneClick = useCallback(() => useSandbox.getState().select(null), []);

  return (
    <ReactFlow<GraphNode, GraphEdge>
      nodes={nodes}
      edges={edges}
      className={overview ? 'overview' : undefined}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodesChange={onNodesChange}
      onPaneClick={onPaneClick}
      fitView
      fitViewOptions={fitOptions}
      minZoom={0.1}
      maxZoom={2.5}
      nodesConnectable={false}
      edgesFocusable={false}
      elevateNodesOnSelect={false}
      deleteKeyCode={null}
      multiSelectionKeyCode={null}
      selectionKeyCode={null}
      onlyRenderVisibleElements={nodes.length > VISIBLE_ONLY_FROM}
      ariaLabelConfig={{ 'node.a11yDescription.default': 'Press Enter or Space to select this node.' }}
    >
      <Background gap={24} />
      <Controls showFitView={false} showInteractive={false} position="bottom-left" />
      <MiniMap
        pannable
        zoomable
        nodeClassName={miniMapClass}
        ariaLabel="Mini map of the graph"
        style={{ width: 160, height: 110 }}
      />
      <Panel position="top-left">
        <Toolbar fit={fitAll} />
      </Panel>
      <Panel position="top-right">
        <Legend open={legendOpen} setOpen={setLegendOpen} />
      </Panel>
      {(panicked || stray.length > 0) && (
        <Panel position="top-center">
          <div className="graph-banner" role="alert">
            {panicked && <strong>Kernel panic: the machine is dead until kdump or a new boot. </strong>}
            {stray.map((f) => (
              <div key={`${f.step}-${f.fn}-${f.message}`}>{faultLine(f)}</div>
            ))}
          </div>
        </Panel>
      )}
    </ReactFlow>
  );
}

/** The graph, as the page's main area shows it (a region named "Graph"). */
export function GraphView() {
  return (
    <section className="graph-root" aria-label="Graph">
      <ReactFlowProvider>
        <Canvas />
      </ReactFlowProvider>
    </section>
  );
}

export default GraphView;
