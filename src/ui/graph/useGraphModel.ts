/**
 * The graph's data for React Flow: the viewed machine through toFlow, placed by the layout store,
 * marked with the selection, the last step's changes and the focused event; plus the change
 * handler that keeps drags, measurements and selection.
 */
import { type NodeChange, useStoreApi } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { changesBetween } from '../../graph/changes';
import { composeCache, composeEdges, composeNodes } from '../../graph/compose';
import { fallbackLayout } from '../../graph/fallback';
import { strayFaults } from '../../graph/faults';
import { eventNodeIds, nodeIdOf, selectionOf } from '../../graph/ids';
import { type LayoutResult, positionKey, type Size, toLayoutGraph, type XY } from '../../graph/layoutGraph';
import { toFlow } from '../../graph/toFlow';
import type { GraphNode } from '../../graph/types';
import { type SandboxState, selectMachine } from '../../store';
import { revealInspector } from '../SkipLinks';
import { useWorld } from '../world';
import { useLinked } from './useLinked';

const selectPrev = (s: SandboxState) =>
  s.cursor < 0 ? undefined : s.cursor === 0 ? s.initial : s.runs[s.cursor - 1]?.machine;
const selectFocused = (s: SandboxState) =>
  s.focusEvent ? s.runs[s.focusEvent.step]?.events[s.focusEvent.index] : undefined;
const NONE: ReadonlySet<string> = new Set();
// The glow's length (edges.css, graph-glow-*): after it the marks go, or a node that mounts later
// (one panned into view of a large graph) would glow again for a change long past.
const GLOW_MS = 2600;

/**
 * Nodes, edges and handlers for the graph of the viewed step of the world being rendered;
 * `highlight` marks nodes a comparison links to this pane (data-linked).
 */
export function useGraphModel(highlight: ReadonlySet<string> = NONE) {
  const { store, layout } = useWorld();
  const machine = useStore(store, selectMachine);
  const prev = useStore(store, selectPrev);
  const selection = useStore(store, (s) => s.selection);
  const focusedEvent = useStore(store, selectFocused);
  const place = useStore(
    layout,
    useShallow((s) => ({ positions: s.positions, auto: s.auto, sizes: s.sizes })),
  );
  const rf = useStoreApi();

  const flow = useMemo(() => toFlow(machine), [machine]);
  const layoutGraph = useMemo(() => toLayoutGraph(flow), [flow]);
  useEffect(() => layout.getState().request(layoutGraph), [layout, layoutGraph]);

  const changes = useMemo(() => changesBetween(prev, machine), [prev, machine]);
  const focused = useMemo(() => (focusedEvent ? new Set(eventNodeIds(focusedEvent)) : NONE), [focusedEvent]);
  const glowRef = useRef<{ machine: unknown; glow: 0 | 1 }>({ machine: null, glow: 0 });
  if (glowRef.current.machine !== machine) glowRef.current = { machine, glow: glowRef.current.glow ? 0 : 1 };
  const glow = glowRef.current.glow;
  const [glowDone, setGlowDone] = useState<unknown>(null);
  useEffect(() => {
    const t = setTimeout(() => setGlowDone(machine), GLOW_MS);
    return () => clearTimeout(t);
  }, [machine]);
  const glowing = glowDone !== machine;

  const [live, setLive] = useState<Record<string, XY & { dragging: boolean }>>({});
  const [measured, setMeasured] = useState<Record<string, Size>>({});
  const cache = useRef(composeCache()).current;

  const selected = selection ? nodeIdOf(selection) : null;
  const marks = useMemo(
    () => ({
      selected,
      changed: glowing ? changes.nodes : NONE,
      changedEdges: glowing ? changes.edges : NONE,
      focused,
      glow,
    }),
    [selected, changes, focused, glow, glowing],
  );
  const composed = useMemo(() => {
    let fb: LayoutResult | null = null;
    const fallback = () => {
      fb ??= fallbackLayout(layoutGraph);
      return fb;
    };
    return composeNodes(flow.nodes, { ...place, live, measured, fallback }, marks, cache);
  }, [flow, layoutGraph, place, live, measured, marks, cache]);
  const nodes = useLinked(composed, highlight);
  const edges = useMemo(() => composeEdges(flow.edges, marks, cache), [flow, marks, cache]);

  const stray = useMemo(() => strayFaults(machine, new Set(flow.nodes.map((n) => n.id))), [machine, flow]);

  const onNodesChange = useCallback(
    (list: NodeChange<GraphNode>[]) => {
      const moved: Record<string, (XY & { dragging: boolean }) | null> = {};
      const sizes: Record<string, Size> = {};
      let pick: string | null | undefined;
      for (const c of list) {
        if (c.type === 'position' && c.position) moved[c.id] = { ...c.position, dragging: !!c.dragging };
        else if (c.type === 'dimensions' && c.dimensions) sizes[c.id] = c.dimensions;
        else if (c.type === 'select') {
          if (c.selected) pick = c.id;
          else if (pick === undefined && c.id === selected) pick = null;
        }
      }
      if (Object.keys(moved).length) {
        const parents = rf.getState().nodeLookup;
        for (const [id, m] of Object.entries(moved)) {
          // The drag ended: keep the final position in the layout store (persisted), not here.
          if (m && !m.dragging) layout.getState().moveNode(positionKey(id, parents.get(id)?.parentId), m);
        }
        setLive((old) => {
          const next = { ...old };
          for (const [id, m] of Object.entries(moved)) {
            if (m?.dragging) next[id] = m;
            else delete next[id];
          }
          return next;
        });
      }
      if (Object.keys(sizes).length)
        setMeasured((old) => {
          const same = Object.entries(sizes).every(
            ([id, d]) => old[id]?.width === d.width && old[id]?.height === d.height,
          );
          return same ? old : { ...old, ...sizes };
        });
      if (pick !== undefined) {
        store.getState().select(pick === null ? null : selectionOf(pick));
        if (pick !== null) revealInspector();
      }
    },
    [selected, rf, store, layout],
  );

  // What the rest of the page points at: the focused event's nodes, else the selected node.
  const pointedAt = useMemo(
    () => (focused.size ? [...focused] : selected ? [selected] : []),
    [focused, selected],
  );

  return {
    nodes,
    edges,
    onNodesChange,
    stray,
    panicked: machine.panicked,
    // A kdump kernel has no crash kernel loaded, nor has a kernel whose kexec load was refused.
    noCrashKernel: machine.machine.kdump || machine.noCrashKernel,
    pointedAt,
  };
}
