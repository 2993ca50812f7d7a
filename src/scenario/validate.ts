/**
 * Scenario input → a checked, canonical Scenario, or one line per problem (`<JSON path>: <message>`)
 * — parse.ts with the zod schema for the shape of anything fastShape.ts does not pass.
 */
import { parseScenarioWith, type ValidationResult, validateWith } from './parse';
import { zodShape } from './zodShape';

// For JSON read elsewhere (a share link's): one chunk of the page with the validator.
export { duplicateKeyProblems } from './duplicateKeys';
export type { ValidationResult } from './parse';

/** Parses the text of a scenario file (JSON, optional BOM) and validates it. Never throws. */
export function parseScenario(text: string): ValidationResult {
  return parseScenarioWith(text, zodShape);
}

/** Validates an already-parsed scenario (any JSON value): migration, shape, then cross-field rules. */
export function validateScenario(raw: unknown): ValidationResult {
  return validateWith(raw, false, zodShape);
}
