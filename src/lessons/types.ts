/**
 * What a guided lesson is: a small machine to start from, a goal the sandbox checks against the
 * machine being viewed, hints that get more precise, and what the learner should take away.
 * Texts may mark control names as **bold** and kernel names as `code`; they are rendered as text.
 */
import type { Machine, Scenario } from '../kernel/types';
import type { Selection } from '../store/sandbox';

/** What a goal is checked against: the machine at the viewed step, and what is selected. */
export interface LessonView {
  scenario: Scenario;
  machine: Machine;
  selection: Selection | null;
  /** For nudges: an earlier step reached the goal (the reader may be trying what success suggests). */
  reachedBefore?: boolean;
}

/** A question asked once the goal is reached; the lesson is complete when it is answered right. */
export interface ExplainQuestion {
  question: string;
  choices: readonly { text: string; correct: boolean; feedback: string }[];
}

export interface Lesson {
  /** Stable: saved in the learner's progress. */
  id: string;
  title: string;
  /** What the learner will see and learn, in plain words (2–4 sentences). */
  intro: readonly string[];
  /** The machine Start lesson loads; its name tells the lesson's machine apart from others. */
  scenario: Scenario;
  goal: string;
  /** True when the goal is reached on the viewed machine (the lesson's machine is checked first). */
  check(view: LessonView): boolean;
  /**
   * When the goal is not reached: what the view shows that leads away from it (a wrong slot, a
   * driver left bound, a fault), in a sentence that points back; null when nothing recognisable
   * does (the hints are for that). Never the goal's answer for a machine nobody has touched.
   */
  nudge?(view: LessonView): string | null;
  /** From a nudge to exact clicks: the last one names every control to use. */
  hints: readonly [string, string, ...string[]];
  /** What happened and why, naming the kernel function. */
  success: readonly string[];
  explain?: ExplainQuestion;
}
