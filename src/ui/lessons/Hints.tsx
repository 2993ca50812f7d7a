/** A lesson's hints, shown one at a time; how many are shown is part of the learner's progress. */
import { useEffect, useRef } from 'react';
import { useLessons } from '../../lessons/progress';
import type { Lesson } from '../../lessons/types';
import { RichText } from './RichText';

export function Hints({ lesson }: { lesson: Lesson }) {
  const shown = useLessons((s) => Math.min(s.hints[lesson.id] ?? 0, lesson.hints.length));
  const total = lesson.hints.length;
  // The last reveal removes Show hint, which has focus: focus then goes to the text in its place,
  // not to the page's body. Only after that press: a lesson reopened with every hint shown keeps
  // focus on its title.
  const revealedLast = useRef(false);
  const allShown = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (shown < total || !revealedLast.current) return;
    revealedLast.current = false;
    allShown.current?.focus();
  }, [shown, total]);
  return (
    <section className="lesson-hints" aria-labelledby={`lesson-${lesson.id}-hints`}>
      <h4 id={`lesson-${lesson.id}-hints`}>Hints</h4>
      {/* Mounted before the first hint: a live region inserted with its content is not read. */}
      <div aria-live="polite">
        {shown > 0 && (
          <ol className="lesson-hint-list">
            {lesson.hints.slice(0, shown).map((h, i) => (
              <li key={h} className={i === total - 1 ? 'is-last' : undefined}>
                <RichText text={h} />
              </li>
            ))}
          </ol>
        )}
      </div>
      {shown < total ? (
        <div className="lesson-hint-more">
          <button
            type="button"
            className="btn btn-small"
            onClick={() => {
              revealedLast.current = shown + 1 >= total;
              useLessons.getState().revealHint(lesson.id, total);
            }}
          >
            Show hint
          </button>
          <span className="hint">
            {shown} of {total} shown{shown === total - 1 ? '; the last one says exactly what to do' : ''}
          </span>
        </div>
      ) : (
        <p ref={allShown} className="hint" tabIndex={-1}>
          All {total} hints shown.
        </p>
      )}
    </section>
  );
}
