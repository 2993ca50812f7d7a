/**
 * Where a glossary term's tooltip is drawn while it shows (the term hovered or focused): fixed in
 * the window, so that the scrolling panel the term sits in (the settings, the inspector) does not
 * cut it off, and so placed again whenever anything scrolls, to stay under its word. Escape hides
 * the tooltips shown until the pointer or focus leaves their term (WCAG 1.4.13).
 */

type Why = 'hover' | 'focus';
/** The terms whose tooltips show, with what shows them. */
const shown = new Map<HTMLElement, Set<Why>>();

function place(button: HTMLElement): void {
  const box = button.getBoundingClientRect();
  const style = (button.parentElement as HTMLElement).style;
  style.setProperty('--tip-x', `${Math.max(8, Math.min(box.left, window.innerWidth - 296))}px`);
  const above = box.bottom + 140 > window.innerHeight;
  style.setProperty('--tip-y', `${above ? box.top - 4 : box.bottom + 4}px`);
  style.setProperty('--tip-shift', above ? '-100%' : '0');
}

function listen(on: boolean): void {
  if (on) {
    window.addEventListener('scroll', onScroll, { capture: true, passive: true });
    window.addEventListener('keydown', onKey, true);
  } else {
    window.removeEventListener('scroll', onScroll, { capture: true });
    window.removeEventListener('keydown', onKey, true);
  }
}

// A term taken off the page while shown (another kernel's description, a closed legend) gets no
// pointerleave or blur: forgotten here, or its tooltip would answer Escape for ever.
function prune(): void {
  for (const button of shown.keys()) if (!button.isConnected) shown.delete(button);
  if (shown.size === 0) listen(false);
}

function onScroll(): void {
  prune();
  for (const button of shown.keys()) place(button);
}

// Capture phase: the term's own panel or dialog (the legend, the glossary) closes on Escape too,
// but the first Escape only hides what covers the page.
function onKey(e: KeyboardEvent): void {
  if (e.key !== 'Escape') return;
  prune();
  let hid = false;
  for (const button of shown.keys()) {
    const term = button.parentElement as HTMLElement;
    const tip = button.nextElementSibling;
    // Not drawn (the glossary is open, or hover does not count): the Escape is not for it.
    if (!tip || getComputedStyle(tip).display === 'none') continue;
    term.classList.add('tip-dismissed');
    hid = true;
  }
  if (hid) e.stopPropagation();
}

/** The term `button` is pointed at or focused: its tooltip shows, under (or over) it. */
export function tipShown(button: HTMLElement, why: Why): void {
  place(button);
  prune();
  if (shown.size === 0) listen(true);
  const whys = shown.get(button) ?? new Set<Why>();
  whys.add(why);
  shown.set(button, whys);
}

/** The pointer or the focus left the term `button`. */
export function tipHidden(button: HTMLElement, why: Why): void {
  const whys = shown.get(button);
  if (!whys) return;
  whys.delete(why);
  if (whys.size > 0) return;
  shown.delete(button);
  button.parentElement?.classList.remove('tip-dismissed');
  prune();
}
