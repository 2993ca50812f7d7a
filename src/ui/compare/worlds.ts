/**
 * The two worlds of compare mode as panels see them: the left is the app's sandbox and graph
 * layout (what the single page shows), the right has a layout store of its own. Also where each
 * pane's canvas is, for exporting an image of both.
 */
import { rightWorld, type Side, useSandbox } from '../../store';
import { createLayoutStore, useLayout } from '../../store/layout';
import type { CanvasApi } from '../graph/GraphView';
import type { World } from '../world';

/** Each pane's world (constant objects: a context value that never changes identity). */
export const WORLDS: Record<Side, World> = {
  left: { store: useSandbox, layout: useLayout, side: 'left' },
  right: { store: rightWorld, layout: createLayoutStore(), side: 'right' },
};

/** The panes' React Flow stores while they are on screen. */
export const canvases: Record<Side, CanvasApi | null> = { left: null, right: null };

/** Keeps a pane's canvas (stable functions, so the graph does not re-register each render). */
export const registerCanvas: Record<Side, (api: CanvasApi | null) => void> = {
  left: (api) => {
    canvases.left = api;
  },
  right: (api) => {
    canvases.right = api;
  },
};
