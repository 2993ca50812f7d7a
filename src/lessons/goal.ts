/** Whether a lesson's goal is reached in the sandbox as the learner sees it now. */
import { type SandboxState, selectMachine } from '../store/sandbox';
import type { Lesson } from './types';

/** The sandbox is showing the lesson's machine (started from it, whatever was done since). */
export const onLessonMachine = (lesson: Lesson, s: Pick<SandboxState, 'scenario'>): boolean =>
  s.scenario.name === lesson.scenario.name;

/**
 * The goal, checked on the viewed step of the lesson's own machine: another machine in the sandbox
 * never counts, even if it happens to look the same.
 */
export function goalReached(lesson: Lesson, s: SandboxState): boolean {
  if (!onLessonMachine(lesson, s)) return false;
  return lesson.check({ scenario: s.scenario, machine: selectMachine(s), selection: s.selection });
}
