/**
 * Keys that step through the timeline for a presenter: Page Down / Page Up (what a clicker sends)
 * unless they scroll what the reader is in; in demo mode always. Demo mode's own keys (the
 * arrows, Space, Home and End) come with its bar (demo/useDemoKeys.ts).
 */
import { useEffect } from 'react';
import { useSandbox } from '../store';
import { useDemo } from './demo/demoStore';

// Where Page Up/Down already mean something: a text area, a slider. Not a select (a closed one
// would jump its options: a clicker pressed after picking a log filter changed the filter
// mid-talk), nor a checkbox or a one-line field, where they do nothing. The graph and the device
// list use the arrows, Home and End only, so a clicker still steps after a node is picked.
export const PAGE_KEYS_OWNERS = 'textarea, input[type="range"], [role="slider"]';

export function owns(target: EventTarget | null, owners: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.closest(owners) !== null;
}

// Where a reader pages through text: the event log, a lesson, the legend, the glossary, a notice's
// list. Not the inspector: a presenter clicks its actions mid-talk, and the clicker must still step.
const READING = '.log-list, .lessons-panel, .legend-body, .glossary, .notice-details';

/**
 * Whether Page Up/Down belong to what has focus rather than to the timeline: anything in a dialog
 * (a form the page behind must not change under), a reading region that scrolls around the focus,
 * or the page itself when it is taller than the window (the narrow layout) and nothing in
 * particular has focus. Never a closed select outside a dialog: the keys would change its option.
 */
function scrollsHere(target: EventTarget | null): boolean {
  if (target instanceof HTMLElement && target !== document.body) {
    if (target.closest('dialog')) return true;
    if (target.closest('select')) return false;
    const region = target.closest(READING);
    for (let el: HTMLElement | null = target; region && el; el = el.parentElement) {
      const { overflowY } = getComputedStyle(el);
      if ((overflowY === 'auto' || overflowY === 'scroll') && el.scrollHeight > el.clientHeight) return true;
      if (el === region) break;
    }
    return false;
  }
  const page = document.scrollingElement;
  return page !== null && page.scrollHeight > page.clientHeight;
}

/** A focused element the step took away (a line of the log): focus goes to the step slider. */
function keepFocus(focused: Element | null): void {
  requestAnimationFrame(() => {
    if (!focused || focused === document.body || focused.isConnected) return;
    document.querySelector<HTMLElement>('input[type="range"][aria-label="Step"]')?.focus();
  });
}

/** Installs the step keys on the window while mounted. */
export function useStepKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const back = e.key === 'PageUp';
      if ((!back && e.key !== 'PageDown') || e.ctrlKey || e.metaKey || e.altKey) return;
      if (owns(e.target, PAGE_KEYS_OWNERS)) return;
      if (!useDemo.getState().params && scrollsHere(e.target)) return;
      keepFocus(document.activeElement);
      const store = useSandbox.getState();
      if (back) store.stepBack();
      else store.stepForward();
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
