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
