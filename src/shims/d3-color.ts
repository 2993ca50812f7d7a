/**
 * Stands in for d3-color (vite.config.ts aliases it here). React Flow animates only the zoom
 * transform, through d3-interpolate and d3-transition, which import d3-color for tweening colour
 * strings: with `color` finding no colour in any string, such a tween would run as a string
 * interpolation, and nothing here ever makes one. The real module's parser and table of named
 * colours are ~3.9 KiB gzip of the first load.
 */

// A constructor-shaped function: d3-interpolate asks `value instanceof color`.
export function color(_: string): null {
  return null;
}

function noColour(): never {
  throw new Error('d3-color is not bundled (src/shims/d3-color.ts)');
}

export const rgb = noColour;
export const hsl = noColour;
export const lab = noColour;
export const hcl = noColour;
export const lch = noColour;
export const gray = noColour;
export const cubehelix = noColour;
