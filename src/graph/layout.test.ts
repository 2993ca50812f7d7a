import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../kernel/types';
import { fallbackLayout } from './fallback';
import { layout } from './layout';
import { GROUP_PAD, type LayoutGraph, type LayoutResult, toLayoutGraph } from './layoutGraph';
import { TARGET_VIEW } from './layoutPack';
import { exampleMachines, libraryMachines, machinesOf, q35Machines } from './scenarios.helpers';
import { toFlow } from './toFlow';

const FILES = [
  'e03-32bit-function-in-two-function-group.v5.3.json',
  'e06-conflicting-needs-in-one-group.v6.1.json',
  'e07-si-domain-freed-on-group-release.no-si-guard.v5.3.json',
  'e10-pcie-switch-with-acs.v6.1.json',
  'e11-conventional-behind-pcie-to-pci-bridge.v5.1.json',
  'e14-cmdline-iommu-offline.v6.1.json',
];

type Rect = { x: number; y: number; w: number; h: number };
const overlap = (a: Rect, b: Rect) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** Every node placed, finite numbers, children inside their group box, no two boxes overlapping. */
function expectClean(g: LayoutGraph, r: LayoutResult) {
  const rects = new Map<string, Rect>();
  for (const n of g.nodes) {
    const p = r.positions[n.id];
    expect(p, `no position for ${n.id}`).toBeDefined();
    expect(Number.isFinite(p!.x) && Number.isFinite(p!.y), `${n.id} at ${JSON.stringify(p)}`).toBe(true);
    const size = n.kind === 'group' ? r.sizes[n.id] : n;
    expect(size && size.width > 0 && size.height > 0, `${n.id} has no size`).toBe(true);
    rects.set(n.id, { x: p!.x, y: p!.y, w: size!.width, h: size!.height });
  }
  for (const n of g.nodes) {
    if (!n.parent) continue;
    const c = rects.get(n.id)!;
    const box = rects.get(n.parent)!;
    // Positions are relative to the group; the header band stays free.
    expect(c.x >= 0 && c.y >= GROUP_PAD.top - 1, `${n.id} in ${n.parent} header`).toBe(true);
    expect(c.x + c.w <= box.w && c.y + c.h <= box.h, `${n.id} sticks out of ${n.parent}`).toBe(true);
  }
  const siblings = (parent: string | undefined) => g.nodes.filter((n) => n.parent === parent);
  for (const parent of [undefined, ...g.nodes.filter((n) => n.kind === 'group').map((n) => n.id)]) {
    const list = siblings(parent);
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++)
        expect(
          overlap(rects.get(list[i]!.id)!, rects.get(list[j]!.id)!),
          `${list[i]!.id} overlaps ${list[j]!.id}`,
        ).toBe(false);
  }
  // A domain lies right of everything that points at it (columns of groups, domains on their right).
  const topOf = (id: string) => g.nodes.find((n) => n.id === id)?.parent ?? id;
  for (const e of g.edges.filter((e) => e.target.startsWith('dom:'))) {
    const user = rects.get(topOf(e.source))!;
    expect(rects.get(e.target)!.x, `${e.target} left of ${e.source}`).toBeGreaterThanOrEqual(user.x + user.w);
  }
}

const graphs = (): [string, LayoutGraph][] => [
  ['q35', toLayoutGraph(toFlow(q35Machines().at(-1)!))],
  ['laptop', toLayoutGraph(toFlow(libraryMachines('laptop.v6.1').at(-1)!))],
  ['server', toLayoutGraph(toFlow(libraryMachines('server.v6.1').at(-1)!))],
  ...FILES.map((f): [string, LayoutGraph] => [f, toLayoutGraph(toFlow(exampleMachines(f).at(-1)!))]),
];

describe('layout (ELK, run directly)', () => {
  it.each(graphs())('%s: every node placed, inside its group, nothing overlapping', async (_name, g) => {
    expectClean(g, await layout(g));
  });

  it('keeps a PCI parent to the left of its child inside a group', async () => {
    const g = toLayoutGraph(
      toFlow(exampleMachines('e11-conventional-behind-pcie-to-pci-bridge.v5.1.json').at(-1)!),
    );
    const r = await layout(g);
    for (const e of g.edges.filter((e) => e.id.startsWith('topo:'))) {
      const s = g.nodes.find((n) => n.id === e.source)!;
      const t = g.nodes.find((n) => n.id === e.target)!;
      if (s.parent && s.parent === t.parent) expect(r.positions[s.id]!.x).toBeLessThan(r.positions[t.id]!.x);
    }
  });
});

describe('fallbackLayout', () => {
  it.each(graphs())('%s: a clean grid', (_name, g) => {
    expectClean(g, fallbackLayout(g));
  });

  it('is deterministic', () => {
    const [, g] = graphs()[0]!;
    expect(fallbackLayout(g)).toEqual(fallbackLayout(g));
  });
});

describe('layout key', () => {
  it('does not change when a step changes no node and no group membership', () => {
    const ms = exampleMachines('e08-kdump-deferred-attach.v5.7.json');
    expect(toLayoutGraph(toFlow(ms[1]!)).key).toBe(toLayoutGraph(toFlow(ms[2]!)).key);
  });
});

describe('packing into columns', () => {
  const bounds = (g: LayoutGraph, r: LayoutResult) => {
    const box = { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
    for (const n of g.nodes.filter((n) => !n.parent)) {
      const p = r.positions[n.id]!;
      const size = n.kind === 'group' ? r.sizes[n.id]! : n;
      box.left = Math.min(box.left, p.x);
      box.top = Math.min(box.top, p.y);
      box.right = Math.max(box.right, p.x + size.width);
      box.bottom = Math.max(box.bottom, p.y + size.height);
    }
    return box;
  };
  const fitZoom = (g: LayoutGraph, r: LayoutResult) => {
    const b = bounds(g, r);
    return Math.min(TARGET_VIEW.width / (b.right - b.left), TARGET_VIEW.height / (b.bottom - b.top));
  };

  it('fits the laptop into the graph panel at a zoom Fit view can read (one tall column gave 0.27)', async () => {
    const g = toLayoutGraph(toFlow(libraryMachines('laptop.v6.1').at(-1)!));
    expect(fitZoom(g, await layout(g))).toBeGreaterThanOrEqual(0.4);
    expect(fitZoom(g, fallbackLayout(g))).toBeGreaterThanOrEqual(0.38);
  });

  it('under iommu=pt too, where every group points at si_domain (one cluster gave a tall column)', async () => {
    const laptop = JSON.parse(
      readFileSync(new URL('../../scenarios/library/laptop.v6.1.json', import.meta.url), 'utf8'),
    ) as Scenario;
    const g = toLayoutGraph(toFlow(machinesOf({ ...laptop, cmdline: 'ro quiet iommu=pt' }).at(-1)!));
    expect(g.nodes.filter((n) => n.kind === 'domain').map((n) => n.id)).toContain('dom:d1');
    const r = await layout(g);
    expectClean(g, r);
    expect(fitZoom(g, r)).toBeGreaterThanOrEqual(0.4);
  });

  it('keeps a small machine in one column', async () => {
    const g = toLayoutGraph(
      toFlow(exampleMachines('e03-32bit-function-in-two-function-group.v5.3.json').at(-1)!),
    );
    const r = await layout(g);
    const groups = g.nodes.filter((n) => n.kind === 'group').map((n) => r.positions[n.id]!.x);
    const domains = g.nodes.filter((n) => n.kind === 'domain').map((n) => r.positions[n.id]!.x);
    expect(Math.min(...domains)).toBeGreaterThan(Math.max(...groups));
    expect(new Set(domains).size).toBe(1);
  });

  it.each(graphs())('%s: bus edges run from the bus to the left side of their device', async (_name, g) => {
    const r = await layout(g);
    const abs = (id: string) => {
      const n = g.nodes.find((n) => n.id === id)!;
      const p = r.positions[id]!;
      const o = n.parent ? r.positions[n.parent]! : { x: 0, y: 0 };
      return { x: o.x + p.x, y: o.y + p.y, w: n.width, h: n.height };
    };
    for (const e of g.edges.filter((e) => e.source.startsWith('bus:'))) {
      const route = r.routes?.[e.id];
      expect(route, `no route for ${e.id}`).toBeDefined();
      const bus = abs(e.source);
      const dev = abs(e.target);
      expect(route!.from).toEqual({ x: bus.x + bus.w, y: bus.y + bus.h / 2 });
      expect(route!.to).toEqual({ x: dev.x, y: dev.y + dev.h / 2 });
      expect(route!.points.at(-1)).toEqual(route!.to);
      // Orthogonal: every leg is horizontal or vertical.
      route!.points.slice(1).forEach((p, i) => {
        const q = route!.points[i]!;
        expect(p.x === q.x || p.y === q.y, `${e.id} leg ${i}`).toBe(true);
      });
    }
  });

  it('keeps the functions of a device in PCI order down their group', async () => {
    const g = toLayoutGraph(toFlow(libraryMachines('laptop.v6.1').at(-1)!));
    const r = await layout(g);
    const lpc = g.nodes.filter((n) => n.id.startsWith('dev:00:1f.'));
    const ys = lpc.map((n) => r.positions[n.id]!.y);
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
  });
});
