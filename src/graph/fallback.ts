/**
 * A quick deterministic layout shown before ELK answers (and if it fails): each cluster a column
 * of its groups, devices stacked inside, with its domains on the right, packed into columns the
 * way ELK's clusters are (layoutPack.ts), so the glide to ELK's layout is short. Synchronous and
 * cheap, so the page is never empty.
 */
import { type Cluster, clusterGraph } from './layoutClusters';
import { GROUP_PAD, type LayoutGraph, type LayoutNode, type LayoutResult } from './layoutGraph';
import { type ClusterLayout, packClusters } from './layoutPack';

const GAP = 22;
const LAYER_GAP = 64;
/** The smallest group box, as ELK keeps it (elkGraph.ts). */
const GROUP_MIN = { width: 260, height: 120 };

function stackCluster(c: Cluster): ClusterLayout {
  const res: ClusterLayout = { positions: {}, sizes: {}, width: 0, height: 0 };
  const children = new Map<string, LayoutNode[]>();
  for (const n of c.nodes) if (n.parent) children.set(n.parent, [...(children.get(n.parent) ?? []), n]);
  const sizeOf = (n: LayoutNode) => {
    if (n.kind !== 'group') return { width: n.width, height: n.height };
    let h = GROUP_PAD.top;
    let w = GROUP_MIN.width;
    for (const k of children.get(n.id) ?? []) {
      res.positions[k.id] = { x: GROUP_PAD.left, y: h };
      h += k.height + 20;
      w = Math.max(w, k.width + GROUP_PAD.left + GROUP_PAD.right);
    }
    const size = { width: w, height: Math.max(GROUP_MIN.height, h - 20 + GROUP_PAD.bottom) };
    res.sizes[n.id] = size;
    return size;
  };
  const column = (nodes: LayoutNode[], x: number) => {
    let y = 0;
    let w = 0;
    for (const n of nodes) {
      const size = sizeOf(n);
      res.positions[n.id] = { x, y };
      y += size.height + GAP;
      w = Math.max(w, size.width);
    }
    return { width: w, height: Math.max(0, y - GAP) };
  };
  const items = column(
    c.top.filter((n) => n.kind !== 'domain'),
    0,
  );
  const domainX = items.width ? items.width + LAYER_GAP : 0;
  const domains = column(
    c.top.filter((n) => n.kind === 'domain'),
    domainX,
  );
  res.width = domains.width ? domainX + domains.width : items.width;
  res.height = Math.max(items.height, domains.height);
  return res;
}

/** The quick layout of a graph. */
export function fallbackLayout(g: LayoutGraph): LayoutResult {
  const parts = clusterGraph(g);
  // Routes only for the bus lines: the other edges run between their handles.
  return packClusters(parts, parts.clusters.map(stackCluster));
}
