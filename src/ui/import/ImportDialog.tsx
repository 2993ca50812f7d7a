/**
 * The import dialog: the two commands to run, each beside the box its output is pasted into.
 * Import reads both as far as they go; when lspci gave a machine it is loaded into the sandbox,
 * and when nothing could be read the sandbox is left as it was and the unread lines are listed.
 */
import { useId, useState } from 'react';
import { type ImportResult, importMachine } from '../../import/importMachine';
import { SWAPPED_TEXT, type Swapped, swappedPastes } from '../../import/swapped';
import { useSandbox } from '../../store';
import { DialogButtons } from '../DialogButtons';
import { useModal } from '../useModal';
import { GROUPS_COMMAND, LSPCI_COMMAND } from './commands';
import { UnreadLines } from './UnreadLines';
import './import.css';

interface Props {
  onClose(): void;
  onImported(result: ImportResult): void;
}

function Command({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      // No clipboard (an insecure page, a refusing browser): the command is still there to select.
    }
  };
  return (
    <div className="import-command">
      <pre>
        <code>{text}</code>
      </pre>
      <button
        type="button"
        className="btn btn-small"
        aria-label={`Copy ${label}`}
        onClick={() => void copy()}
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}

export function ImportDialog({ onClose, onImported }: Props) {
  const ref = useModal();
  const id = useId();
  const [groups, setGroups] = useState('');
  const [lspci, setLspci] = useState('');
  const [failed, setFailed] = useState<ImportResult | null>(null);
  const [swapped, setSwapped] = useState<Swapped>(null);

  const submit = () => {
    const r = importMachine({ groups, lspci });
    if (r.problems.length || (!r.real.length && !r.machine)) {
      setFailed(r);
      setSwapped(swappedPastes(groups, lspci));
      return;
    }
    const store = useSandbox.getState();
    if (r.machine) {
      store.load(r.machine.scenario, { libraryId: null });
      store.notify({
        kind: 'info',
        text: `Loaded your machine: ${r.machine.scenario.devices.length} devices, booted with Linux 6.1.`,
      });
    }
    onImported(r);
  };

  return (
    <dialog
      ref={ref}
      className="dialog import-dialog"
      aria-labelledby={`${id}-title`}
      onClose={onClose}
      onCancel={onClose}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <h2 id={`${id}-title`} className="dialog-title">
          Import from this computer
        </h2>
        <p className="import-intro">
          Run these on the Linux machine and paste what they print. Nothing you paste is run or sent anywhere;
          it is read here, as text.
        </p>
        <div className="import-grid">
          <section className="import-step" aria-labelledby={`${id}-groups-h`}>
            <h3 id={`${id}-groups-h`}>1. The IOMMU groups</h3>
            <Command text={GROUPS_COMMAND} label="the groups command" />
            <label htmlFor={`${id}-groups`} className="field-label">
              IOMMU groups (shell loop output)
            </label>
            <textarea
              id={`${id}-groups`}
              className="input mono import-paste"
              spellCheck={false}
              aria-invalid={failed !== null}
              aria-describedby={failed ? `${id}-failed` : undefined}
              placeholder="IOMMU Group 1 00:01.0 PCI bridge [0604]: …"
              value={groups}
              onChange={(e) => setGroups(e.target.value)}
            />
          </section>
          <section className="import-step" aria-labelledby={`${id}-lspci-h`}>
            <h3 id={`${id}-lspci-h`}>2. The PCI devices</h3>
            <Command text={LSPCI_COMMAND} label="the lspci command" />
            <label htmlFor={`${id}-lspci`} className="field-label">
              lspci -vvv -nn -PP output
            </label>
            <textarea
              id={`${id}-lspci`}
              className="input mono import-paste"
              spellCheck={false}
              aria-invalid={failed !== null}
              aria-describedby={failed ? `${id}-failed` : undefined}
              placeholder="00:1c.0 PCI bridge [0604]: …"
              value={lspci}
              onChange={(e) => setLspci(e.target.value)}
            />
            <p className="hint">
              Paths (-PP), port types and ACS capabilities rebuild the machine; without root lspci cannot read
              the capabilities.
            </p>
          </section>
        </div>
        {failed && (
          <div id={`${id}-failed`} className="import-failed" role="alert">
            <strong>Nothing was imported; the sandbox is unchanged.</strong>{' '}
            {failed.problems.length
              ? `The rebuilt machine is not a valid scenario: ${failed.problems.join('; ')}`
              : 'No IOMMU group and no lspci device could be read from what was pasted.'}
            {swapped && <p>{SWAPPED_TEXT[swapped]}</p>}
            <UnreadLines lines={failed.unread} />
          </div>
        )}
        <DialogButtons submit="Import" onCancel={onClose} disabled={!groups.trim() && !lspci.trim()} />
      </form>
    </dialog>
  );
}
