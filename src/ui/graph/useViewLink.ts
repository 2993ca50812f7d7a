/**
 * One canvas's side of compare mode's linked views (compare/viewLink.ts): the moves it gives the
 * other pane, and the views and fits it takes from it. The moves given are the reader's: those an
 * input event makes (wheel, drag, pinch, a double click), the zoom buttons', and the pans React Flow
 * makes while the reader drags a node against the canvas's edge or Tabs to a node out of view. Fits (each pane shows its own
 * whole graph), the view taken from the other pane and a node brought into view stay this pane's.
 */
import { useReactFlow, useStoreApi, type Viewport } from '@xyflow/react';
import { type RefObject, useCallback, useEffect, useRef } from 'react';

/** A view that moves with another canvas's. */
export interface ViewLink {
  /** This canvas's view moved. */
  moved(view: Viewport): void;
  /** The reader fitted this canvas (Fit view): the other fits its own graph too. */
  fitted(): void;
  /** Gives `pane` the other canvas's moves and fits; returns the unsubscribe. */
  follow(pane: { show(view: Viewport): void; fit(): void }): () => void;
}

/**
 * `fitBoth`: Fit view, both panes (`fitAll` fits this one); `onMove`, `onZoomButton`,
 * `onNodeDragStart` and `onNodeDragStop` for React Flow. `userMoved` is set when the view shown is the other pane's: the reader chose it, so no layout
 * refits it away.
 */
export function useViewLink(link: ViewLink | undefined, fitAll: () => void, userMoved: RefObject<boolean>) {
  const { getViewport, setViewport } = useReactFlow();
  const dragging = useRef(false);
  const focusing = useRef(false);
  const store = useStoreApi();
  // React Flow centres a node that takes keyboard focus out of view, in its own focus handler:
  // a capture listener on its container marks the moves made while that focus event is handled.
  useEffect(() => {
    const dom = store.getState().domNode;
    if (!link || !dom) return;
    const onFocus = () => {
      focusing.current = true;
      queueMicrotask(() => {
        focusing.current = false;
      });
    };
    dom.addEventListener('focus', onFocus, true);
    return () => dom.removeEventListener('focus', onFocus, true);
  }, [link, store]);
  useEffect(
    () =>
      link?.follow({
        show(view) {
          userMoved.current = true;
          void setViewport(view);
        },
        fit: fitAll,
      }),
    [link, setViewport, fitAll, userMoved],
  );
  const onMove = useCallback(
    (e: MouseEvent | TouchEvent | null, view: Viewport) => {
      if (link && (e || dragging.current || focusing.current)) link.moved(view);
    },
    [link],
  );
  // The zoom buttons move the view without an input event, before their callback.
  const onZoomButton = useCallback(() => {
    userMoved.current = true;
    link?.moved(getViewport());
  }, [link, getViewport, userMoved]);
  const onNodeDragStart = useCallback(() => {
    dragging.current = true;
  }, []);
  const onNodeDragStop = useCallback(() => {
    dragging.current = false;
  }, []);
  const fitBoth = useCallback(() => {
    fitAll();
    link?.fitted();
  }, [fitAll, link]);
  return { fitBoth, onMove, onZoomButton, onNodeDragStart, onNodeDragStop };
}
