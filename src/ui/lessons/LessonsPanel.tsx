/** The lessons panel: the list of lessons, or the lesson being taken. Loaded lazily. */
import { LESSONS, lessonById } from '../../lessons/catalog';
import { onLessonMachine } from '../../lessons/goal';
import { useLessons } from '../../lessons/progress';
import { useSandbox } from '../../store';
import { LessonList } from './LessonList';
import { LessonView } from './LessonView';
import './lessons.css';

// Opening the panel, or going from a lesson back to the list, starts reading at the top: the
// heading is keyed by the view, so it mounts (and takes focus) once per view. A lesson's view
// focuses the lesson's own title instead (LessonView), which says which lesson was chosen.
const focusOnMount = (el: HTMLElement | null) => el?.focus();

interface Props {
  id: string;
  onClose(): void;
}

/** A complementary region named "Lessons"; Escape or Close lessons closes it. */
export default function LessonsPanel({ id, onClose }: Props) {
  const current = useLessons((s) => s.current);
  const lesson = lessonById(current);
  // A lesson's machine is small: while it runs, a wide page gives the graph's room to the panels
  // the hints name (lessons.css).
  const running = useSandbox((s) => lesson !== undefined && onLessonMachine(lesson, s));
  return (
    <aside
      id={id}
      className={running ? 'lessons-panel is-running' : 'lessons-panel'}
      aria-label="Lessons"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <header className="lessons-head">
        <h2 key={lesson?.id ?? 'list'} ref={lesson ? undefined : focusOnMount} tabIndex={-1}>
          Lessons
        </h2>
        <button type="button" className="btn btn-small" onClick={onClose}>
          Close lessons
        </button>
      </header>
      {/* Keyed like the heading: another lesson starts scrolled to its top. */}
      <div key={lesson?.id ?? 'list'} className="lessons-body">
        {lesson ? (
          <LessonView key={lesson.id} lesson={lesson} index={LESSONS.indexOf(lesson)} />
        ) : (
          <LessonList />
        )}
      </div>
    </aside>
  );
}
