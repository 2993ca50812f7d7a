/**
 * A word the glossary explains: its sentence shows on hover and on keyboard focus (as the
 * button's description), and activating it opens the glossary at that entry.
 */
import { type ReactNode, useId } from 'react';
import { glossary } from '../../teach/glossary';
import { useTeach } from './teachStore';
import './term.css';

/** `children` (default: the entry's term) explained by glossary entry `id`. */
export function Term({ id, children }: { id: string; children?: ReactNode }) {
  const entry = glossary(id);
  const tipId = useId();
  return (
    <span className="term">
      <button
        type="button"
        className="term-button"
        aria-describedby={tipId}
        onClick={() => useTeach.getState().openGlossary(id)}
      >
        {children ?? entry.term}
      </button>
      <span role="tooltip" id={tipId} className="term-tip">
        {entry.short}
      </span>
    </span>
  );
}
