/** Importing a scenario file's text: validate (loading the validator on demand), then load or explain. */
import { type Notice, useSandbox } from '../store';

const MAX_LISTED = 12;

/** The first lines to list, the rest folded away (a file can have a problem per device). */
function listed(lines: string[]): Pick<Notice, 'details' | 'more'> {
  return lines.length > MAX_LISTED
    ? { details: lines.slice(0, MAX_LISTED), more: lines.slice(MAX_LISTED) }
    : { details: lines };
}

/** Validates `text` and loads it; on failure, an alert lists the problems with their JSON paths. */
export async function importScenarioText(fileName: string, text: string): Promise<boolean> {
  const store = useSandbox.getState();
  const { parseScenario } = await import('../scenario/validate');
  const result = parseScenario(text);
  if (!result.ok) {
    store.notify({
      kind: 'error',
      title: `${fileName} was not imported`,
      text: 'It is not a valid scenario; the sandbox is unchanged. Problems (JSON path: message):',
      ...listed(result.problems),
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
  useSandbox.getState().notify({ kind: 'info', text: `Imported “${name}”.`, ...listed(result.warnings) });
  return true;
}
