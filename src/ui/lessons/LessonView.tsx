/** One lesson: what it teaches, its goal and whether the sandbox shows it reached, hints, success. */
import { useEffect, useRef } from 'react';
import { LESSONS } from '../../lessons/catalog';
import { goalReached, goalReachedBefore, lessonNudge, onLessonMachine } from '../../lessons/goal';
import { useLessons } from '../../lessons/progress';
import { startLesson } from '../../lessons/start';
import type { Lesson } from '../../lessons/types';
import { useSandbox } from '../../store';
import { ExplainQuestion } from './ExplainQuestion';
import { Hints } from './Hints';
import { RichText } from './RichText';

interface StatusProps {
  reached: boolean;
  started: boolean;
  done: boolean;
  /** The goal is reached and the lesson's question still waits for a right answer. */
  asking: boolean;
  /** What the sandbox shows that leads away from the goal (lessonNudge). */
  nudge: string | null;
}

function statusText(props: StatusProps): string {
  const { reached, started, done, asking } = props;
  // The status is what is heard when the goal is reached: it points at what to read, which is not
  // read out itself (four paragraphs queued behind the step's announcement were lost or cut).
  if (reached)
    return asking
      ? 'Goal reached: read What happened, then answer the question below.'
      : 'Goal reached: read What happened below.';
  // A goal can stop holding (another step viewed, something else selected); the lesson stays done.
  if (done)
    return `Goal reached earlier; the sandbox does not show it now${props.started && props.nudge ? '' : '.'}`;
  if (started) return 'Goal not reached yet';
  return 'Goal not reached yet: press Start lesson to load the lesson’s machine.';
}

function GoalStatus(props: StatusProps) {
  return (
    <p role="status" className={props.reached || props.done ? 'lessons-status is-reached' : 'lessons-status'}>
      {statusText(props)}
      {/* Read with the status as one sentence; set in the text's weight, not the status's. */}
      {/* A lesson taken again after it was completed gets its nudges too. */}
      {props.started && !props.reached && props.nudge && (
        <span className="lessons-nudge">
          : <RichText text={props.nudge} />
        </span>
      )}
    </p>
  );
}

const focusOnMount = (el: HTMLElement | null) => el?.focus();

export function LessonView({ lesson, index }: { lesson: Lesson; index: number }) {
  // Narrow subscriptions: the view re-renders when the answer changes, not on every step.
  const reached = useSandbox((s) => goalReached(lesson, s));
  // Reached at an earlier step: the question stays, for a reader who tried what success suggests.
  const before = useSandbox((s) => !reached && goalReachedBefore(lesson, s));
  const started = useSandbox((s) => onLessonMachine(lesson, s));
  const nudge = useSandbox((s) => lessonNudge(lesson, s));
  const done = useLessons((s) => s.completed.includes(lesson.id));
  const explained = useLessons((s) => s.explained.includes(lesson.id));
  const complete = (reached || before) && (!lesson.explain || explained);
  useEffect(() => {
    if (complete) useLessons.getState().complete(lesson.id);
  }, [complete, lesson.id]);
  // The moment the goal is reached, what happened comes into the panel's view: at 768 px it
  // opened below the fold, and a reader saw "Goal reached" and went on without the why.
  const success = useRef<HTMLElement>(null);
  const wasReached = useRef(reached);
  useEffect(() => {
    if (reached && !wasReached.current) success.current?.scrollIntoView?.({ block: 'nearest' });
    wasReached.current = reached;
  }, [reached]);
  const next = LESSONS[index + 1];
  const choose = useLessons.getState().choose;
  return (
    <article className="lesson" aria-labelledby={`lesson-${lesson.id}-title`}>
      <button type="button" className="btn btn-small lessons-back" onClick={() => choose(null)}>
        All lessons
      </button>
      <p className="lessons-kicker">
        Lesson {index + 1} of {LESSONS.length}
        {done && <span className="lessons-mark">Completed</span>}
      </p>
      {/* Choosing a lesson (or Next lesson) mounts this view: the reader hears the lesson's title. */}
      <h3 id={`lesson-${lesson.id}-title`} className="lesson-title" tabIndex={-1} ref={focusOnMount}>
        {lesson.title}
      </h3>
      {lesson.intro.map((p, i) => (
        <p key={p} className="lesson-intro">
          <RichText text={p} glossed={lesson.intro.slice(0, i)} />
        </p>
      ))}
      <div className="lesson-start">
        <button
          type="button"
          className={started ? 'btn' : 'btn btn-primary'}
          onClick={() => startLesson(useSandbox, lesson)}
        >
          {started ? 'Start again' : 'Start lesson'}
        </button>
        <span className="hint">
          {started
            ? 'The sandbox shows this lesson’s machine. Undo brings back what was there before.'
            : 'Loads the lesson’s machine into the sandbox.'}
        </span>
      </div>
      <section className="lesson-goal" aria-labelledby={`lesson-${lesson.id}-goal`}>
        <h4 id={`lesson-${lesson.id}-goal`}>Goal</h4>
        <p>
          <RichText text={lesson.goal} />
        </p>
        <GoalStatus
          reached={reached}
          started={started}
          done={done || before}
          asking={reached && !complete}
          nudge={nudge}
        />
      </section>
      {(reached || before || done) && (
        <section ref={success} className="lesson-success" aria-label="What happened">
          <h4>Well done: what happened</h4>
          {lesson.success.map((p) => (
            <p key={p}>
              <RichText text={p} />
            </p>
          ))}
        </section>
      )}
      {(reached || before || done) && lesson.explain && (
        <ExplainQuestion lessonId={lesson.id} question={lesson.explain} />
      )}
      <Hints lesson={lesson} />
      <div className="lesson-nav">
        {next ? (
          <button type="button" className={done ? 'btn btn-primary' : 'btn'} onClick={() => choose(next.id)}>
            Next lesson
          </button>
        ) : (
          done && <p className="hint">That was the last lesson.</p>
        )}
      </div>
    </article>
  );
}
