/**
 * A lesson's starting machine. The JSON files are checked against the scenario format by
 * lessons.test.ts, so the page takes them as they are rather than bundling the validator.
 */
import type { Scenario } from '../kernel/types';

/** The scenario a lesson file imports, typed. */
export const lessonScenario = (json: unknown): Scenario => json as Scenario;
