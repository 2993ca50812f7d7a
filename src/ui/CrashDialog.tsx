/**
 * Crash with another command line: the kdump kernel is loaded with a command line of its own
 * (kdump-tools' KDUMP_CMDLINE), which may turn the IOMMU off or on, or change its mode.
 */
import { useDeferredValue, useId, useMemo, useState } from 'react';
import { parseCmdline } from '../kernel/cmdline';
import type { Step } from '../kernel/types';
import { selectMachine, useSandbox } from '../store';
import { isFlagged } from './CmdlineField';
import { CmdlineProblems } from './CmdlineProblems';
import { DialogButtons } from './DialogButtons';
import { FormField } from './FormField';
import { useModal } from './useModal';

/** The modal form: `act` takes the crash step; `onClose` is called after Crash or Cancel. */
export function CrashDialog({ act, onClose }: { act(step: Step): void; onClose(): void }) {
  const ref = useModal();
  const running = useSandbox((s) => selectMachine(s).cmdline);
  const kernel = useSandbox((s) => selectMachine(s).kernel);
  const [cmdline, setCmdline] = useState(running);
  const id = useId();
  // Read as the kdump kernel (the same kernel) will read it, as the Boot panel's field does.
  const typed = useDeferredValue(cmdline);
  const flagged = useMemo(() => parseCmdline(kernel, typed).tokens.filter(isFlagged), [kernel, typed]);

  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${id}-title`} onClose={onClose} onCancel={onClose}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          // A garbled line is no error here: the kdump kernel parses it as any kernel would.
          act({ op: 'crash', cmdline });
          onClose();
        }}
      >
        <h2 id={`${id}-title`} className="dialog-title">
          Crash into the kdump kernel
        </h2>
        <FormField
          id={`${id}-cmdline`}
          label="kdump kernel command line"
          hint="The running kernel panics and the kdump kernel boots with this command line. Try intel_iommu=off: translation is switched off under DMA still in flight."
        >
          {(p) => (
            <input
              {...p}
              aria-invalid={flagged.some((t) => t.status === 'malformed')}
              aria-describedby={[p['aria-describedby'], `${id}-problems`].filter(Boolean).join(' ')}
              type="text"
              className="input mono"
              spellCheck={false}
              autoComplete="off"
              value={cmdline}
              onChange={(e) => setCmdline(e.target.value)}
            />
          )}
        </FormField>
        <CmdlineProblems id={`${id}-problems`} flagged={flagged} />
        <DialogButtons submit="Crash" onCancel={onClose} danger />
      </form>
    </dialog>
  );
}
