/**
 * Export image: reads where each pane's React Flow drew its nodes, draws both panes with the
 * differences at the viewed step (drawSvg.ts), and downloads it as SVG or PNG.
 */

import { viaText } from '../../compare/via';
import type { GraphEdge } from '../../graph/types';
import { describeStep } from '../../kernel/dmesg';
import { rightWorld, type Side, useCompare, useSandbox } from '../../store';
import { COMPARISONS } from '../../store/comparisons';
import type { CanvasApi } from '../graph/GraphView';
import { configWords } from './ComparePane';
import { KIND_WORDS } from './DiffRow';
import { atStep, differencesOf } from './differences';
import { comparisonSvg, type DrawnNode, type DrawnPane } from './drawSvg';
import { canvases } from './worlds';

function drawnNodes(api: CanvasApi): DrawnNode[] {
  const out: DrawnNode[] = [];
  for (const n of api.getState().nodeLookup.values()) {
    const { x, y } = n.internals.positionAbsolute;
    const w = n.measured.width ?? n.width ?? 0;
    const h = n.measured.height ?? n.height ?? 0;
    const linked = (n.className ?? '').split(' ').includes('linked');
    out.push({ id: n.id, x, y, w, h, linked, type: n.type, data: n.data } as DrawnNode);
  }
  return out;
}

function drawnPane(side: Side, api: CanvasApi | null): DrawnPane {
  const mine = (side === 'left' ? useSandbox : rightWorld).getState();
  const other = (side === 'left' ? rightWorld : useSandbox).getState();
  const machine = mine.cursor < 0 ? mine.initial : (mine.runs[mine.cursor]?.machine ?? mine.initial);
  const faults = [...new Set(machine.faults.map((f) => `${f.kind} at step ${f.step}`))];
  const edges = (api?.getState().edges ?? []) as GraphEdge[];
  return {
    title: `${side === 'left' ? 'Left' : 'Right'}: ${configWords(mine.scenario, other.scenario).join(' · ')}`,
    status: faults.length ? `Faults: ${faults.join(', ')}` : 'No faults',
    bad: faults.length > 0,
    nodes: api ? drawnNodes(api) : [],
    edges: edges.map((e) => ({
      source: e.source,
      target: e.target,
      kind: e.data?.kind ?? 'topology',
      domainType: e.data?.domainType,
    })),
  };
}

/** The SVG of both panes at the viewed step. */
export function currentSvg() {
  const left = useSandbox.getState();
  const right = rightWorld.getState();
  const diffs = differencesOf(left.runs, right.runs, [left.scenario.kernel, right.scenario.kernel]);
  const step = left.runs[left.cursor]?.step;
  const id = useCompare.getState().comparisonId;
  const title = COMPARISONS.find((c) => c.id === id)?.name ?? left.scenario.name ?? 'comparison';
  return comparisonSvg({
    heading: `IOMMU Sandbox: ${title}`,
    step: step ? `Step ${left.cursor}: ${describeStep(step)}` : 'Before the first step',
    panes: [drawnPane('left', canvases.left), drawnPane('right', canvases.right)],
    differences: atStep(diffs, left.cursor).map(({ diff: d }) => {
      const what = `${KIND_WORDS[d.kind]}${d.devices.length ? ` ${d.devices.join(' ')}` : ''}`;
      const via = d.via.left.length || d.via.right.length ? `  (${viaText(d.via)})` : '';
      return `${what}: left ${d.left} | right ${d.right}${via}`;
    }),
  });
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const fileName = (ext: string) => {
  const { cursor } = useSandbox.getState();
  return `iommu-comparison-step-${cursor}.${ext}`;
};

/** Downloads both panes as SVG. */
export function exportSvg(): void {
  download(new Blob([currentSvg().svg], { type: 'image/svg+xml' }), fileName('svg'));
}

/** Downloads both panes as PNG, at twice the SVG's size so it stays sharp on a projector. */
export async function exportPng(): Promise<void> {
  const { svg, width, height } = currentSvg();
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = width * 2;
  canvas.height = height * 2;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((ok) => canvas.toBlob(ok, 'image/png'));
  if (!blob) throw new Error('the browser could not encode the PNG');
  download(blob, fileName('png'));
}
