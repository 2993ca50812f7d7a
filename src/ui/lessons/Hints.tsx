/** A lesson's hints, shown one at a time; how many are shown is part of the learner's progress. */
import { useLessons } from '../../lessons/progress';
import type { Lesson } from '../../lessons/types';
import { RichText } from './RichText';

export function Hints({ lesson }: { lesson: Lesson }) {
  const shown = useLessons((s) => Math.min(s.hints[lesson.id] ?? 0, lesson.hints.length));
  const total = lesson.hints.length;
  return (
    <section className="lesson-hints" aria-labelledby={`lesson-${lesson.id}-hints`}>
      <h4 id={`lesson-${lesson.id}-hints`}>Hints</h4>
      {shown > 0 && (
        <ol className="lesson-hint-list" aria-live="polite">
          {lesson.hints.slice(0, shown).map((h, i) => (
            <li key={h} className={i === total - 1 ? 'is-last' : undefined}>
              <RichText text={h} />
            </li>
          ))}
        </ol>
      )}
      {shown < total ? (
        <div className="lesson-hint-more">
          <button
            type="button"
            className="btn btn-small"
            onClick={() => useLessons.getState().revealHint(lesson.id, total)}
          >
            Show hint
          </button>
          <span className="hint">
            {shown} of {total} shown{shown === total - 1 ? '; the last one says exactly what to do' : ''}
          </span>
        </div>
      ) : (
        <p className="hint">All {total} hints shown.</p>
      )}
    </section>
  );
}
