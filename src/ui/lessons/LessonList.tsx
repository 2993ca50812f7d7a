/** Every lesson in order, each with whether it is completed. */
import { useShallow } from 'zustand/react/shallow';
import { LESSONS } from '../../lessons/catalog';
import { useLessons } from '../../lessons/progress';

export function LessonList() {
  const completed = useLessons(useShallow((s) => s.completed));
  const done = LESSONS.filter((l) => completed.includes(l.id)).length;
  return (
    <>
      <p className="lessons-lead">
        Short guided lessons. Each one loads a small machine into the sandbox and gives you a goal; the
        sandbox checks when you have reached it. No IOMMU knowledge needed: start with the first.
      </p>
      <p className="lessons-count">
        {done} of {LESSONS.length} completed
      </p>
      <ol className="lessons-list" aria-label="All lessons">
        {LESSONS.map((l, i) => {
          const isDone = completed.includes(l.id);
          return (
            <li key={l.id} className={isDone ? 'is-done' : undefined}>
              <span className="lessons-num" aria-hidden="true">
                {isDone ? '✓' : i + 1}
              </span>
              <button
                type="button"
                className="lessons-link"
                onClick={() => useLessons.getState().choose(l.id)}
              >
                {l.title}
              </button>
              <span className={isDone ? 'lessons-mark' : 'lessons-mark is-todo'}>
                {isDone ? 'Completed' : 'Not done yet'}
              </span>
            </li>
          );
        })}
      </ol>
    </>
  );
}
