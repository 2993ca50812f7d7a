/**
 * An image of a comparison drawn from the graph's node positions (no DOM is serialised, so the
 * SVG is small, has no fonts or stylesheets to inline, and a canvas can turn it into a PNG without
 * being tainted). Pure: positions and node data in, SVG text out.
 */

import type { DmaShown } from '../../graph/dmaShown';
import type { DeviceData, DomainData, EdgeKind, GroupData } from '../../graph/types';
import type { DomainType } from '../../kernel/types';
import { DMA_TEXT, KIND_TEXT } from '../graph/labels';

/** A node where the pane draws it (absolute flow coordinates). */
export type DrawnNode = { id: string; x: number; y: number; w: number; h: number; linked: boolean } & (
  | { type: 'device'; data: DeviceData }
  | { type: 'group'; data: GroupData }
  | { type: 'domain'; data: DomainData }
  | { type: 'bus'; data: { bus: string } }
);

/** An edge between two drawn nodes. */
export interface DrawnEdge {
  source: string;
  target: string;
  kind: EdgeKind;
  domainType?: DomainType | undefined;
}

/** One pane: its title line, its fault status, and its graph. */
export interface DrawnPane {
  title: string;
  status: string;
  bad: boolean;
  nodes: DrawnNode[];
  edges: DrawnEdge[];
}

/** The whole image: a heading, two panes side by side, and the differences at the step. */
export interface DrawnComparison {
  heading: string;
  step: string;
  panes: [DrawnPane, DrawnPane];
  differences: string[];
}

const TYPE: Record<string, [string, string]> = {
  identity: ['#d97706', '#fef3c7'],
  DMA: ['#0f9488', '#ccfbf1'],
  'DMA-FQ': ['#2563eb', '#dbeafe'],
  unmanaged: ['#7c3aed', '#ede9fe'],
  blocked: ['#6b7280', '#f3f4f6'],
};
const DMA_COLOUR: Record<DmaShown, string> = {
  passthrough: '#d97706',
  identity: '#d97706',
  translated: '#0f9488',
  user: '#7c3aed',
  blocked: '#6b7280',
  'old-kernel': '#b45309',
  faults: '#dc2626',
  unattached: '#94a3b8',
  physical: '#6b7280',
  none: '#94a3b8',
};
const FAULT = '#dc2626';
const LINKED = '#f59e0b';
const PANE_WIDTH = 900;
const GAP = 40;
const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif';

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
// About 0.58 em per character of the UI font: enough to keep text inside its box.
const clip = (s: string, width: number, size: number) => {
  const max = Math.max(3, Math.floor(width / (size * 0.58)));
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
};
const text = (x: number, y: number, s: string, size: number, extra = '') =>
  `<text x="${x}" y="${y}" font-size="${size}"${extra}>${esc(s)}</text>`;

function box(n: DrawnNode, fill: string, stroke: string, width: number, dash = ''): string {
  const outline = n.linked ? LINKED : stroke;
  const w = n.linked ? Math.max(width, 4) : width;
  return `<rect x="${n.x}" y="${n.y}" width="${n.w}" height="${n.h}" rx="8" fill="${fill}" stroke="${outline}" stroke-width="${w}"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`;
}

function node(n: DrawnNode): string {
  const x = n.x + 10;
  const inner = n.w - 20;
  if (n.type === 'group') {
    const [stroke, tint] = TYPE[n.data.domainType ?? ''] ?? ['#94a3b8', '#f8fafc'];
    const owner = n.data.owner === 'user' ? ' · user space' : '';
    return [
      box(n, tint, n.data.faults ? FAULT : stroke, n.data.faults ? 3 : 2),
      text(
        x,
        n.y + 20,
        clip(`IOMMU group ${n.data.id} · type ${n.data.type}${owner}`, inner, 14),
        14,
        ' font-weight="700"',
      ),
    ].join('');
  }
  if (n.type === 'device') {
    const d = n.data;
    const colour = DMA_COLOUR[d.dma];
    const faults = d.faults ? `  ⚠ ${d.faults.names.join(', ')}` : '';
    return [
      box(n, '#ffffff', d.faults ? FAULT : '#64748b', d.faults ? 3 : 1.5),
      text(
        x,
        n.y + 20,
        clip(`${d.bdf}${d.label ? `  ${d.label}` : ''}`, inner, 14),
        14,
        ' font-weight="700"',
      ),
      text(x, n.y + 40, clip(d.what, inner, 12), 12, ' fill="#4b5563"'),
      text(x, n.y + 58, clip(d.driver ?? 'no driver', inner, 12), 12, ' fill="#4b5563"'),
      text(
        x,
        n.y + 78,
        clip(`DMA: ${DMA_TEXT[d.dma]}${faults}`, inner, 13),
        13,
        ` fill="${colour}" font-weight="700"`,
      ),
    ].join('');
  }
  if (n.type === 'domain') {
    const d = n.data;
    const look = d.freed ? 'blocked' : d.kind === 'blocking' ? 'blocked' : d.type;
    const [stroke, tint] = TYPE[look] ?? ['#94a3b8', '#f8fafc'];
    const what = d.si ? 'si_domain (static identity)' : KIND_TEXT[d.kind];
    const drawn = [
      box(
        n,
        d.freed ? '#f3f4f6' : tint,
        d.faults ? FAULT : stroke,
        d.faults ? 3 : 2,
        d.freed || d.unused ? '6 4' : '',
      ),
      text(
        x,
        n.y + 22,
        clip(
          `${d.id} · ${d.kind === 'blocking' ? 'blocking' : d.type}${d.freed ? ' · FREED' : ''}`,
          inner,
          14,
        ),
        14,
        ' font-weight="700"',
      ),
      text(x, n.y + 42, clip(`${what} · ${d.users}`, inner, 12), 12, ' fill="#374151"'),
      d.faults
        ? text(
            x,
            n.y + 60,
            clip(`⚠ ${d.faults.names.join(', ')}`, inner, 12),
            12,
            ` fill="${FAULT}" font-weight="700"`,
          )
        : '',
    ].join('');
    // Faint, as on the page: nothing goes through it.
    return d.unused ? `<g opacity="0.55">${drawn}</g>` : drawn;
  }
  return [box(n, '#f1f5f9', '#94a3b8', 1.5), text(x, n.y + 32, `PCI bus ${n.data.bus}`, 13)].join('');
}

const EDGE_STYLE: Record<EdgeKind, (t?: DomainType) => string> = {
  topology: () => 'stroke="#94a3b8" stroke-width="1.5"',
  current: (t) => `stroke="${TYPE[t ?? '']?.[0] ?? '#475569'}" stroke-width="2.5"`,
  default: (t) => `stroke="${TYPE[t ?? '']?.[0] ?? '#475569'}" stroke-width="1.5" stroke-dasharray="6 4"`,
  'driver-view': () => 'stroke="#7c3aed" stroke-width="2" stroke-dasharray="2 4"',
};

function edge(e: DrawnEdge, byId: Map<string, DrawnNode>): string {
  const s = byId.get(e.source);
  const t = byId.get(e.target);
  if (!s || !t) return '';
  if (e.kind === 'topology') {
    // The PCI tree hangs down from its bridge or bus, then across to the device.
    const x = Math.min(s.x + 16, t.x - 12);
    const y = t.y + Math.min(t.h / 2, 30);
    return `<path d="M${x},${s.y + s.h} V${y} H${t.x}" fill="none" ${EDGE_STYLE.topology()}/>`;
  }
  const [x1, y1] = [s.x + s.w, s.y + Math.min(s.h / 2, 40)];
  const [x2, y2] = [t.x, t.y + Math.min(t.h / 2, 40)];
  const dx = Math.max(40, Math.abs(x2 - x1) / 2);
  return `<path d="M${x1},${y1} C${x1 + dx},${y1} ${x2 - dx},${y2} ${x2},${y2}" fill="none" ${EDGE_STYLE[e.kind](e.domainType)}/>`;
}

function bounds(nodes: DrawnNode[]) {
  if (nodes.length === 0) return { x: 0, y: 0, w: 1, h: 1 };
  const x = Math.min(...nodes.map((n) => n.x));
  const y = Math.min(...nodes.map((n) => n.y));
  const w = Math.max(...nodes.map((n) => n.x + n.w)) - x;
  const h = Math.max(...nodes.map((n) => n.y + n.h)) - y;
  return { x, y, w, h };
}

function pane(p: DrawnPane, left: number, top: number): { svg: string; height: number } {
  const b = bounds(p.nodes);
  const scale = Math.min(1, PANE_WIDTH / b.w);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  // Groups first: their devices are drawn on top of them.
  const order = [...p.nodes].sort((a, b) => Number(b.type === 'group') - Number(a.type === 'group'));
  const graph = [...p.edges.map((e) => edge(e, byId)), ...order.map(node)].join('');
  const head = [
    text(left, top + 22, clip(p.title, PANE_WIDTH, 20), 20, ' font-weight="700"'),
    text(
      left,
      top + 48,
      clip(p.status, PANE_WIDTH, 15),
      15,
      ` fill="${p.bad ? FAULT : '#15803d'}" font-weight="600"`,
    ),
  ].join('');
  const height = b.h * scale;
  const frame = `<rect x="${left - 12}" y="${top + 62}" width="${PANE_WIDTH + 24}" height="${height + 24}" rx="10" fill="#f8fafc" stroke="#d6dbe1"/>`;
  const g = `<g transform="translate(${left} ${top + 74}) scale(${scale}) translate(${-b.x} ${-b.y})">${graph}</g>`;
  return { svg: head + frame + g, height: 62 + height + 24 };
}

/** The comparison as an SVG document, with its size. */
export function comparisonSvg(c: DrawnComparison): { svg: string; width: number; height: number } {
  const width = 2 * PANE_WIDTH + GAP + 80;
  const top = 86;
  const a = pane(c.panes[0], 40, top);
  const b = pane(c.panes[1], 40 + PANE_WIDTH + GAP, top);
  const below = top + Math.max(a.height, b.height) + 36;
  const diffs = c.differences.length ? c.differences : ['The two worlds agree at this step.'];
  const list = [
    text(40, below, 'Differences at this step', 17, ' font-weight="700"'),
    ...diffs.map((d, i) => text(40, below + 28 + i * 22, clip(d, width - 80, 14), 14, ' fill="#1f2937"')),
  ].join('');
  const height = below + 28 + diffs.length * 22 + 20;
  const header = [
    text(40, 38, clip(c.heading, width - 80, 24), 24, ' font-weight="700"'),
    text(40, 66, clip(c.step, width - 80, 16), 16, ' fill="#4b5563"'),
  ].join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}" fill="#111827"><rect width="100%" height="100%" fill="#ffffff"/>${header}${a.svg}${b.svg}${list}</svg>`;
  return { svg, width, height };
}
