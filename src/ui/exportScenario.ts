/** Export scenario: the scenario as a JSON file named after it (loaded when the button is clicked). */
import { useCompare, useSandbox } from '../store';

/** A file name from the scenario's name; characters that file systems refuse are replaced. */
export function exportFileName(name: string | undefined): string {
  // Control characters and the characters Windows refuses in file names become '-'.
  const safe = [...(name ?? '')].map((ch) => (ch < ' ' || '\\/:*?"<>|'.includes(ch) ? '-' : ch)).join('');
  const base = safe.trim() || 'scenario';
  return `${base.slice(0, 120)}.json`;
}

export async function exportScenario() {
  const { scenarioToJson } = await import('../scenario/serialize');
  const scenario = useSandbox.getState().scenario;
  const blob = new Blob([scenarioToJson(scenario)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = exportFileName(scenario.name);
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: some browsers start the download after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  // A scenario file holds one configuration: say which world was saved, and what keeps both.
  if (useCompare.getState().on)
    useSandbox.getState().notify({
      kind: 'info',
      text: `Exported the left world's scenario as ${a.download}. A scenario file holds one kernel configuration; Share link keeps both worlds.`,
    });
}
