/**
 * The command line's problems as the draft kernel's parser finds them: listed as you type, read
 * out once typing pauses. Loaded with the parser, after the first paint: until then no word is
 * flagged (see CmdlineField).
 */
import { useEffect, useRef, useState } from 'react';
import type { CmdlineToken } from '../kernel/cmdline';
import { statusText } from './CmdlineField';
import './cmdlineProblems.css';

export { parseCmdline } from '../kernel/cmdline';

// The parser's notes are phrases ("init gets it in its environment"); listed, they read as
// sentences. One that starts with a keyword ("pt: …") keeps it as the kernel spells it.
const sentence = (n: string) =>
  `${/^[a-z]+ /.test(n) ? n.charAt(0).toUpperCase() + n.slice(1) : n}${/[.?!:]$/.test(n) ? '' : '.'}`;

/**
 * The list of flagged words, and (`id`, which the field's aria-describedby names) a line that says
 * them: the list's own name would stand for its whole content in a description.
 */
export function CmdlineProblems({ id, flagged }: { id: string; flagged: CmdlineToken[] }) {
  const heard = flagged.map((t) => `${t.text} — ${statusText(t)}`).join('; ') || 'no problems';
  // A screen reader hears the problems once typing pauses, not every half-typed word
  // ("intel_iommu=o — ignored"); the list itself follows each keystroke and is not live. Nothing
  // is said of a line without problems before it changes: compare mode opened two fields saying
  // "no problems".
  const [said, say] = useState('');
  const first = useRef(flagged.length ? '' : heard);
  useEffect(() => {
    if (heard === first.current) return;
    first.current = '';
    const t = setTimeout(() => say(`Command line: ${heard}`), 1000);
    return () => clearTimeout(t);
  }, [heard]);
  return (
    <>
      <p className="visually-hidden" aria-live="polite">
        {said}
      </p>
      <span id={id} className="visually-hidden">
        {flagged.length > 0 && `Problems: ${heard}`}
      </span>
      <ul className="cmdline-problems" aria-label="Command-line problems">
        {flagged.map((t) => (
          <li key={`${t.start}-${t.text}`} className={`problem problem-${t.status}`}>
            <div>
              <code>{t.text}</code> — {statusText(t)}
            </div>
            {t.messages.length > 0 && (
              <div className="kernel-says">
                The kernel prints:
                {t.messages.map((m) => (
                  <code key={m} className="kernel-line">
                    {m}
                  </code>
                ))}
              </div>
            )}
            {t.messages.length === 0 && (t.status === 'ignored' || t.status === 'other') && (
              <div className="kernel-says">The kernel prints nothing about it.</div>
            )}
            {t.notes
              .filter((n) => !n.startsWith('did you mean') && !n.startsWith('not an IOMMU parameter'))
              .slice(0, 3)
              .map((n) => (
                <div key={n} className="hint">
                  {sentence(n)}
                </div>
              ))}
            {t.suggestion && (
              <div className="suggestion">
                Did you mean <code>{t.suggestion}</code>?
              </div>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
