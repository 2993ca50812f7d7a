/**
 * parseScenario for the CLI: zod, most of the CLI's startup, is loaded only for a file that
 * fastShape.ts does not pass, to word its problems (the same lines validate.ts gives).
 */
import { parseScenarioWith, type ValidationResult } from '../scenario/parse';

export async function parseScenarioText(text: string): Promise<ValidationResult> {
  return (
    parseScenarioWith(text, null) ?? parseScenarioWith(text, (await import('../scenario/zodShape')).zodShape)
  );
}

/** The problem of an input with nothing in it (`file` "-": standard input), else null. */
export function emptyInput(text: string, file: string): string | null {
  return text.trim() === ''
    ? `(root): ${file === '-' ? 'standard input is' : 'the file is'} empty: a scenario is a JSON object`
    : null;
}
