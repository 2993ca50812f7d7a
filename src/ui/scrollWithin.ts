/**
 * Scrolls `box` (a scrolling list) by the least that brings `el` into its view, `pad` pixels clear
 * of its edges. Unlike scrollIntoView, nothing else scrolls: the page stays where the user put it
 * (on a phone scrollIntoView jumped the page past the panes).
 */
export function scrollWithin(box: Element, el: Element, pad = 0): void {
  const o = box.getBoundingClientRect();
  const c = el.getBoundingClientRect();
  box.scrollLeft += Math.min(0, c.left - o.left - pad) || Math.max(0, c.right - o.right + pad);
  box.scrollTop += Math.min(0, c.top - o.top) || Math.max(0, c.bottom - o.bottom);
}
