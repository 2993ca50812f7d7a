/** A difference's "via": the kernel functions that made it, in each world, and how it reads. */

export interface Via {
  left: string[];
  right: string[];
}

/** A "via" line's parts: one when both worlds name the same functions, else one per world that names any. */
export function viaParts(via: Via): { side: 'left' | 'right' | null; fns: string[] }[] {
  const same = via.left.length === via.right.length && via.left.every((f, i) => f === via.right[i]);
  if (same) return via.left.length ? [{ side: null, fns: via.left }] : [];
  return (['left', 'right'] as const).filter((s) => via[s].length).map((side) => ({ side, fns: via[side] }));
}

/** The "via" as lines of text: `via f(), g()`, or `left via f()` and `right via g()`. */
export function viaLines(via: Via): string[] {
  return viaParts(via).map(
    ({ side, fns }) => `${side ? `${side} ` : ''}via ${fns.map((f) => `${f}()`).join(', ')}`,
  );
}

/** The "via" on one line: `via f(), g()`, or `left via f(); right via g()`. */
export const viaText = (via: Via): string => viaLines(via).join('; ');

export const both = <W>(worlds: readonly W[], f: (w: W) => string[]): Via => ({
  left: f(worlds[0]!),
  right: f(worlds[1]!),
});
