/**
 * Marks the nodes another pane points at (a comparison's linked highlighting): class `linked` and
 * `data-linked`, so a test and a stylesheet find them. Nodes not linked keep their objects.
 */
import { useMemo, useRef } from 'react';
import type { GraphNode } from '../../graph/types';

/** The nodes, with the highlighted ones marked; the same array when nothing is highlighted. */
export function useLinked(nodes: GraphNode[], highlight: ReadonlySet<string>): GraphNode[] {
  // A marked node is rebuilt only when its unmarked node changes, so a held highlight costs nothing.
  const memo = useRef(new WeakMap<GraphNode, GraphNode>()).current;
  return useMemo(() => {
    if (highlight.size === 0) return nodes;
    return nodes.map((n) => {
      if (!highlight.has(n.id)) return n;
      let marked = memo.get(n);
      if (!marked) {
        marked = {
          ...n,
          className: n.className ? `${n.className} linked` : 'linked',
          domAttributes: { 'data-linked': 'true' } as GraphNode['domAttributes'],
        } as GraphNode;
        memo.set(n, marked);
      }
      return marked;
    });
  }, [nodes, highlight, memo]);
}
