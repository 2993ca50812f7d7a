/**
 * The header's "Import from this computer" button. Everything behind it (the dialog, the parsers,
 * the "Your machine" panel) loads on the first click, so the page's first load carries only this.
 */
import { lazy, Suspense, useRef, useState } from 'react';
import type { ImportResult } from '../../import/importMachine';

const ImportDialog = lazy(() => import('./ImportDialog').then((m) => ({ default: m.ImportDialog })));
const MachinePanel = lazy(() => import('./MachinePanel').then((m) => ({ default: m.MachinePanel })));

/** The button, and the dialog and panel it opens. */
export function ImportMachineButton() {
  const [dialog, setDialog] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button
        ref={button}
        type="button"
        className="btn btn-dark"
        title="Paste what your Linux machine says about its IOMMU groups and PCI devices"
        onClick={() => setDialog(true)}
      >
        Import from this computer
      </button>
      <Suspense fallback={null}>
        {dialog && (
          <ImportDialog
            onClose={() => setDialog(false)}
            onImported={(r) => {
              setResult(r);
              setDialog(false);
            }}
          />
        )}
        {result && (
          <MachinePanel
            result={result}
            onClose={() => {
              // Its Close button goes with the panel: back to the button that opened it.
              button.current?.focus();
              setResult(null);
            }}
          />
        )}
      </Suspense>
    </>
  );
}
