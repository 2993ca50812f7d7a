/**
 * "Your machine": the real groups beside the ones the sandbox predicts, matches marked, and every
 * difference with the sandbox's reason and the likely cause. Non-modal: the sandbox stays usable.
 */
import { useId } from 'react';
import { createPortal } from 'react-dom';
import type { Difference, GroupView } from '../../import/compare';
import type { ImportResult } from '../../import/importMachine';
import { LSPCI_COMMAND } from './commands';
import { UnreadLines } from './UnreadLines';
import './import.css';
import { selectMachine, useSandbox } from '../../store';
import { SelectLink } from '../SelectLink';

const KIND: Record<Difference['kind'], string> = {
  'kernel-joined': 'Kernel groups together',
  'sandbox-joined': 'Sandbox groups together',
  'only-real': 'Only in the groups listing',
  'only-lspci': 'Only in lspci',
};

/**
 * A BDF that selects the device in the sandbox (and so in the graph and inspector) when it is
 * there. `linked`: the sandbox runs the imported machine; without it an address would pick the
 * device of that number in whatever machine is shown.
 */
function DeviceLink({ bdf, linked = true }: { bdf: string; linked?: boolean }) {
  const present = useSandbox((s) => selectMachine(s).devices[bdf] !== undefined);
  if (!present || !linked) return <span className="mono">{bdf}</span>;
  return (
    <SelectLink sel={{ kind: 'device', id: bdf }}>
      <span className="mono">{bdf}</span>
    </SelectLink>
  );
}

function GroupList({
  title,
  groups,
  mark,
  names,
  linked,
}: {
  title: string;
  groups: GroupView[];
  mark?: (g: GroupView) => { ok: boolean; text: string };
  names: Record<string, string>;
  linked: boolean;
}) {
  return (
    <section className="machine-groups" aria-label={title}>
      <h3 className="section-title">{title}</h3>
      <ol className="machine-group-list">
        {groups.map((g) => {
          const m = mark?.(g);
          return (
            <li key={g.id} className={m ? (m.ok ? 'is-match' : 'is-diff') : undefined}>
              <div className="machine-group-head">
                <span>Group {g.id}</span>
                {m && <span className={`machine-mark ${m.ok ? 'ok' : 'diff'}`}>{m.text}</span>}
              </div>
              <ul>
                {g.devices.map((d) => (
                  <li key={d}>
                    <DeviceLink bdf={d} linked={linked} />
                    {names[d] && <span className="dim"> {names[d]}</span>}
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function DifferenceItem({ d }: { d: Difference }) {
  return (
    <li className="machine-diff">
      <span className="machine-mark diff">{KIND[d.kind]}</span>
      <p className="machine-diff-summary">{d.summary}</p>
      {d.sandboxWhy.length > 0 && (
        <>
          <h4>Why the sandbox grouped them so</h4>
          <ul>
            {d.sandboxWhy.map((w) => (
              <li key={w.device}>
                <DeviceLink bdf={w.device} />: {w.why}
              </li>
            ))}
          </ul>
        </>
      )}
      <h4>Likely causes</h4>
      <ul>
        {d.causes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
    </li>
  );
}

// Module-level: a new callback each render would be called again, taking focus back each time.
const focusOnMount = (el: HTMLElement | null) => el?.focus();

export function MachinePanel({ result, onClose }: { result: ImportResult; onClose(): void }) {
  const id = useId();
  const c = result.comparison;
  const names: Record<string, string> = { ...result.names };
  for (const d of result.machine?.scenario.devices ?? []) names[d.bdf] ??= d.label ?? '';
  const realMark = (g: GroupView) => {
    const m = c?.matches.find((x) => x.real === g.id);
    return m ? { ok: true, text: `= sandbox group ${m.predicted}` } : { ok: false, text: 'differs' };
  };
  const predictedMark = (g: GroupView) => {
    const m = c?.matches.find((x) => x.predicted === g.id);
    return m ? { ok: true, text: `= real group ${m.real}` } : { ok: false, text: 'differs' };
  };
  // In <body>, not in the header that opened it: the panel must not inherit the header's colours.
  return createPortal(
    <section
      className="machine-panel"
      aria-labelledby={`${id}-title`}
      onKeyDown={(e) => {
        // Escape closes panels, as the keyboard shortcuts say.
        if (e.key !== 'Escape') return;
        e.stopPropagation();
        onClose();
      }}
    >
      <header className="machine-panel-head">
        {/* Focused when it opens: the results are what the import was for. */}
        <h2 id={`${id}-title`} tabIndex={-1} ref={focusOnMount}>
          Your machine
        </h2>
        <button type="button" className="btn btn-small" onClick={onClose}>
          Close
        </button>
      </header>
      <div className="machine-panel-body">
        {c && (
          <p className="machine-summary">
            {c.matches.length} of {c.real.length} real groups match the sandbox;{' '}
            {c.differences.length === 0
              ? 'no differences.'
              : `${c.differences.length} ${c.differences.length === 1 ? 'difference' : 'differences'}, each explained below.`}
          </p>
        )}
        {result.cut.map((u) => (
          <p key={`${u.source}-${u.line}`} className="machine-note" role="note">
            Part of your {u.source === 'groups' ? 'groups listing' : 'lspci output'} was not read: {u.reason}.
          </p>
        ))}
        {!result.machine && (
          <p className="machine-note" role="note">
            These are the real groups; the graph still shows the machine it showed before. To see the groups
            the sandbox predicts for yours, and why, paste the output of <code>{LSPCI_COMMAND}</code> as well:
            which bridge each device sits behind, the port types and the ACS capabilities come from it.
          </p>
        )}
        {result.machine && !result.real.length && (
          <p className="machine-note" role="note">
            The sandbox now runs your machine. Paste the IOMMU groups listing as well to compare its groups
            with the real ones.
          </p>
        )}
        {result.machine?.notes.map((n) => (
          <p key={n} className="machine-note">
            {n}
          </p>
        ))}
        <UnreadLines lines={result.unread} />
        {c && c.differences.length > 0 && (
          <section aria-label="Differences">
            <h3 className="section-title">Differences</h3>
            <ol className="machine-diff-list">
              {c.differences.map((d) => (
                <DifferenceItem key={`${d.kind}-${d.devices.join()}`} d={d} />
              ))}
            </ol>
          </section>
        )}
        <div className="machine-columns">
          {result.real.length > 0 && (
            <GroupList
              title={result.realFrom === 'lspci' ? 'Real groups (from lspci)' : 'Real groups'}
              groups={result.real}
              {...(c ? { mark: realMark } : {})}
              names={names}
              linked={result.machine !== null}
            />
          )}
          {c ? (
            <GroupList
              title="Sandbox predicts (Linux 6.1)"
              groups={c.predicted}
              mark={predictedMark}
              names={names}
              linked
            />
          ) : (
            result.machine && (
              <p className="machine-note">The sandbox's groups are in the graph and the Inspector.</p>
            )
          )}
        </div>
      </div>
    </section>,
    document.body,
  );
}
