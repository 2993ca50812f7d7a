/** Starting a lesson: its machine replaces the sandbox's (Undo brings the previous one back). */
import { NO_LOG_FILTER, type SandboxStore } from '../store/sandbox';
import type { Lesson } from './types';

export function startLesson(store: SandboxStore, lesson: Lesson): void {
  store.getState().load(structuredClone(lesson.scenario), { libraryId: null });
  // A lesson starts with its whole log in view, not the filters left from what was shown before.
  store.getState().filterLog(NO_LOG_FILTER);
}
