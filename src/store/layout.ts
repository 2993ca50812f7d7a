/**
 * Where the graph's nodes are: ELK's automatic layout (`auto`, `sizes`) and the positions the user
 * dragged nodes to (`positions`, which win and are persisted). ELK runs only when the graph's
 * layout key changes (nodes come or go, a device changes group) or on `relayout()`.
 */
import { create } from 'zustand';
import { fallbackLayout } from '../graph/fallback';
import type { LayoutGraph, LayoutResult, Size, XY } from '../graph/layoutGraph';
import type { Route } from '../graph/route';

export { positionKey, type XY } from '../graph/layoutGraph';

export interface LayoutState {
  /** User-dragged positions by position key (see `positionKey`); kept until Re-layout. */
  positions: Record<string, XY>;
  /** ELK's positions (relative to the node's group), or the fallback grid until ELK answers. */
  auto: Record<string, XY>;
  /** Group box sizes from the same layout. */
  sizes: Record<string, Size>;
  /** ELK's edge routes from the same layout (drawn while both ends stay put). */
  routes: Record<string, Route>;
  /** Key of the graph `auto` was computed for. */
  autoKey: string | null;
  /** Bumps each time `auto` changes. */
  layoutVersion: number;
  /** Bumps when the view must fit the graph whatever is visible (Re-layout). */
  fitRequest: number;
  /** ELK is running. */
  pending: boolean;
  /** The graph last asked for. */
  graph: LayoutGraph | null;
  /** Lay `graph` out unless it has the layout key of the current one. */
  request(graph: LayoutGraph): void;
  /** Forget the user's positions and run ELK again. */
  relayout(): void;
  /** Keep a dragged node's final position. */
  moveNode(key: string, xy: XY): void;
}

// ELK results by layout key, so stepping back and forth never re-runs ELK. Shared by every
// layout store: the two panes of a comparison often lay out the same graph.
const cache = new Map<string, LayoutResult>();
const remember = (key: string, r: LayoutResult) => {
  cache.delete(key);
  cache.set(key, r);
  if (cache.size > 64) cache.delete(cache.keys().next().value!);
};

/** A layout store of its own, for a second graph on the page (the right pane of a comparison). */
export const createLayoutStore = () =>
  create<LayoutState>()((set, get) => {
    // Each store drops the answers of the layouts it no longer waits for.
    let seq = 0;
    const apply = (g: LayoutGraph, r: LayoutResult, fit: boolean) =>
      set((s) => ({
        auto: r.positions,
        sizes: r.sizes,
        routes: r.routes ?? {},
        autoKey: g.key,
        pending: false,
        layoutVersion: s.layoutVersion + 1,
        fitRequest: fit ? s.fitRequest + 1 : s.fitRequest,
      }));

    const run = (g: LayoutGraph, fit: boolean) => {
      const token = ++seq;
      const hit = cache.get(g.key);
      if (hit) return apply(g, hit, fit);
      // Until ELK answers, nodes already placed stay put and new ones take the grid's place.
      const quick = fallbackLayout(g);
      const { auto, sizes } = get();
      set((s) => ({
        auto: { ...quick.positions, ...pick(auto, g) },
        sizes: { ...quick.sizes, ...pick(sizes, g) },
        routes: {},
        autoKey: null,
        pending: true,
        layoutVersion: s.layoutVersion + 1,
      }));
      // ELK's side (its graph format, the worker) loads with the first layout: the fallback grid
      // above is what the first paint shows.
      import('../graph/layout')
        .then((m) => m.layout(g))
        .then(
          (r) => {
            remember(g.key, r);
            if (token === seq) apply(g, r, fit);
          },
          () => {
            if (token === seq) apply(g, quick, fit);
          },
        );
    };

    return {
      positions: {},
      auto: {},
      sizes: {},
      routes: {},
      autoKey: null,
      layoutVersion: 0,
      fitRequest: 0,
      pending: false,
      graph: null,
      request(graph) {
        const { autoKey, graph: last, pending } = get();
        if (last?.key === graph.key && (autoKey === graph.key || pending)) return;
        set({ graph });
        run(graph, false);
      },
      relayout() {
        const { graph } = get();
        set({ positions: {} });
        if (!graph) return;
        cache.delete(graph.key);
        run(graph, true);
      },
      moveNode(key, xy) {
        set((s) => ({ positions: { ...s.positions, [key]: xy } }));
      },
    };
  });

/** A layout store, as the graph reads it. */
export type LayoutStore = ReturnType<typeof createLayoutStore>;

/** The layout store of the page's graph (and of the left pane of a comparison). */
export const useLayout: LayoutStore = createLayoutStore();

function pick<T>(rec: Record<string, T>, g: LayoutGraph): Record<string, T> {
  const out: Record<string, T> = {};
  for (const n of g.nodes) {
    const v = rec[n.id];
    if (v !== undefined) out[n.id] = v;
  }
  return out;
}

/** The user's dragged positions, for persistence. */
export const getPositions = (): Record<string, XY> => useLayout.getState().positions;

/** Restore dragged positions (from persistence); `{}` forgets them. */
export const setPositions = (positions: Record<string, XY>): void => useLayout.setState({ positions });

/** The layout store as persistence sees it (src/store/persist.ts LayoutPort): dragged positions only. */
export const layoutPort = {
  get: getPositions,
  set: setPositions,
  subscribe: (listener: () => void) =>
    useLayout.subscribe((s, prev) => {
      if (s.positions !== prev.positions) listener();
    }),
};
