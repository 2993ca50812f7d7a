import { afterEach, describe, expect, it, vi } from 'vitest';
import { useViewsLinked, VIEW_LINKS } from './viewLink';

const view = { x: 10, y: -4, zoom: 1.5 };

describe("compare mode's linked views", () => {
  afterEach(() => useViewsLinked.getState().set(true));

  it("gives a pane's move to the other pane only, while the views are linked", () => {
    const left = vi.fn();
    const right = vi.fn();
    const stops = [VIEW_LINKS.left.follow(left), VIEW_LINKS.right.follow(right)];
    VIEW_LINKS.left.moved(view);
    expect(right).toHaveBeenCalledWith(view);
    expect(left).not.toHaveBeenCalled();
    useViewsLinked.getState().set(false);
    VIEW_LINKS.right.moved(view);
    expect(left).not.toHaveBeenCalled();
    for (const stop of stops) stop();
  });

  it('forgets a pane that has gone, but not the one that replaced it', () => {
    const old = vi.fn();
    const fresh = vi.fn();
    const stopOld = VIEW_LINKS.right.follow(old);
    const stopFresh = VIEW_LINKS.right.follow(fresh);
    stopOld();
    VIEW_LINKS.left.moved(view);
    expect(fresh).toHaveBeenCalledTimes(1);
    expect(old).not.toHaveBeenCalled();
    stopFresh();
    VIEW_LINKS.left.moved(view);
    expect(fresh).toHaveBeenCalledTimes(1);
  });
});
