/**
 * A quick deterministic layout shown before ELK answers (and if it fails): root buses on the
 * left, groups in a grid with their devices stacked inside, loose devices after them, domains in a
 * column on the right. Synchronous and cheap, so the page is never empty.
 */
import { GROUP_PAD, type LayoutGraph, type LayoutNode, type LayoutResult } from './layoutGraph';

const GAP = 28;
const COL_GAP = 72;

/** The grid layout of a graph. */
export function fallbackLayout(g: LayoutGraph): LayoutResult {
  const res: LayoutResult = { positions: {}, sizes: {} };
  const children = new Map<string, LayoutNode[]>();
  for (const n of g.nodes) if (n.parent) children.set(n.parent, [...(children.get(n.parent) ?? []), n]);

  // Column 1: root buses.
  let y = 24;
  let busWidth = 0;
  for (const n of g.nodes.filter((n) => n.kind === 'bus')) {
    res.positions[n.id] = { x: 24, y };
    y += n.height + GAP;
    busWidth = Math.max(busWidth, n.width);
  }

  // Groups (and devices with no group) as cells of a grid.
  const cells = g.nodes.filter((n) => n.kind === 'group' || (n.kind === 'device' && !n.parent));
  const cellSize = (n: LayoutNode) => {
    if (n.kind !== 'group') return { width: n.width, height: n.height };
    const kids = children.get(n.id) ?? [];
    let h = GROUP_PAD.top;
    let w = 260;
    for (const k of kids) {
      res.positions[k.id] = { x: GROUP_PAD.left, y: h };
      h += k.height + 20;
      w = Math.max(w, k.width + GROUP_PAD.left + GROUP_PAD.right);
    }
    const size = { width: w, height: Math.max(120, h - 20 + GROUP_PAD.bottom) };
    res.sizes[n.id] = size;
    return size;
  };
  const cols = Math.max(1, Math.ceil(Math.sqrt(cells.length / 2)));
  const left = 24 + (busWidth ? busWidth + COL_GAP : 0);
  const colX: number[] = [];
  let x = left;
  let rowY = 24;
  let rowH = 0;
  let maxRight = left;
  cells.forEach((n, i) => {
    const col = i % cols;
    if (col === 0 && i > 0) {
      rowY += rowH + GAP;
      rowH = 0;
      x = left;
    }
    const size = cellSize(n);
    x = Math.max(x, colX[col] ?? x);
    res.positions[n.id] = { x, y: rowY };
    colX[col + 1] = Math.max(colX[col + 1] ?? 0, x + size.width + GAP);
    x += size.width + GAP;
    rowH = Math.max(rowH, size.height);
    maxRight = Math.max(maxRight, x);
  });

  // Last column: domains.
  y = 24;
  for (const n of g.nodes.filter((n) => n.kind === 'domain')) {
    res.positions[n.id] = { x: maxRight + COL_GAP, y };
    y += n.height + GAP;
  }
  return res;
}
