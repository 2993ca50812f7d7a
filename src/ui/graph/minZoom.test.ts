import { describe, expect, it } from 'vitest';
import { minZoomFor } from './useFit';

const box = (x: number, y: number, width: number, height: number, parentId?: string) => ({
  position: { x, y },
  width,
  height,
  ...(parentId ? { parentId } : {}),
});

describe('the least zoom of the canvas', () => {
  it('stays at 0.1 for a machine that fits at 0.1', () => {
    expect(minZoomFor([box(0, 0, 4000, 2000)], { width: 1000, height: 800 })).toBe(0.1);
  });

  it('goes low enough for Fit view to show all of a big machine', () => {
    const nodes = [box(0, 0, 300, 200), box(0, 60_000, 300, 200), box(40_000, 0, 300, 200)];
    const zoom = minZoomFor(nodes, { width: 1000, height: 800 });
    expect(zoom * 40_300).toBeLessThanOrEqual(1000);
    expect(zoom * 60_200).toBeLessThanOrEqual(800);
    // Not needlessly far: within a factor of two of the zoom that just fits.
    expect(zoom * 2 * 60_200).toBeGreaterThan(800);
  });

  it('measures only the outermost nodes: a child is placed inside its group', () => {
    const nodes = [box(0, 0, 500, 500), box(90_000, 90_000, 10, 10, 'group-1')];
    expect(minZoomFor(nodes, { width: 1000, height: 800 })).toBe(0.1);
  });

  it('keeps 0.1 with nothing to show or a canvas not measured yet', () => {
    expect(minZoomFor([], { width: 1000, height: 800 })).toBe(0.1);
    expect(minZoomFor([box(0, 0, 50_000, 50_000)], { width: 0, height: 0 })).toBe(0.1);
  });
});
