/** The glossary: every term the page uses, in plain words, with a filter and the kernel source. */
import { useEffect, useRef, useState } from 'react';
import { GLOSSARY } from '../../teach/glossary';
import { FnLink } from './FnLink';
import { useTeach } from './teachStore';
import './teach.css';

// The term anywhere; the explanations at the start of a word ("acs" must not find "places").
function matches(filter: string, e: (typeof GLOSSARY)[number]): boolean {
  const f = filter.trim().toLowerCase();
  if (!f || e.term.toLowerCase().includes(f)) return true;
  const word = new RegExp(`\\b${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'i');
  return word.test(e.short) || word.test(e.long);
}

// Whether the panel hides the control: its middle, where a reader looks for the focus ring (a
// log line as wide as the graph column, its end under the panel, is in sight).
const covers = (a: DOMRect, b: DOMRect) => {
  const x = a.left + a.width / 2;
  const y = a.top + a.height / 2;
  return b.left <= x && x <= b.right && b.top <= y && y <= b.bottom;
};

/**
 * The panel lies over the page and what is under it can still take focus (Tab, Shift+Tab): when
 * it does, the panel moves to the other side of the page, or closes if it would cover the focused
 * control there too (a phone's sheet), so that the focus is never out of sight. Returns the
 * cleanup.
 */
function keepFocusInSight(panel: { current: HTMLElement | null }): () => void {
  const under = (el: Element) => {
    const box = panel.current;
    return !!box && !box.contains(el) && covers(el.getBoundingClientRect(), box.getBoundingClientRect());
  };
  const onFocus = (e: FocusEvent) => {
    const el = e.target;
    if (!(el instanceof Element) || !under(el)) return;
    useTeach.setState((s) => ({ glossaryLeft: !s.glossaryLeft }));
    requestAnimationFrame(() => {
      if (document.activeElement === el && under(el)) useTeach.getState().closeGlossary();
    });
  };
  document.addEventListener('focusin', onFocus);
  return () => document.removeEventListener('focusin', onFocus);
}

/** The panel; shown while the glossary is open. */
export function GlossaryPanel() {
  const entry = useTeach((s) => s.glossaryEntry);
  const left = useTeach((s) => s.glossaryLeft);
  const [filter, setFilter] = useState('');
  const panel = useRef<HTMLElement>(null);
  // The term (or the Help menu) that opened the panel at this entry, the last one if the reader
  // went on to another term: focus goes back to it when the panel closes.
  const opener = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const active = document.activeElement;
    if (active instanceof HTMLElement && active !== document.body && !panel.current?.contains(active)) {
      opener.current = active;
      // On a narrow screen the panel is a sheet at the bottom (teach.css), whose height the page
      // keeps as scroll padding: the term is scrolled above it, so the row it explains stays in sight.
      active.scrollIntoView?.({ block: 'nearest' });
    }
    const target = entry ? panel.current?.querySelector<HTMLElement>(`#glossary-${entry}`) : null;
    target?.scrollIntoView?.({ block: 'start' });
    (target ?? panel.current?.querySelector<HTMLElement>('input'))?.focus();
  }, [entry]);
  useEffect(
    () => () => {
      // An action that moved focus elsewhere on its way out keeps it there.
      const now = document.activeElement;
      if (opener.current?.isConnected && (now === null || now === document.body)) opener.current.focus();
    },
    [],
  );
  useEffect(() => keepFocusInSight(panel), []);
  const shown = GLOSSARY.filter((e) => matches(filter, e));
  const close = () => useTeach.getState().closeGlossary();
  return (
    <section
      ref={panel}
      className={left ? 'side-panel glossary at-left' : 'side-panel glossary'}
      aria-label="Glossary"
      onKeyDown={(e) => {
        if (e.key === 'Escape') close();
      }}
    >
      <div className="side-panel-top">
        <header className="side-panel-head">
          <h2>Glossary</h2>
          <button type="button" className="btn btn-small" onClick={close}>
            Close glossary
          </button>
        </header>
        <div className="field">
          <label htmlFor="glossary-filter">Filter terms</label>
          <input
            id="glossary-filter"
            className="input"
            type="search"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
        </div>
      </div>
      <dl className="glossary-list">
        {shown.map((e) => (
          <div
            key={e.id}
            id={`glossary-${e.id}`}
            tabIndex={-1}
            className={e.id === entry ? 'glossary-entry is-current' : 'glossary-entry'}
          >
            <dt>{e.term}</dt>
            <dd>
              <p className="glossary-short">{e.short}</p>
              <p>{e.long}</p>
              {e.fn && (
                <p className="glossary-source">
                  In the kernel: <FnLink fn={e.fn} />
                </p>
              )}
              {e.see && (
                <p className="glossary-see">
                  See also:{' '}
                  {e.see.map((id, i) => (
                    <span key={id}>
                      {i > 0 && ', '}
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => {
                          setFilter('');
                          useTeach.getState().openGlossary(id);
                        }}
                      >
                        {GLOSSARY.find((g) => g.id === id)?.term ?? id}
                      </button>
                    </span>
                  ))}
                </p>
              )}
            </dd>
          </div>
        ))}
      </dl>
      {/* Always there, so that a filter matching nothing is announced when it happens. */}
      <p role="status" className={shown.length === 0 ? 'hint' : 'visually-hidden'}>
        {shown.length === 0 ? `No term matches “${filter}”.` : ''}
      </p>
    </section>
  );
}

export default GlossaryPanel;
