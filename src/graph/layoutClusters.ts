/**
 * The layout graph cut into clusters that can be laid out on their own and then packed side by
 * side: a cluster is what hangs together without the root buses (a root port with what is below
 * it, the groups of those devices and their domains). Pure; reads the layout graph only.
 */
import type { LayoutEdge, LayoutGraph, LayoutNode } from './layoutGraph';

/** More groups than this on one domain, and the domain no longer holds their clusters together. */
const SHARED_BY = 3;

/** A part of the graph that is laid out as one piece. */
export interface Cluster {
  /** Top-level nodes (groups, devices with no group, domains), in model order. */
  top: LayoutNode[];
  /** Every node: the top-level ones and what is inside their groups. */
  nodes: LayoutNode[];
  /** Edges with both ends in the cluster. */
  edges: LayoutEdge[];
  /** Domains shared by many clusters: packed in a column of their own, right of the rest. */
  apart?: true;
}

/** The graph as root buses, the edges from them, and clusters in PCI order. */
export interface Clustered {
  buses: LayoutNode[];
  /** Topology edges from a root bus (they run between clusters, the packer routes them). */
  busEdges: LayoutEdge[];
  clusters: Cluster[];
}

/**
 * The clusters of a graph: connected parts once the buses are taken out, ordered by their first
 * device (PCI order); domains nobody uses come last, one cluster of their own.
 */
export function clusterGraph(g: LayoutGraph): Clustered {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  // The top-level node a node belongs to (itself, or its group).
  const topOf = (id: string) => {
    const n = byId.get(id);
    return n?.parent && byId.has(n.parent) ? n.parent : id;
  };
  const up = new Map<string, string>();
  const find = (id: string): string => {
    let r = id;
    while (up.get(r) !== r) r = up.get(r)!;
    up.set(id, r);
    return r;
  };
  const buses: LayoutNode[] = [];
  for (const n of g.nodes) {
    if (n.kind === 'bus') buses.push(n);
    else if (!n.parent || !byId.has(n.parent)) up.set(n.id, n.id);
  }

  // A domain that many clusters' groups use (si_domain under iommu=pt) would make the whole
  // machine one tall cluster: it stands apart, and its edges are drawn as free curves.
  const users = new Map<string, Set<string>>();
  for (const e of g.edges)
    if (byId.get(e.target)?.kind === 'domain' && byId.has(e.source))
      users.set(e.target, (users.get(e.target) ?? new Set()).add(topOf(e.source)));
  const shared = new Set([...users].filter(([, u]) => u.size > SHARED_BY).map(([d]) => d));

  const busEdges: LayoutEdge[] = [];
  const inner: LayoutEdge[] = [];
  for (const e of g.edges) {
    if (!byId.has(e.source) || !byId.has(e.target)) continue;
    if (byId.get(e.source)!.kind === 'bus') {
      busEdges.push(e);
      continue;
    }
    if (shared.has(e.target)) continue;
    const a = find(topOf(e.source));
    const b = find(topOf(e.target));
    if (a !== b) up.set(b, a);
    inner.push(e);
  }

  // Rank: the model order of a cluster's first device (devices come in PCI order).
  const rank = new Map<string, number>();
  g.nodes.forEach((n, i) => {
    if (n.kind !== 'device') return;
    const root = find(topOf(n.id));
    if (!rank.has(root)) rank.set(root, i);
  });
  const made = new Map<string, Cluster>();
  for (const n of g.nodes) {
    if (n.kind === 'bus') continue;
    const root = find(topOf(n.id));
    const c = made.get(root) ?? { top: [], nodes: [], edges: [] };
    made.set(root, c);
    if (topOf(n.id) === n.id) c.top.push(n);
    c.nodes.push(n);
  }
  for (const e of inner) made.get(find(topOf(e.source)))!.edges.push(e);

  // Unused domains (and empty groups) have no device: gather them in one cluster at the end,
  // and the shared domains in one after it.
  const ranked: Cluster[] = [];
  const rest: Cluster = { top: [], nodes: [], edges: [] };
  const apart: Cluster = { top: [], nodes: [], edges: [], apart: true };
  const last = Number.MAX_SAFE_INTEGER;
  const order = [...made.entries()].sort(([a], [b]) => (rank.get(a) ?? last) - (rank.get(b) ?? last));
  for (const [root, c] of order) {
    if (rank.has(root)) ranked.push(c);
    else {
      const into = shared.has(root) ? apart : rest;
      into.top.push(...c.top);
      into.nodes.push(...c.nodes);
      into.edges.push(...c.edges);
    }
  }
  if (rest.top.length) ranked.push(rest);
  if (apart.top.length) ranked.push(apart);
  return { buses, busEdges, clusters: ranked };
}
