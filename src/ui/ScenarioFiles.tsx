/** Export the scenario as a file, and import one (validated; a broken file changes nothing). */
import { type ChangeEvent, useRef } from 'react';

// Writing a file is code the page needs only once Export is clicked.
const exportScenario = () => import('./exportScenario').then((m) => m.exportScenario());

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
