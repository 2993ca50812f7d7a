/**
 * The first stop of the keyboard: a jump past the header, the boot form and the graph's many
 * nodes to the inspector. A button, not a #link: the page's hash carries share links.
 */

/** The id of the Inspector landmark (focusable by script). */
export const INSPECTOR_ID = 'inspector';

/** Shown only while focused. */
export function SkipLinks() {
  return (
    <button
      type="button"
      className="skip-link"
      onClick={() => document.getElementById(INSPECTOR_ID)?.focus()}
    >
      Skip to the inspector
    </button>
  );
}
