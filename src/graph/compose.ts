/**
 * The nodes and edges React Flow gets: toFlow's memoised objects plus where each node is and how
 * it is marked (selected, changed in the last step, touched by the focused event, being dragged).
 * A node whose inputs are all unchanged keeps its object, so React Flow re-renders only the rest.
 */
import { type NodeHandle, Position } from '@xyflow/react';
import { type LayoutResult, positionKey, type Size, type XY } from './layoutGraph';
import type { GraphEdge, GraphNode } from './types';

/** Where nodes go: a drag in progress wins, then the user's position, then the layout's. */
export interface Placement {
  live: Record<string, XY & { dragging: boolean }>;
  positions: Record<string, XY>;
  auto: Record<string, XY>;
  sizes: Record<string, Size>;
  measured: Record<string, Size>;
  /** The grid layout, computed only if some node has no place yet. */
  fallback: () => LayoutResult;
}

/** How nodes are marked. */
export interface Marks {
  selected: string | null;
  changed: ReadonlySet<string>;
  changedEdges: ReadonlySet<string>;
  focused: ReadonlySet<string>;
  /** Alternates with every step shown, so a node changed twice in a row glows again. */
  glow: 0 | 1;
}

type Cached<T> = { deps: unknown[]; value: T };
/** Per-id cache of composed nodes/edges (one per graph view). */
export type ComposeCache = { nodes: Map<string, Cached<GraphNode>>; edges: Map<string, Cached<GraphEdge>> };

/** A fresh cache. */
export const composeCache = (): ComposeCache => ({ nodes: new Map(), edges: new Map() });

const same = (a: unknown[], b: unknown[]) => a.every((x, i) => Object.is(x, b[i]));

function cached<T>(map: Map<string, Cached<T>>, id: string, deps: unknown[], build: () => T): T {
  const hit = map.get(id);
  if (hit && same(hit.deps, deps)) return hit.value;
  const value = build();
  map.set(id, { deps, value });
  return value;
}

/**
 * A node's size and its handles (a pixel square mid-side, where its edges meet it) as React Flow
 * would measure them: told them, it does not draw every new node once just to measure it, so a
 * machine of thousands of devices mounts only what is on screen (onlyRenderVisibleElements). Once
 * drawn, a node is measured as usual.
 */
const sized = ({ width, height }: Size) => ({
  measured: { width, height },
  handles: [
    { type: 'target', position: Position.Left, x: -1, y: height / 2 - 0.5 },
    { type: 'source', position: Position.Right, x: width, y: height / 2 - 0.5 },
  ] as NodeHandle[],
});

/** The nodes with their places and marks. */
export function composeNodes(
  base: GraphNode[],
  place: Placement,
  marks: Marks,
  cache: ComposeCache,
): GraphNode[] {
  const glow = marks.glow ? 'glow-b' : 'glow-a';
  return base.map((n) => {
    const live = place.live[n.id];
    const pos =
      live ??
      place.positions[positionKey(n.id, n.parentId)] ??
      place.auto[n.id] ??
      place.fallback().positions[n.id] ??
      ({ x: 0, y: 0 } as XY);
    const size = n.type === 'group' ? (place.sizes[n.id] ?? place.fallback().sizes[n.id]) : undefined;
    const changed = marks.changed.has(n.id);
    const focused = marks.focused.has(n.id);
    const className = [changed && `changed ${glow}`, focused && 'focused'].filter(Boolean).join(' ');
    const selected = marks.selected === n.id;
    const measured = place.measured[n.id];
    const deps = [n, pos.x, pos.y, size?.width, size?.height, className, selected, live?.dragging, measured];
    return cached(cache.nodes, n.id, deps, () => ({
      ...n,
      position: { x: pos.x, y: pos.y },
      ...(size ? { width: size.width, height: size.height } : {}),
      ...(className ? { className } : {}),
      ...sized(measured ?? size ?? (n as Size)),
      selected,
      // React Flow's node is a group, which cannot carry aria-selected: its name says it.
      ...(selected ? { ariaLabel: `${n.ariaLabel}, selected` } : {}),
      dragging: live?.dragging ?? false,
    })) as GraphNode;
  });
}

/** The edges with their marks: changed in the last step, or touching the selected node. */
export function composeEdges(base: GraphEdge[], marks: Marks, cache: ComposeCache): GraphEdge[] {
  const glow = marks.glow ? 'glow-b' : 'glow-a';
  return base.map((e) => {
    const changed = marks.changedEdges.has(e.id);
    const near = marks.selected !== null && (e.source === marks.selected || e.target === marks.selected);
    if (!changed && !near) return e;
    const className = [e.className, changed && `changed ${glow}`, near && 'near-selected']
      .filter(Boolean)
      .join(' ');
    return cached(cache.edges, e.id, [e, className], () => ({ ...e, className }));
  });
}
