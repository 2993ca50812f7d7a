/**
 * `layout(graph)`: ELK layered over each cluster of the layout graph, the clusters then packed into
 * columns that fill a wide panel (layoutPack.ts), as a pure async function. In the browser
 * ELK runs in a web worker loaded on first use (not in the first-load bundle); in tests and where
 * workers are missing it runs in the same thread, imported lazily.
 */
import type { ElkNode } from 'elkjs/lib/elk-api';
import { fromElk, toElk } from './elkGraph';
import { clusterGraph } from './layoutClusters';
import type { LayoutGraph, LayoutResult } from './layoutGraph';
import { packClusters } from './layoutPack';

/** Runs ELK on its JSON graph. */
export type ElkRunner = (graph: ElkNode) => Promise<ElkNode>;

/** ELK in this thread, loaded on first call. */
export function directRunner(): ElkRunner {
  let elk: Promise<{ layout(g: ElkNode): Promise<ElkNode> }> | null = null;
  return async (graph) => {
    elk ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default());
    return (await elk).layout(graph);
  };
}

type Reply = { id: number; result?: ElkNode; error?: string };

/** ELK in a web worker, started on first call. */
export function workerRunner(): ElkRunner {
  let worker: Worker | null = null;
  let seq = 0;
  const pending = new Map<number, { resolve(g: ElkNode): void; reject(e: Error): void }>();
  const start = () => {
    const w = new Worker(new URL('./elk.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<Reply>) => {
      const p = pending.get(e.data.id);
      pending.delete(e.data.id);
      if (e.data.result) p?.resolve(e.data.result);
      else p?.reject(new Error(e.data.error ?? 'ELK failed'));
    };
    w.onerror = (e) => {
      for (const p of pending.values()) p.reject(new Error(e.message || 'ELK worker failed'));
      pending.clear();
      worker = null;
    };
    return w;
  };
  return (graph) =>
    new Promise<ElkNode>((resolve, reject) => {
      worker ??= start();
      const id = ++seq;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, graph });
    });
}

let shared: ElkRunner | null = null;

/** The runner for this environment: a worker in the browser, the same thread elsewhere. */
export function defaultRunner(): ElkRunner {
  shared ??= typeof Worker !== 'undefined' && typeof window !== 'undefined' ? workerRunner() : directRunner();
  return shared;
}

/** Positions for every node, sizes for the groups and edge routes: ELK per cluster, then packed. */
export async function layout(graph: LayoutGraph, run: ElkRunner = defaultRunner()): Promise<LayoutResult> {
  const parts = clusterGraph(graph);
  const laid = await Promise.all(parts.clusters.map(async (c) => fromElk(await run(toElk(c)))));
  return packClusters(parts, laid);
}
