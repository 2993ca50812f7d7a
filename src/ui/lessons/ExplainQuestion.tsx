/** The question a lesson asks once its goal is reached; a right answer completes the lesson. */
import { useId, useState } from 'react';
import { useLessons } from '../../lessons/progress';
import type { ExplainQuestion as Question } from '../../lessons/types';

export function ExplainQuestion({ lessonId, question }: { lessonId: string; question: Question }) {
  const explained = useLessons((s) => s.explained.includes(lessonId));
  const right = question.choices.findIndex((c) => c.correct);
  const [picked, setPicked] = useState<number | null>(explained ? right : null);
  const [checked, setChecked] = useState<number | null>(explained ? right : null);
  const id = useId();
  const answer = checked === null ? undefined : question.choices[checked];
  return (
    <form
      className="lesson-explain"
      onSubmit={(e) => {
        e.preventDefault();
        if (picked === null) return;
        setChecked(picked);
        if (question.choices[picked]?.correct) useLessons.getState().explain(lessonId);
      }}
    >
      <fieldset>
        <legend>Explain: {question.question}</legend>
        {question.choices.map((c, i) => (
          <div key={c.text} className="check">
            <input
              id={`${id}-${i}`}
              type="radio"
              name={`${id}-answer`}
              checked={picked === i}
              onChange={() => setPicked(i)}
            />
            <label htmlFor={`${id}-${i}`}>{c.text}</label>
          </div>
        ))}
      </fieldset>
      <button type="submit" className="btn btn-small" disabled={picked === null}>
        Check answer
      </button>
      <p aria-live="polite" className={answer?.correct ? 'lesson-feedback is-right' : 'lesson-feedback'}>
        {answer?.feedback}
      </p>
    </form>
  );
}
