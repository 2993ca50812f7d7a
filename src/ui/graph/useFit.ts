/**
 * Fitting the view: on demand (Fit view, Re-layout) and whenever a new layout or a smaller canvas
 * (a panel opened beside it) leaves a node out of sight, keeping clear of the legend on the right.
 */
import { useStore as useFlowStore, useReactFlow, useStoreApi } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useStore } from 'zustand';
import { useWorld } from '../world';

/** How long a fit's or a reveal's move takes, ms: none, a jump, for a reader who asked for less motion. */
const moveMs = () => (matchMedia('(prefers-reduced-motion: reduce)').matches ? 0 : 400);

/** Never zoom a small machine up past this: nodes would look blown up. */
const MAX_FIT_ZOOM = 1.2;

/** The zoom range's floor unless a machine is too big to fit above it. */
const MIN_ZOOM = 0.1;

/**
 * The least zoom the canvas allows: low enough for Fit view to show every node, however big the
 * machine (a power of two, so that a drag moving the bounds a little does not change it).
 */
export function minZoomFor(
  nodes: readonly {
    parentId?: string;
    position: { x: number; y: number };
    width?: number;
    height?: number;
  }[],
  room: { width: number; height: number },
): number {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const n of nodes) {
    if (n.parentId) continue;
    left = Math.min(left, n.position.x);
    top = Math.min(top, n.position.y);
    right = Math.max(right, n.position.x + (n.width ?? 0));
    bottom = Math.max(bottom, n.position.y + (n.height ?? 0));
  }
  const fit = Math.min(room.width / (right - left), room.height / (bottom - top));
  return fit > 0 && fit < MIN_ZOOM ? 2 ** Math.floor(Math.log2(fit)) : MIN_ZOOM;
}

/** Room kept free for the panels over the canvas (toolbar, legend), in screen pixels. */
export type Margins = { top: number; left: number; bottom: number; right: number };

/**
 * The margins with the legend open or folded, and the mini map shown or not: Fit view keeps every
 * node clear of the toolbar (top), the zoom buttons (bottom left) and the mini map (bottom right).
 */
export const marginsFor = (legendOpen: boolean, miniMap = false): Margins => ({
  top: 64,
  left: 56,
  bottom: miniMap ? 140 : 32,
  right: legendOpen ? 330 : 32,
});

/** A function that fits every node into view, clear of the panels over the canvas, and its options. */
export function useFit(margins: Margins) {
  const { fitView } = useReactFlow();
  const options = useMemo(
    () => ({
      padding: {
        top: `${margins.top}px`,
        left: `${margins.left}px`,
        bottom: `${margins.bottom}px`,
        right: `${margins.right}px`,
      } as const,
      maxZoom: MAX_FIT_ZOOM,
      // Not d3's smooth zoom, which flies out to travel: far out, a big machine's every node is
      // on screen for a frame, and drawn.
      interpolate: 'linear' as const,
    }),
    [margins],
  );
  const fitAll = useCallback(() => fitView({ ...options, duration: moveMs() }), [fitView, options]);
  return [fitAll, options] as const;
}

/**
 * Re-fits after Re-layout, and after a layout (or a resize of the canvas) that put some node out
 * of sight or left the graph much smaller than the canvas could show it.
 */
export function useAutoFit(
  fitAll: () => void,
  margins: Margins,
  userMoved: { readonly current: boolean },
  /** A comparison's pane: a view the reader moved stays, whatever the layout (useFitEachLayout). */
  keepMoved = false,
  /** The fit Re-layout asks for (a linked pane's fits its partner too). */
  fitOnRequest = fitAll,
) {
  const store = useStoreApi();
  const { layout } = useWorld();
  const fitRequest = useStore(layout, (s) => s.fitRequest);
  const layoutVersion = useStore(layout, (s) => s.layoutVersion);
  const pending = useStore(layout, (s) => s.pending);
  // In steps of 32 px, so that dragging a window edge does not refit on every frame.
  const canvas = useFlowStore((s) => `${Math.round(s.width / 32)}x${Math.round(s.height / 32)}`);
  // The layout the last check saw: only a new one may refit to enlarge (not a resize or a panel),
  // and the outermost nodes it had (count, first, last): another machine, whatever the user did.
  const checked = useRef(0);
  const shape = useRef('');

  // The latest fit, called by a request: a new fit function (the legend opened, margins changed)
  // is no request to fit.
  const fit = useRef(fitOnRequest);
  fit.current = fitOnRequest;
  useEffect(() => {
    if (!fitRequest) return;
    const frame = requestAnimationFrame(() => fit.current());
    return () => cancelAnimationFrame(frame);
  }, [fitRequest]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `canvas` re-runs the check when the canvas is resized
  useEffect(() => {
    if (pending || layoutVersion === 0) return;
    // Next frame: React Flow has adopted the new positions by then.
    const frame = requestAnimationFrame(() => {
      if (keepMoved && userMoved.current) return;
      const { nodeLookup, transform, width, height } = store.getState();
      const [tx, ty, zoom] = transform;
      const box = { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
      let count = 0;
      let first = '';
      let last = '';
      for (const n of nodeLookup.values()) {
        if (n.parentId) continue;
        count += 1;
        first ||= n.id;
        last = n.id;
        const { x, y } = n.internals.positionAbsolute;
        box.left = Math.min(box.left, x * zoom + tx);
        box.top = Math.min(box.top, y * zoom + ty);
        box.right = Math.max(box.right, (x + (n.measured.width ?? n.width ?? 0)) * zoom + tx);
        box.bottom = Math.max(box.bottom, (y + (n.measured.height ?? n.height ?? 0)) * zoom + ty);
      }
      if (box.left === Infinity) return;
      const outside =
        box.left < 0 || box.top < margins.top / 2 || box.right > width - margins.right || box.bottom > height;
      // Fitted, a new layout would be a quarter bigger or more: another, smaller machine was loaded.
      // Not when the user zoomed or panned since the last fit, nor on a mere resize.
      const fresh = checked.current !== layoutVersion;
      checked.current = layoutVersion;
      const now = `${count} ${first} ${last}`;
      const another = fresh && now !== shape.current;
      if (fresh) shape.current = now;
      const lost =
        fresh &&
        (another || !userMoved.current) &&
        zoom < MAX_FIT_ZOOM &&
        width - margins.left - margins.right > 1.25 * (box.right - box.left) &&
        height - margins.top - margins.bottom > 1.25 * (box.bottom - box.top);
      // Where the user has panned or zoomed, a node they left out of sight stays so until a new layout.
      if ((outside && (fresh || !userMoved.current)) || lost) fitAll();
    });
    return () => cancelAnimationFrame(frame);
  }, [layoutVersion, pending, fitAll, store, margins, canvas, keepMoved]);
}

/**
 * Brings nodes into view when something outside the graph points at them (an event chosen in the
 * log, a selection made in the inspector): centres them, at the current zoom, if any is off screen.
 */
export function useReveal(ids: readonly string[], margins: Margins) {
  const store = useStoreApi();
  const { setCenter } = useReactFlow();
  const key = ids.join(' ');
  // biome-ignore lint/correctness/useExhaustiveDependencies: reveal when the set of ids changes, not on each render
  useEffect(() => {
    if (!key) return;
    const { nodeLookup, transform, width, height } = store.getState();
    const [tx, ty, zoom] = transform;
    const boxes = ids.flatMap((id) => {
      const n = nodeLookup.get(id);
      if (!n) return [];
      const { x, y } = n.internals.positionAbsolute;
      return [{ x, y, w: n.measured.width ?? n.width ?? 0, h: n.measured.height ?? n.height ?? 0 }];
    });
    if (!boxes.length) return;
    const seen = (b: (typeof boxes)[number]) =>
      b.x * zoom + tx >= 0 &&
      b.y * zoom + ty >= margins.top &&
      (b.x + b.w) * zoom + tx <= width - margins.right &&
      (b.y + b.h) * zoom + ty <= height;
    if (boxes.every(seen)) return;
    const left = Math.min(...boxes.map((b) => b.x));
    const top = Math.min(...boxes.map((b) => b.y));
    const right = Math.max(...boxes.map((b) => b.x + b.w));
    const bottom = Math.max(...boxes.map((b) => b.y + b.h));
    setCenter((left + right) / 2, (top + bottom) / 2, { zoom, duration: moveMs(), interpolate: 'linear' });
  }, [key]);
}

/**
 * Fits the view after every new layout (a comparison's panes: two half-width canvases read best
 * when each shows its whole machine at the same scale rule, whatever the last one was), unless
 * the reader has zoomed or panned since the last fit: stepping through a comparison zoomed in on
 * one group keeps that group in view.
 */
export function useFitEachLayout(
  fitAll: () => void,
  enabled: boolean,
  userMoved: { readonly current: boolean },
) {
  const { layout } = useWorld();
  const layoutVersion = useStore(layout, (s) => s.layoutVersion);
  const pending = useStore(layout, (s) => s.pending);
  const fit = useRef(fitAll);
  fit.current = fitAll;
  useEffect(() => {
    if (!enabled || pending || layoutVersion === 0) return;
    const frame = requestAnimationFrame(() => {
      if (!userMoved.current) fit.current();
    });
    return () => cancelAnimationFrame(frame);
  }, [enabled, layoutVersion, pending, userMoved]);
}
