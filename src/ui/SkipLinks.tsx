/**
 * The first stop of the keyboard: a jump past the header, the boot form and the graph's many
 * nodes to the inspector. A button, not a #link: the page's hash carries share links.
 */
import { useCompare } from '../store';

/**
 * The id of the skip link's target (focusable by script): the Inspector on the single page,
 * the Differences panel in compare mode, which has no inspector until something is picked.
 */
export const INSPECTOR_ID = 'inspector';

/**
 * Brings the inspector into view after a pick in the graph when the page is one column (narrow
 * windows stack it far below the graph); where it is beside the graph, nothing moves.
 */
export function revealInspector(): void {
  const el = document.getElementById(INSPECTOR_ID);
  if (el && el.getBoundingClientRect().top >= window.innerHeight)
    el.scrollIntoView?.({ behavior: 'smooth', block: 'start' });
}

/** Shown only while focused. */
export function SkipLinks() {
  const comparing = useCompare((s) => s.on);
  return (
    <button
      type="button"
      className="skip-link"
      onClick={() => {
        // Onto the device list's entry (its arrow keys work at once), else the target itself.
        const inspector = document.getElementById(INSPECTOR_ID);
        (inspector?.querySelector<HTMLElement>('[tabindex="0"]') ?? inspector)?.focus();
      }}
    >
      Skip to the {comparing ? 'differences' : 'inspector'}
    </button>
  );
}
