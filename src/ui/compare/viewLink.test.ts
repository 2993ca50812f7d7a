import { afterEach, describe, expect, it, vi } from 'vitest';
import { useViewsLinked, VIEW_LINKS } from './viewLink';

const view = { x: 10, y: -4, zoom: 1.5 };
const pane = () => ({ show: vi.fn(), fit: vi.fn() });

describe("compare mode's linked views", () => {
  afterEach(() => useViewsLinked.getState().set(true));

  it("gives a pane's moves and fits to the other pane only, while the views are linked", () => {
    const left = pane();
    const right = pane();
    const stops = [VIEW_LINKS.left.follow(left), VIEW_LINKS.right.follow(right)];
    VIEW_LINKS.left.moved(view);
    VIEW_LINKS.left.fitted();
    expect(right.show).toHaveBeenCalledWith(view);
    expect(right.fit).toHaveBeenCalledTimes(1);
    expect(left.show).not.toHaveBeenCalled();
    expect(left.fit).not.toHaveBeenCalled();
    useViewsLinked.getState().set(false);
    VIEW_LINKS.right.moved(view);
    VIEW_LINKS.right.fitted();
    expect(left.show).not.toHaveBeenCalled();
    expect(left.fit).not.toHaveBeenCalled();
    // Linked again, both fit: the views they had apart are no common view.
    useViewsLinked.getState().set(true);
    expect(left.fit).toHaveBeenCalledTimes(1);
    expect(right.fit).toHaveBeenCalledTimes(2);
    for (const stop of stops) stop();
  });

  it('forgets a pane that has gone, but not the one that replaced it', () => {
    const old = pane();
    const fresh = pane();
    const stopOld = VIEW_LINKS.right.follow(old);
    const stopFresh = VIEW_LINKS.right.follow(fresh);
    stopOld();
    VIEW_LINKS.left.moved(view);
    expect(fresh.show).toHaveBeenCalledTimes(1);
    expect(old.show).not.toHaveBeenCalled();
    stopFresh();
    VIEW_LINKS.left.moved(view);
    expect(fresh.show).toHaveBeenCalledTimes(1);
  });
});
