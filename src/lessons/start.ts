/** Starting a lesson: its machine replaces the sandbox's (Undo brings the previous one back). */
import type { SandboxStore } from '../store/sandbox';
import type { Lesson } from './types';

export function startLesson(store: SandboxStore, lesson: Lesson): void {
  store.getState().load(structuredClone(lesson.scenario), { libraryId: null });
}
