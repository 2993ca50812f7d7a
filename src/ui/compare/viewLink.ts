/**
 * Compare mode's linked views: a pan or zoom the reader makes in one pane is made in the other,
 * so that the same part of both machines stays side by side. On a laptop each pane shows a whole
 * machine too small to read; zoomed in on one group, the other pane shows that group too. After a
 * layout each pane keeps its view once the reader has moved it; Fit view fits both, each its own graph.
 */
import type { Viewport } from '@xyflow/react';
import { create } from 'zustand';
import type { Side } from '../../store';
import type { ViewLink } from '../graph/useViewLink';

/** Whether the panes' views move together (the reader's switch in the compare bar). */
type Pane = Parameters<ViewLink['follow']>[0];
const followers: Record<Side, Pane | null> = { left: null, right: null };

/**
 * Whether the panes' views move together (the reader's switch in the compare bar). Linked again,
 * both panes fit their graphs: the views they had apart are no common view.
 */
export const useViewsLinked = create<{ on: boolean; set(on: boolean): void }>((set) => ({
  on: true,
  set(on) {
    set({ on });
    if (on) for (const pane of [followers.left, followers.right]) pane?.fit();
  },
}));

function linkOf(side: Side): ViewLink {
  const other: Side = side === 'left' ? 'right' : 'left';
  return {
    moved(view: Viewport) {
      if (useViewsLinked.getState().on) followers[other]?.show(view);
    },
    fitted() {
      if (useViewsLinked.getState().on) followers[other]?.fit();
    },
    follow(pane) {
      followers[side] = pane;
      return () => {
        if (followers[side] === pane) followers[side] = null;
      };
    },
  };
}

/** Each pane's link (constant objects, so that a pane subscribes once). */
export const VIEW_LINKS: Record<Side, ViewLink> = { left: linkOf('left'), right: linkOf('right') };
