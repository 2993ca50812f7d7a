/**
 * Compare mode's linked views: a pan or zoom the reader makes in one pane is made in the other,
 * so that the same part of both machines stays side by side. On a laptop each pane shows a whole
 * machine too small to read; zoomed in on one group, the other pane shows that group too. After a
 * layout each pane still fits its own graph, and a pane's Fit view fits only that pane.
 */
import type { Viewport } from '@xyflow/react';
import { create } from 'zustand';
import type { Side } from '../../store';
import type { ViewLink } from '../graph/GraphView';

/** Whether the panes' views move together (the reader's switch in the compare bar). */
export const useViewsLinked = create<{ on: boolean; set(on: boolean): void }>((set) => ({
  on: true,
  set: (on) => set({ on }),
}));

const followers: Record<Side, ((view: Viewport) => void) | null> = { left: null, right: null };

function linkOf(side: Side): ViewLink {
  const other: Side = side === 'left' ? 'right' : 'left';
  return {
    moved(view) {
      if (useViewsLinked.getState().on) followers[other]?.(view);
    },
    follow(show) {
      followers[side] = show;
      return () => {
        if (followers[side] === show) followers[side] = null;
      };
    },
  };
}

/** Each pane's link (constant objects, so that a pane subscribes once). */
export const VIEW_LINKS: Record<Side, ViewLink> = { left: linkOf('left'), right: linkOf('right') };
