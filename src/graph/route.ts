/**
 * ELK's orthogonal edge routes as SVG paths. A route is used only while both ends are where the
 * layout put them; once a node is dragged its edges fall back to React Flow's own curves.
 */
import type { XY } from './layoutGraph';

/** An edge as ELK routed it (absolute coordinates) and where its two ends were. */
export interface Route {
  points: XY[];
  /** The source node's right-middle and the target node's left-middle at layout time. */
  from: XY;
  to: XY;
  /** Centre of the edge's label where ELK made room for it. */
  label?: XY;
}

// Handles sit a few pixels off the node border; a drag moves a node by more than this.
const SLACK = 8;
const near = (a: XY, x: number, y: number) => Math.abs(a.x - x) <= SLACK && Math.abs(a.y - y) <= SLACK;

/** Whether the route still joins the edge's ends (neither node has moved since the layout). */
export const routeFits = (r: Route, sx: number, sy: number, tx: number, ty: number) =>
  near(r.from, sx, sy) && near(r.to, tx, ty);

/** An SVG path through the points with rounded corners (radius r, smaller on short segments). */
export function roundedPath(points: XY[], r = 8): string {
  const [first, ...rest] = points;
  if (!first) return '';
  let d = `M${first.x},${first.y}`;
  for (let i = 0; i < rest.length; i++) {
    const p = rest[i]!;
    const prev = points[i]!;
    const next = rest[i + 1];
    if (!next) {
      d += ` L${p.x},${p.y}`;
      break;
    }
    const inLen = Math.hypot(p.x - prev.x, p.y - prev.y);
    const outLen = Math.hypot(next.x - p.x, next.y - p.y);
    const k = Math.min(r, inLen / 2, outLen / 2);
    if (k < 0.5) {
      d += ` L${p.x},${p.y}`;
      continue;
    }
    const a = { x: p.x - ((p.x - prev.x) / inLen) * k, y: p.y - ((p.y - prev.y) / inLen) * k };
    const b = { x: p.x + ((next.x - p.x) / outLen) * k, y: p.y + ((next.y - p.y) / outLen) * k };
    d += ` L${a.x},${a.y} Q${p.x},${p.y} ${b.x},${b.y}`;
  }
  return d;
}

/** Where a label goes: the middle of the route's longest segment. */
export function labelPoint(points: XY[]): XY {
  let best = { x: points[0]?.x ?? 0, y: points[0]?.y ?? 0 };
  let longest = -1;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    if (len > longest) {
      longest = len;
      best = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    }
  }
  return best;
}
