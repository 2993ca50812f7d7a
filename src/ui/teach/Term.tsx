/**
 * A word the glossary explains: its sentence shows on hover and on keyboard focus (as the
 * button's description), and activating it opens the glossary at that entry. The glossary's text
 * loads after the first paint, so terms can sit in the first view (the legend) at no cost.
 */
import { type ReactNode, useId } from 'react';
import { lazyValue, useLazyValue } from '../lazyValue';
import { useTeach } from './teachStore';
import './term.css';

const glossaryText = lazyValue(() => import('../../teach/glossary'));

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
        onClick={() => useTeach.getState().openGlossary(id)}
      >
        {children}
      </button>
      {glossary && (
        <span role="tooltip" id={tipId} className="term-tip">
          {glossary.glossary(id).short}
        </span>
      )}
    </span>
  );
}
