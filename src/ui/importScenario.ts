/** Importing a scenario file's text: validate (loading the validator on demand), then load or explain. */
import { useSandbox } from '../store';

const MAX_LISTED = 12;

/** Validates `text` and loads it; on failure, an alert lists the problems with their JSON paths. */
export async function importScenarioText(fileName: string, text: string): Promise<boolean> {
  const store = useSandbox.getState();
  const { parseScenario } = await import('../scenario/validate');
  const result = parseScenario(text);
  if (!result.ok) {
    const shown = result.problems.slice(0, MAX_LISTED);
    const rest = result.problems.length - shown.length;
    store.notify({
      kind: 'error',
      title: `${fileName} was not imported`,
      text: 'It is not a valid scenario; the sandbox is unchanged. Problems (JSON path: message):',
      details: rest > 0 ? [...shown, `… and ${rest} more`] : shown,
    });
    return false;
  }
  try {
    store.load(result.scenario, { libraryId: null });
  } catch (e) {
    // The core threw on a valid scenario: a core bug, reported as such rather than hidden.
    store.notify({
      kind: 'error',
      text: `${fileName} is valid, but the simulation failed on it: ${String(e)}`,
    });
    return false;
  }
  const name = result.scenario.name ?? fileName;
  useSandbox.getState().notify({ kind: 'info', text: `Imported “${name}”.`, details: result.warnings });
  return true;
}
