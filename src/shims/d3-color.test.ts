import { color } from 'd3-color';
import { interpolate } from 'd3-interpolate';
import { describe, expect, it } from 'vitest';

// React Flow's Fit view and zoom buttons tween the viewport through d3-interpolate, which imports
// d3-color; the page bundles src/shims/d3-color.ts in its place (vite.config.ts).
describe('zooming without d3-color', () => {
  it('runs against the stand-in, which finds no colour in any string', () => {
    expect(color('steelblue')).toBeNull();
  });

  it('tweens the viewport [x, y, width] linearly, as Fit view asks', () => {
    expect(interpolate([0, 0, 100], [10, 20, 300])(0.5)).toEqual([5, 10, 200]);
  });

  it('tweens numbers inside strings, such as a CSS transform', () => {
    expect(interpolate('translate(0px, 0px) scale(1)', 'translate(10px, 4px) scale(2)')(0.5)).toBe(
      'translate(5px, 2px) scale(1.5)',
    );
  });
});
