/** Export the scenario as a file, and import one (validated; a broken file changes nothing). */
import { type ChangeEvent, useRef } from 'react';
import { useCompare, useSandbox } from '../store';

/** A file name from the scenario's name; characters that file systems refuse are replaced. */
export function exportFileName(name: string | undefined): string {
  // Control characters and the characters Windows refuses in file names become '-'.
  const safe = [...(name ?? '')].map((ch) => (ch < ' ' || '\\/:*?"<>|'.includes(ch) ? '-' : ch)).join('');
  const base = safe.trim() || 'scenario';
  return `${base.slice(0, 120)}.json`;
}

async function exportScenario() {
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

/** The Export scenario button and the Import scenario file picker. */
export function ScenarioFiles() {
  const input = useRef<HTMLInputElement>(null);
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    // Reading and checking a file is code the page needs only once a file is picked.
    const { importScenarioText } = await import('./importScenario');
    await importScenarioText(file.name, await file.text());
    // Picking the same file again must fire change again.
    if (input.current) input.current.value = '';
  };
  return (
    <>
      <button type="button" className="btn btn-dark" onClick={() => void exportScenario()}>
        Export scenario
      </button>
      <label className="btn btn-dark">
        Import scenario
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          className="visually-hidden"
          onChange={(e) => void onFile(e)}
        />
      </label>
    </>
  );
}
