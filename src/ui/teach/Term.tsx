/**
 * A word the glossary explains: its sentence shows on hover and on keyboard focus (as the
 * button's description), and activating it opens the glossary at that entry. The glossary's text
 * loads after the first paint, so terms can sit in the first view (the legend) at no cost.
 */
import { type ReactNode, useEffect, useId, useState } from 'react';
import type * as GlossaryModule from '../../teach/glossary';
import { useTeach } from './teachStore';
import './term.css';

type Glossary = typeof GlossaryModule;
let loaded: Glossary | null = null;
let loading: Promise<Glossary> | null = null;

function useGlossary(): Glossary | null {
  const [mod, setMod] = useState(loaded);
  useEffect(() => {
    if (mod) return;
    let live = true;
    loading ??= import('../../teach/glossary');
    loading.then((m) => {
      loaded = m;
      if (live) setMod(m);
    });
    return () => {
      live = false;
    };
  }, [mod]);
  return mod;
}

/** `children`, explained by glossary entry `id`. */
export function Term({ id, children }: { id: string; children: ReactNode }) {
  const glossary = useGlossary();
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
