/** Whether a lesson's goal is reached in the sandbox as the learner sees it now, and if not, why. */
import { selectDraftChanged } from '../store/draftChanged';
import { type SandboxState, selectMachine } from '../store/sandbox';
import { nameOnKernel } from '../store/scenarioName';
import { bootedWith } from './machine';
import type { Lesson, LessonView } from './types';

/**
 * The sandbox is showing the lesson's machine (started from it, whatever was done since). Boot on
 * another kernel renames a scenario after that kernel, so the lesson's name is compared as renamed
 * for the kernel now chosen: the lesson can still say that this is the wrong kernel.
 */
export const onLessonMachine = (lesson: Lesson, s: Pick<SandboxState, 'scenario'>): boolean =>
  s.scenario.name === lesson.scenario.name ||
  s.scenario.name === nameOnKernel(lesson.scenario.name, lesson.scenario.kernel, s.scenario.kernel);

const viewOf = (s: SandboxState): LessonView => ({
  scenario: s.scenario,
  machine: selectMachine(s),
  selection: s.selection,
});

/**
 * The goal, checked on the viewed step of the lesson's own machine, running the lesson's kernel:
 * another machine never counts, even if it happens to look the same, nor another kernel, whose
 * functions are not those the success text names.
 */
export function goalReached(lesson: Lesson, s: SandboxState): boolean {
  if (!onLessonMachine(lesson, s)) return false;
  const view = viewOf(s);
  return view.machine.kernel === lesson.scenario.kernel && lesson.check(view);
}

/** An earlier step than the viewed one reached the goal (the reader went on past it). */
export function goalReachedBefore(lesson: Lesson, s: SandboxState): boolean {
  if (!onLessonMachine(lesson, s)) return false;
  const view = viewOf(s);
  return (
    view.machine.kernel === lesson.scenario.kernel &&
    s.runs.slice(0, Math.max(0, s.cursor)).some((r) => lesson.check({ ...view, machine: r.machine }))
  );
}

/**
 * Why the goal is not reached on the lesson's machine, when the sandbox shows a recognisable
 * wrong turn: an earlier step viewed where the last one reaches the goal, another kernel booted,
 * the IOMMU switched off, settings edited and not booted, a refused step, or the lesson's own
 * nudge. Null when nothing is off the path (or the goal is reached).
 */
export function lessonNudge(lesson: Lesson, s: SandboxState): string | null {
  if (!onLessonMachine(lesson, s) || goalReached(lesson, s)) return null;
  const last = s.runs.length - 1;
  if (s.cursor < last && goalReached(lesson, { ...s, cursor: last }))
    return `The timeline shows step ${s.cursor}, not the last one (step ${s.runs.length - 1}), where the goal is reached: click **Step forward** until you get there.`;
  const view = viewOf(s);
  view.reachedBefore = goalReachedBefore(lesson, s);
  const { machine } = view;
  const kernel = lesson.scenario.kernel;
  if (machine.booted && machine.kernel !== kernel)
    return `This lesson is about \`${kernel}\`, and the machine now runs \`${machine.kernel}\`: choose \`${kernel}\` under **Kernel** in **Kernel and boot** and click **Boot**, or click **Start again**.`;
  // Every lesson needs the IOMMU on.
  if (machine.booted && !machine.config?.enabled)
    return `Booted with ${bootedWith(machine)}, the IOMMU is off: no groups and no domains at all (the log says why). Take out what switched it off and click **Boot**.`;
  // Settings edited and not booted come first: Boot is what the learner is about to do.
  if (selectDraftChanged(s))
    return 'What you changed in **Kernel and boot** is not running yet: it takes effect when you click **Boot**.';
  // The lesson's own word first (it may know what led there); else a refused step, which changed
  // nothing, so the machine has nothing to say about it: the answer does.
  const own = lesson.nudge?.(view) ?? null;
  const run = s.runs[s.cursor];
  if (own || !run || run.ok) return own;
  const errno = /^-E[A-Z]+/.exec(run.error ?? '')?.[0];
  return `The kernel refused the last step${errno ? ` with \`${errno}\`` : ''}: its answer, under the graph’s toolbar and in the **Event log**, says why.`;
}
