/**
 * A word the glossary explains: its sentence shows on hover and on keyboard focus (as the
 * button's description), and activating it opens the glossary at that entry. The glossary's text
 * loads after the first paint, so terms can sit in the first view (the legend) at no cost.
 */
import { type ReactNode, useId } from 'react';
import { lazyValue, useLazyValue } from '../lazyValue';
import { useTeach } from './teachStore';
import './term.css';

// The tooltips' placing comes with the glossary's text: until both are in, no tooltip is drawn.
const glossaryText = lazyValue(() =>
  Promise.all([import('../../teach/glossary'), import('./termTip')]).then(([text, tip]) => ({
    short: (id: string) => text.glossary(id).short,
    ...tip,
  })),
);

/** Room the glossary panel takes at a side of the page (teach.css .side-panel), in pixels. */
const glossaryRoom = () => Math.min(420, window.innerWidth - 24) + 24;

/**
 * Whether the glossary should stand at the left of the page: not over the panel the term is in
 * (the inspector's facts, the legend), whose row the reader wants to keep in sight. At the right,
 * as from the Help menu, when there is room there; else at the left when there is room; else on
 * the half of the page away from the term.
 */
function glossaryLeftOf(term: Element): boolean {
  const panel = (term.closest('.panel') ?? term).getBoundingClientRect();
  if (window.innerWidth - panel.right >= glossaryRoom()) return false;
  if (panel.left >= glossaryRoom()) return true;
  const box = term.getBoundingClientRect();
  return box.left + box.right > window.innerWidth;
}

/** `children`, explained by glossary entry `id`. */
export function Term({ id, children }: { id: string; children: ReactNode }) {
  const glossary = useLazyValue(glossaryText);
  const tipId = useId();
  return (
    <span className="term">
      <button
        type="button"
        className="term-button"
        aria-describedby={glossary ? tipId : undefined}
        onPointerEnter={(e) => glossary?.tipShown(e.currentTarget, 'hover')}
        onPointerLeave={(e) => glossary?.tipHidden(e.currentTarget, 'hover')}
        onFocus={(e) => glossary?.tipShown(e.currentTarget, 'focus')}
        onBlur={(e) => glossary?.tipHidden(e.currentTarget, 'focus')}
        onClick={(e) => useTeach.getState().openGlossary(id, glossaryLeftOf(e.currentTarget))}
      >
        {children}
      </button>
      {glossary && (
        <span role="tooltip" id={tipId} className="term-tip">
          {glossary.short(id)}
        </span>
      )}
    </span>
  );
}
