/**
 * The graph of the viewed step: PCI devices in their topology inside IOMMU group boxes, domains in
 * a column on the right, edges for what is attached to what. Draggable; positions are kept in the
 * layout store; a node click (or Enter/Space on a focused node) selects it in the sandbox.
 */
// base.css: the layout React Flow needs; the few looks we use from style.css are in graph.css.
import '@xyflow/react/dist/base.css';
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
  ReactFlow,
  ReactFlowProvider,
  useStore,
  useStoreApi,
} from '@xyflow/react';
import { type FocusEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useStore as useZustand } from 'zustand';
import { faultLine } from '../../graph/faults';
import type { GraphEdge, GraphNode } from '../../graph/types';
import { nameSuffix, useWorld } from '../world';
import { BusNode } from './BusNode';
import { DeviceNode } from './DeviceNode';
import { DomainNode } from './DomainNode';
import { GroupNode } from './GroupNode';
import { Legend } from './Legend';
import { RoutedEdge } from './RoutedEdge';
import { marginsFor, minZoomFor, useAutoFit, useFit, useFitEachLayout, useReveal } from './useFit';
import { useGraphModel } from './useGraphModel';
import { useViewLink, type ViewLink } from './useViewLink';

// Module level: a new object per render would remount every node.
const nodeTypes: NodeTypes = { device: DeviceNode, group: GroupNode, domain: DomainNode, bus: BusNode };
const edgeTypes: EdgeTypes = { routed: RoutedEdge };
// Past this many nodes, nodes off screen are not rendered.
const VISIBLE_ONLY_FROM = 120;
// Below this zoom nodes switch to their large-type overview (overview.css).
const OVERVIEW_BELOW = 0.65;
// A canvas narrower than this opens with the legend folded, so the legend does not hide the graph.
const LEGEND_OPEN_FROM = 1100;
// Narrower or lower than this, the mini map would cover the graph it summarises.
const MINIMAP_FROM = 560;
const MINIMAP_FROM_HEIGHT = 560;
// The mini map draws every node, on screen or not, each a box under a pixel past this many.
const MINIMAP_UP_TO = 5000;
// What a focused node's aria-describedby reads. React Flow reads this key while keyboard a11y is on
// (`.default` only when it is off); its own text offers moving nodes with the arrow keys and
// Delete, which this canvas blocks (nodeKeys, deleteKeyCode null). Its edge text offers
// Delete too: edges here cannot be selected or removed.
const ARIA_LABELS = {
  'node.a11yDescription.keyboardDisabled':
    'Press Enter or Space to show it in the inspector, then Enter to go to its details.',
  'edge.a11yDescription.default': 'What is attached to what; select a node at either end to inspect it.',
};

function miniMapClass(n: Node): string {
  const node = n as GraphNode;
  if (node.type === 'domain') {
    const look = node.data.freed ? 'freed' : node.data.kind === 'blocking' ? 'blocked' : node.data.type;
    return `mm-domain t-${look}`;
  }
  if (node.type === 'device') return `mm-device dma-${node.data.dma}`;
  return `mm-${node.type}`;
}

/** React Flow's own store of a canvas: where every node is drawn (for exporting an image). */
export type CanvasApi = ReturnType<typeof useStoreApi<GraphNode, GraphEdge>>;

/** What a comparison's pane adds to the graph; the single page passes nothing. */
export interface GraphViewProps {
  /** Nodes to mark as the counterpart of what the other pane points at. */
  highlight?: ReadonlySet<string>;
  /** The node under the pointer or keyboard focus (null when it leaves). */
  onPoint?(nodeId: string | null): void;
  /** Receives the canvas's React Flow store while it is mounted (null when it goes). */
  onCanvas?(api: CanvasApi | null): void;
  /** Moves this view with another canvas's. */
  viewLink?: ViewLink;
}

function Toolbar({ fit }: { fit(): void }) {
  const { layout } = useWorld();
  const pending = useZustand(layout, (s) => s.pending);
  return (
    <div className="graph-toolbar">
      <button type="button" onClick={fit}>
        Fit view
      </button>
      <button type="button" onClick={() => layout.getState().relayout()}>
        Re-layout
      </button>
      {/* Not a live region: it comes and goes with every action, whose outcome is what to hear. */}
      {pending && <span className="graph-status">laying out…</span>}
    </div>
  );
}

/** Each node is a Tab stop (44 on the laptop): the skip link after the toolbar goes on past them. */
const skipGraph = () => document.querySelector<HTMLElement>('.area-timeline button')?.focus();

function Canvas({ highlight, onPoint, onCanvas, viewLink }: GraphViewProps) {
  const { store, side } = useWorld();
  const { nodes, edges, onNodesChange, stray, panicked, noCrashKernel, pointedAt } = useGraphModel(highlight);
  const api = useStoreApi<GraphNode, GraphEdge>();
  useEffect(() => {
    onCanvas?.(api);
    return () => onCanvas?.(null);
  }, [api, onCanvas]);
  const overview = useStore((s) => s.transform[2] < OVERVIEW_BELOW);
  const canvasWidth = useStore((s) => s.width);
  const canvasHeight = useStore((s) => s.height);
  const [legendChoice, setLegendOpen] = useState<boolean | null>(null);
  const legendOpen = legendChoice ?? canvasWidth >= LEGEND_OPEN_FROM;
  const miniMap =
    !side &&
    canvasWidth >= MINIMAP_FROM &&
    canvasHeight >= MINIMAP_FROM_HEIGHT &&
    nodes.length <= MINIMAP_UP_TO;
  const margins = useMemo(() => marginsFor(legendOpen, miniMap), [legendOpen, miniMap]);
  const [fitView, fitOptions] = useFit(margins);
  // Whether the user has panned or zoomed since the last fit: then no layout refits to enlarge.
  const userMoved = useRef(false);
  const fitAll = useCallback(() => {
    userMoved.current = false;
    fitView();
  }, [fitView]);
  // The legend opened shrinks the room the graph was fitted to; closed, it gives the room back: a
  // view the reader did not move fits again, rather than staying as small as the legend made it.
  const legendWas = useRef(legendOpen);
  useEffect(() => {
    if (legendWas.current === legendOpen) return;
    legendWas.current = legendOpen;
    if (!legendOpen && !userMoved.current) fitAll();
  }, [legendOpen, fitAll]);
  const minZoom = useMemo(
    () =>
      minZoomFor(nodes, {
        width: canvasWidth - margins.left - margins.right,
        height: canvasHeight - margins.top - margins.bottom,
      }),
    [nodes, canvasWidth, canvasHeight, margins],
  );
  // Fit view fits a linked pane's partner too; the fits a layout or a resize makes are this pane's.
  const link = useViewLink(viewLink, fitAll, userMoved);
  useAutoFit(fitAll, margins, userMoved, side !== null, link.fitBoth);
  useFitEachLayout(fitAll, side !== null, userMoved);
  useReveal(pointedAt, margins);
  const onPaneClick = useCallback(() => store.getState().select(null), [store]);
  // A move with an input event is the user's (wheel, drag, pinch); fits and reveals have none.
  const onMoveStart = useCallback((e: MouseEvent | TouchEvent | null) => {
    if (e) userMoved.current = true;
  }, []);
  // Another machine (a comparison picked, a file imported): a view zoomed in on the last one is
  // no choice for it.
  const devices = useZustand(store, (s) => s.scenario.devices);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `devices` is the trigger
  useEffect(() => {
    userMoved.current = false;
  }, [devices]);
  const enter = useCallback((_: unknown, n: GraphNode) => onPoint?.(n.id), [onPoint]);
  const leave = useCallback(() => onPoint?.(null), [onPoint]);

  return (
    <>
      {/* Before the canvas, not in its panels: Tab reaches Fit view, Re-layout and the legend drawn
          beside them before the nodes, which on a big machine are hundreds of Tab stops; the skip
          link comes after the legend, so it does not skip it too. */}
      <div className="react-flow__panel top left">
        <Toolbar fit={link.fitBoth} />
      </div>
      <div className="react-flow__panel top right">
        <Legend open={legendOpen} setOpen={setLegendOpen} />
      </div>
      <button type="button" className="skip-link graph-skip" onClick={skipGraph}>
        Skip past the graph
      </button>
      <ReactFlow<GraphNode, GraphEdge>
        id={side ? `graph-${side}` : undefined}
        nodes={nodes}
        edges={edges}
        className={overview ? 'overview' : undefined}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onPaneClick={onPaneClick}
        onMoveStart={onMoveStart}
        {...(viewLink
          ? {
              onMove: link.onMove,
              onNodeDragStart: link.onNodeDragStart,
              onNodeDragStop: link.onNodeDragStop,
            }
          : {})}
        {...(onPoint ? { onNodeMouseEnter: enter, onNodeMouseLeave: leave } : {})}
        fitView
        fitViewOptions={fitOptions}
        minZoom={minZoom}
        maxZoom={2.5}
        nodesConnectable={false}
        edgesFocusable={false}
        elevateNodesOnSelect={false}
        deleteKeyCode={null}
        multiSelectionKeyCode={null}
        selectionKeyCode={null}
        onlyRenderVisibleElements={nodes.length > VISIBLE_ONLY_FROM}
        ariaLabelConfig={ARIA_LABELS}
      >
        <Background gap={24} />
        <Controls
          showFitView={false}
          showInteractive={false}
          position="bottom-left"
          onZoomIn={link.onZoomButton}
          onZoomOut={link.onZoomButton}
        />
        {/* Two half-width panes, or a canvas squeezed by a side panel, have no room for a mini map. */}
        {miniMap && (
          <MiniMap
            pannable
            zoomable
            nodeClassName={miniMapClass}
            ariaLabel="Mini map of the graph"
            style={{ width: 160, height: 110 }}
          />
        )}
      </ReactFlow>
      {/* Under the canvas, which gives it the room: over it, it hid the nodes it is about. */}
      {(panicked || stray.length > 0) && (
        <div className="graph-banner" role="alert">
          {panicked && (
            <strong>
              Kernel panic: the machine is dead until {noCrashKernel ? '' : 'Crash (kdump) or '}Reboot.{' '}
            </strong>
          )}
          {stray.map((f) => (
            <div key={`${f.step}-${f.fn}-${f.message}`}>{faultLine(f)}</div>
          ))}
        </div>
      )}
    </>
  );
}

// Keyboard focus points at a node as the mouse does: React Flow has no node focus callbacks.
const focusedNode = (e: FocusEvent) =>
  (e.target as Element).closest?.('.react-flow__node')?.getAttribute('data-id') ?? null;

// Keys on a node that React Flow would take: an arrow moves a focused, selected node 5 px, out of
// its group's box too (the layout is the graph's meaning, so from the keyboard a node is picked
// with Enter, never moved); Escape unselects it and then takes focus off it, to the page, so a
// keyboard user no longer knows where they are. Here Escape unselects and focus stays; and Enter
// on the node already shown goes on to its details (dozens of nodes' Tab stops away).
const nodeKeys = (unselect: () => void) => (e: React.KeyboardEvent) => {
  const node = (e.target as Element).closest('.react-flow__node');
  const arrow = e.key.startsWith('Arrow');
  const onward = e.key === 'Enter' && node?.classList.contains('selected');
  if (!node || !(arrow || onward || e.key === 'Escape')) return;
  // The node's handler runs in React's bubble pass, another dispatch: stop the native event.
  e.nativeEvent.stopPropagation();
  e.stopPropagation();
  if (e.key === 'Escape') unselect();
  if (onward) document.querySelector<HTMLElement>('.inspector-heading')?.focus();
};

/**
 * The graph of the world being rendered (src/ui/world.ts): a region named "Graph" on the page,
 * "Graph (left)" and "Graph (right)" in a comparison.
 */
export function GraphView(props: GraphViewProps) {
  const { side, store } = useWorld();
  const { onPoint } = props;
  const onKeys = useMemo(() => nodeKeys(() => store.getState().select(null)), [store]);
  return (
    <section
      className="graph-root"
      aria-label={`Graph${nameSuffix(side)}`}
      onFocus={onPoint ? (e) => onPoint(focusedNode(e)) : undefined}
      onBlur={onPoint ? () => onPoint(null) : undefined}
      onKeyDownCapture={onKeys}
    >
      {/* For heading navigation, which would go from the settings straight to the log. */}
      <h2 className="visually-hidden">Graph{nameSuffix(side)}</h2>
      <ReactFlowProvider>
        <Canvas {...props} />
      </ReactFlowProvider>
    </section>
  );
}

export default GraphView;
