/**
 * A cluster of the graph (layoutClusters.ts) as ELK's JSON, and ELK's answer back as positions.
 * ELK layered, left to right: bridges before what is below them, groups as compound nodes around
 * their devices, and domains in the last layer, a column on the right of the cluster.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import { GROUP_PAD, type LayoutGraph } from './layoutGraph';
import type { ClusterLayout } from './layoutPack';

const ROOT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.spacing.nodeNode': '22',
  'elk.layered.spacing.nodeNodeBetweenLayers': '48',
  'elk.spacing.edgeNode': '16',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  // The packer keeps the room between clusters.
  'elk.padding': '[top=0,left=0,bottom=0,right=0]',
  // Edge routes in the root's coordinates, whatever box holds the edge.
  'elk.json.edgeCoords': 'ROOT',
  'elk.edgeLabels.placement': 'CENTER',
};

const GROUP_OPTIONS: Record<string, string> = {
  'elk.padding': `[top=${GROUP_PAD.top},left=${GROUP_PAD.left},bottom=${GROUP_PAD.bottom},right=${GROUP_PAD.right}]`,
  // Room between stacked devices for a fault badge on the lower edge.
  'elk.spacing.nodeNode': '20',
  'elk.layered.spacing.nodeNodeBetweenLayers': '40',
  // Room for the header text even when the group holds one narrow device.
  'elk.nodeSize.constraints': 'MINIMUM_SIZE',
  'elk.nodeSize.minimum': '(260, 120)',
};

/** ELK's input for a cluster or a whole graph (edges sit in the lowest box holding both ends). */
export function toElk(g: Pick<LayoutGraph, 'nodes' | 'edges'>): ElkNode {
  const byId = new Map<string, ElkNode>();
  const parentOf = new Map<string, string | undefined>();
  const root: ElkNode = { id: '__root', layoutOptions: ROOT_OPTIONS, children: [], edges: [] };
  for (const n of g.nodes) {
    const node: ElkNode =
      n.kind === 'group'
        ? { id: n.id, layoutOptions: GROUP_OPTIONS, children: [], edges: [] }
        : { id: n.id, width: n.width, height: n.height };
    if (n.kind === 'domain')
      node.layoutOptions = { 'elk.layered.layering.layerConstraint': 'LAST', 'elk.alignment': 'LEFT' };
    if (n.kind === 'bus') node.layoutOptions = { 'elk.layered.layering.layerConstraint': 'FIRST' };
    byId.set(n.id, node);
    parentOf.set(n.id, n.parent);
  }
  for (const n of g.nodes) {
    const box = (n.parent && byId.get(n.parent)) || root;
    box.children!.push(byId.get(n.id)!);
  }
  for (const e of g.edges) {
    if (!byId.has(e.source) || !byId.has(e.target)) continue;
    const ps = parentOf.get(e.source);
    const box = ps !== undefined && ps === parentOf.get(e.target) ? byId.get(ps)! : root;
    const edge: ElkExtendedEdge = { id: e.id, sources: [e.source], targets: [e.target] };
    // Bold 12px text: about 7px a character, plus the label's padding.
    if (e.label) edge.labels = [{ text: e.label, width: e.label.length * 7 + 12, height: 20 }];
    box.edges!.push(edge);
  }
  return root;
}

type Box = { x: number; y: number; w: number; h: number };

/**
 * Puts devices that no edge of the cluster touches (functions of one device, each wired only to
 * the bus) back in PCI order down their group: ELK orders such unconnected nodes as it likes.
 */
function keepModelOrder(root: ElkNode): void {
  const wired = new Set<string>();
  const collect = (n: ElkNode) => {
    for (const e of n.edges ?? []) for (const id of [...e.sources, ...e.targets]) wired.add(id);
    for (const c of n.children ?? []) collect(c);
  };
  collect(root);
  const visit = (n: ElkNode) => {
    const loose = new Map<number, ElkNode[]>();
    for (const c of n.children ?? []) {
      if (c.children?.length) visit(c);
      else if (n !== root && !wired.has(c.id)) {
        const x = Math.round(c.x ?? 0);
        loose.set(x, [...(loose.get(x) ?? []), c]);
      }
    }
    for (const column of loose.values()) {
      if (column.some((c) => c.height !== column[0]!.height)) continue;
      const ys = column.map((c) => c.y ?? 0).sort((a, b) => a - b);
      column.forEach((c, i) => {
        c.y = ys[i];
      });
    }
  };
  visit(root);
}

/** Positions (relative to the parent box), group sizes, edge routes and the size, from ELK's answer. */
export function fromElk(out: ElkNode): ClusterLayout {
  const res: ClusterLayout = {
    positions: {},
    sizes: {},
    routes: {},
    width: Math.round(out.width ?? 0),
    height: Math.round(out.height ?? 0),
  };
  keepModelOrder(out);
  const boxes = new Map<string, Box>();
  const edges: ElkExtendedEdge[] = [];
  const walk = (n: ElkNode, ox: number, oy: number) => {
    edges.push(...(n.edges ?? []));
    for (const c of n.children ?? []) {
      const x = Math.round(c.x ?? 0);
      const y = Math.round(c.y ?? 0);
      const w = Math.round(c.width ?? 0);
      const h = Math.round(c.height ?? 0);
      res.positions[c.id] = { x, y };
      boxes.set(c.id, { x: ox + x, y: oy + y, w, h });
      if (c.children) {
        res.sizes[c.id] = { width: w, height: h };
        walk(c, ox + x, oy + y);
      }
    }
  };
  walk(out, 0, 0);
  for (const e of edges) {
    const s = e.sections?.[0];
    const from = boxes.get(e.sources[0] ?? '');
    const to = boxes.get(e.targets[0] ?? '');
    if (!s || !from || !to || (e.sections?.length ?? 0) > 1) continue;
    res.routes![e.id] = {
      points: [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((p) => ({ x: p.x, y: p.y })),
      from: { x: from.x + from.w, y: from.y + from.h / 2 },
      to: { x: to.x, y: to.y + to.h / 2 },
    };
    const l = e.labels?.[0];
    if (l?.x !== undefined && l.y !== undefined)
      res.routes![e.id]!.label = { x: l.x + (l.width ?? 0) / 2, y: l.y + (l.height ?? 0) / 2 };
  }
  return res;
}
