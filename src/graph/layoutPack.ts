/**
 * Clusters laid out one by one, packed into columns shaped for a wide panel: PCI order down a
 * column and on into the next, each column's domains lined up on its right, each root bus at the
 * head of its clusters with its topology edges drawn as a bus line along the top and a rail down
 * the left of every column it reaches. Pure and synchronous: the quick fallback layout packs the
 * same way as ELK's.
 */
import type { Clustered } from './layoutClusters';
import type { LayoutNode, LayoutResult, XY } from './layoutGraph';
import type { Route } from './route';

/** One cluster laid out on its own, with its origin at its top-left corner. */
export type ClusterLayout = LayoutResult & { width: number; height: number };

/**
 * The canvas the packing aims to fill: the graph panel of a 1600×1000 window less the room Fit
 * view keeps free for the toolbar and controls (src/ui/graph/useFit.ts).
 */
export const TARGET_VIEW = { width: 830, height: 446 } as const;
/** Fit view zooms no further than this, so past it more columns only add crossings. */
export const MAX_FIT_ZOOM = 1.2;

const MARGIN = 24;
const COL_GAP = 60;
const ROW_GAP = 24;
/** A rail runs this far left of its column; another bus's rail one step further. */
const RAIL = 24;
const RAIL_STEP = 8;
/** From the lowest bus line down to the top of the columns. */
const BAND_GAP = 20;

/** What the packer stacks: a cluster, or a root bus heading the clusters below it. */
export type Item = {
  w: number;
  h: number;
  domainX: number | null;
  cluster?: number;
  bus?: LayoutNode;
  /** Starts a column of its own (the shared domains, right of every group that uses them). */
  apart?: true;
};

/** Width of a column whose clusters' domains are moved right to one line. */
function columnWidth(items: Item[]): { width: number; align: number } {
  let plain = 0;
  let align = 0;
  let tail = 0;
  for (const m of items) {
    if (m.domainX === null) plain = Math.max(plain, m.w);
    else {
      align = Math.max(align, m.domainX);
      tail = Math.max(tail, m.w - m.domainX);
    }
  }
  return { width: Math.max(plain, align + tail), align };
}

const stackHeight = (items: Item[]) => items.reduce((h, m) => h + m.h, 0) + ROW_GAP * (items.length - 1);

type Plan = { starts: number[]; zoom: number; lo: number; hi: number };

/**
 * Where columns start: of the ways to cut the items (in order) into columns under a height limit,
 * the one Fit view would show largest in the target view; near ties go to fewer columns. A bus
 * other than the first starts a column, so that its line reaches it from above.
 *
 * The limits worth trying are the heights of runs of items (at least the tallest item's). Rather
 * than cutting once per run (cubic in the items), each cut names the next limit that changes it:
 * the lowest height a column would reach by taking in the item that starts the next one. Heights
 * are whole pixels (fromElk rounds them), so the sums are exact. Equal plans go to the one whose
 * limit comes first among the runs listed by first item, then last (as trying every run did).
 */
export function chooseColumns(items: Item[], extraW: number, extraH: number, gap: number): number[] {
  const n = items.length;
  if (n <= 1) return n ? [0] : [];
  const forced = (j: number) =>
    items[j]!.apart === true || (items[j]!.bus !== undefined && items[j - 1]!.bus === undefined);
  const plans: Plan[] = [];
  let best = 0;
  // A cut's tallest column is as tall as its limit: past the limit whose height alone keeps the
  // zoom out of the good ones, no cut is good.
  for (
    let lo = Math.max(...items.map((m) => m.h)), hi = lo;
    lo < Infinity && TARGET_VIEW.height / (lo + extraH) >= best * 0.97;
    lo = hi
  ) {
    const starts = [0];
    let h = items[0]!.h;
    hi = Infinity;
    for (let j = 1; j < n; j++) {
      const taken = h + ROW_GAP + items[j]!.h;
      if (forced(j) || taken > lo) {
        if (!forced(j)) hi = Math.min(hi, taken);
        starts.push(j);
        h = items[j]!.h;
      } else h = taken;
    }
    let width = extraW + gap * (starts.length - 1);
    let height = 0;
    starts.forEach((s, k) => {
      const col = items.slice(s, starts[k + 1] ?? n);
      width += columnWidth(col).width;
      height = Math.max(height, stackHeight(col));
    });
    const zoom = Math.min(TARGET_VIEW.width / width, TARGET_VIEW.height / (height + extraH), MAX_FIT_ZOOM);
    plans.push({ starts, zoom, lo, hi });
    best = Math.max(best, zoom);
  }
  // Within 3% of the best zoom, fewer columns read better (fewer rails, a shorter bus line).
  const good = plans.filter((p) => p.zoom >= best * 0.97);
  good.sort((a, b) => a.starts.length - b.starts.length || b.zoom - a.zoom);
  const tied = good.filter((p) => p.starts.length === good[0]!.starts.length && p.zoom === good[0]!.zoom);
  // Of equal plans, the first whose limits a run of items reaches, runs listed by first item.
  for (let i = 0; tied[1] && i < n; i++)
    for (let j = i, h = -ROW_GAP; j < n; j++) {
      h += items[j]!.h + ROW_GAP;
      const p = tied.find((p) => h >= p.lo && h < p.hi);
      if (p) return p.starts;
    }
  return good[0]!.starts;
}

/** Drops repeated points, which would leave a zero-length segment in the drawn path. */
function clean(points: XY[]): XY[] {
  return points.filter((p, i) => i === 0 || p.x !== points[i - 1]!.x || p.y !== points[i - 1]!.y);
}

/** The items in order: each bus just before the first cluster with a device on it. */
function sequence(parts: Clustered, laid: ClusterLayout[], domains: ReadonlySet<string>): Item[] {
  const clusterOf = new Map<string, number>();
  parts.clusters.forEach((c, i) => {
    for (const n of c.nodes) clusterOf.set(n.id, i);
  });
  const first = new Map<string, number>();
  for (const e of parts.busEdges) {
    const i = clusterOf.get(e.target);
    if (i !== undefined) first.set(e.source, Math.min(first.get(e.source) ?? i, i));
  }
  const busesAt = new Map<number, LayoutNode[]>();
  for (const b of parts.buses) {
    const i = first.get(b.id) ?? 0;
    busesAt.set(i, [...(busesAt.get(i) ?? []), b]);
  }
  const items: Item[] = [];
  laid.forEach((c, i) => {
    for (const bus of busesAt.get(i) ?? []) items.push({ w: bus.width, h: bus.height, domainX: null, bus });
    let domainX: number | null = null;
    for (const [id, p] of Object.entries(c.positions))
      if (domains.has(id)) domainX = domainX === null ? p.x : Math.min(domainX, p.x);
    items.push({
      w: c.width,
      h: c.height,
      domainX,
      cluster: i,
      ...(parts.clusters[i]!.apart ? { apart: true as const } : {}),
    });
  });
  return items;
}

/** The clusters packed into columns, plus the buses and the routes of their edges. */
export function packClusters(parts: Clustered, laid: ClusterLayout[]): LayoutResult {
  const res: LayoutResult = { positions: {}, sizes: {}, routes: {} };
  const routes = res.routes!;
  const domains = new Set(
    parts.clusters.flatMap((c) => c.top.filter((n) => n.kind === 'domain').map((n) => n.id)),
  );
  const items = sequence(parts, laid, domains);
  const busOrder = new Map(items.flatMap((m) => (m.bus ? [m.bus.id] : [])).map((id, k) => [id, k]));
  const spread = RAIL_STEP * Math.max(0, busOrder.size - 1);
  const left = MARGIN + (busOrder.size ? RAIL + spread : 0);
  const top = busOrder.size ? MARGIN + spread + BAND_GAP : MARGIN;
  const gap = Math.max(COL_GAP, RAIL + spread + 32);
  const starts = chooseColumns(items, left + MARGIN, top + MARGIN, gap);

  // Columns: items stacked, each cluster moved so its domains line up with the column's.
  const columnOf = new Map<string, number>();
  const colX: number[] = [];
  let x = left;
  starts.forEach((start, k) => {
    const end = starts[k + 1] ?? items.length;
    const { width, align } = columnWidth(items.slice(start, end));
    let y = top;
    for (const item of items.slice(start, end)) {
      if (item.bus) res.positions[item.bus.id] = { x, y };
      if (item.cluster !== undefined)
        placeCluster(item.cluster, x, y, item.domainX === null ? 0 : align - item.domainX);
      y += item.h + ROW_GAP;
    }
    colX.push(x);
    x += width + gap;
  });

  function placeCluster(i: number, x: number, y: number, shift: number) {
    const c = laid[i]!;
    const cluster = parts.clusters[i]!;
    const moved = (id: string) => (domains.has(id) ? shift : 0);
    for (const n of cluster.nodes) {
      const p = c.positions[n.id];
      if (!p) continue;
      const isTop = !n.parent || !c.positions[n.parent];
      res.positions[n.id] = isTop ? { x: x + p.x + moved(n.id), y: y + p.y } : p;
      if (isTop) columnOf.set(n.id, colX.length);
      const size = c.sizes[n.id];
      if (size) res.sizes[n.id] = size;
    }
    for (const e of cluster.edges) {
      const r = c.routes?.[e.id];
      if (!r) continue;
      const dx = moved(e.target);
      const at = (p: XY) => ({ x: x + p.x, y: y + p.y });
      const points = r.points.map(at);
      // The last leg runs into the domain's left side: it grows by the domain's move.
      points[points.length - 1]!.x += dx;
      const route: Route = {
        points: clean(points),
        from: at(r.from),
        to: { x: x + r.to.x + dx, y: y + r.to.y },
      };
      if (r.label) route.label = at(r.label);
      routes[e.id] = route;
    }
  }

  // Bus lines along the top, one per bus, a rail down the left of each column it reaches.
  const nodeOf = new Map(parts.clusters.flatMap((c) => c.nodes.map((n) => [n.id, n] as const)));
  for (const b of parts.buses) nodeOf.set(b.id, b);
  const topOf = (id: string) => {
    const p = nodeOf.get(id)?.parent;
    return p && res.positions[p] ? p : id;
  };
  const railsIn = new Map<number, number[]>(); // column → buses with a rail in it
  for (const e of parts.busEdges) {
    const col = columnOf.get(topOf(e.target));
    const b = busOrder.get(e.source);
    if (col === undefined || b === undefined) continue;
    const list = railsIn.get(col) ?? [];
    if (!list.includes(b))
      railsIn.set(
        col,
        [...list, b].sort((p, q) => p - q),
      );
  }
  for (const e of parts.busEdges) {
    const bus = nodeOf.get(e.source);
    const target = nodeOf.get(e.target);
    const col = columnOf.get(topOf(e.target));
    const b = busOrder.get(e.source);
    const p = res.positions[e.target];
    const bp = res.positions[e.source];
    if (!bus || !target || !p || !bp || col === undefined || b === undefined) continue;
    const parent = target.parent && res.positions[target.parent];
    const from = { x: bp.x + bus.width, y: bp.y + bus.height / 2 };
    const to = { x: (parent ? parent.x : 0) + p.x, y: (parent ? parent.y : 0) + p.y + target.height / 2 };
    const lineY = MARGIN + RAIL_STEP * b;
    const railX = colX[col]! - RAIL - RAIL_STEP * railsIn.get(col)!.indexOf(b);
    const jogX = from.x + 12;
    routes[e.id] = {
      points: clean([
        from,
        { x: jogX, y: from.y },
        { x: jogX, y: lineY },
        { x: railX, y: lineY },
        { x: railX, y: to.y },
        to,
      ]),
      from,
      to,
    };
  }
  return res;
}
