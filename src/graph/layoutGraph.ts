/**
 * What the layout needs to know of the graph: nodes (with their group), fixed sizes and edges,
 * plus a key that changes only when nodes come or go or move to another group, so a step that
 * changes nothing structural does not move anything.
 */
import type { Route } from './route';
import type { FlowGraph } from './types';

/** A node to place; groups have no size of their own (they wrap their children). */
export interface LayoutNode {
  id: string;
  kind: 'group' | 'device' | 'domain' | 'bus';
  parent?: string;
  width: number;
  height: number;
}

export interface LayoutEdge {
  id: string;
  source: string;
  target: string;
  /** Text drawn on the edge, for which the layout keeps room. */
  label?: string;
}

/** The layout's input. */
export interface LayoutGraph {
  key: string;
  nodes: LayoutNode[];
  edges: LayoutEdge[];
}

export type XY = { x: number; y: number };
export type Size = { width: number; height: number };

/** Where every node goes (relative to its group, as React Flow wants) and how big groups are. */
export interface LayoutResult {
  positions: Record<string, XY>;
  sizes: Record<string, Size>;
  /** ELK's edge routes by edge id (the grid fallback has none). */
  routes?: Record<string, Route>;
}

/** Space a group keeps around its devices; the top holds the group's header. */
export const GROUP_PAD = { top: 42, left: 14, bottom: 16, right: 14 } as const;

/** The layout input of a flow graph. */
export function toLayoutGraph(flow: FlowGraph): LayoutGraph {
  const nodes: LayoutNode[] = flow.nodes.map((n) => ({
    id: n.id,
    kind: n.type,
    ...(n.parentId ? { parent: n.parentId } : {}),
    width: n.width ?? 0,
    height: n.height ?? 0,
  }));
  const edges = flow.edges.map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    ...(typeof e.label === 'string' ? { label: e.label } : {}),
  }));
  return { key: layoutKey(nodes), nodes, edges };
}

/** Changes only when the set of nodes or a node's group changes. */
export function layoutKey(nodes: LayoutNode[]): string {
  return nodes.map((n) => (n.parent ? `${n.id}<${n.parent}` : n.id)).join('|');
}

/**
 * Key under which a dragged position is kept: a device's position is relative to its group, so it
 * is kept per group and a device that moves to another group takes the automatic place there.
 */
export const positionKey = (id: string, parentId?: string) => (parentId ? `${id}@${parentId}` : id);
