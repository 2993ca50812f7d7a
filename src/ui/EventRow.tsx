/** One line of the event log: the dmesg text, its kernel function and why; silent notes dimmed. */
import { memo } from 'react';
import { fullBdf } from '../kernel/bdf';
import { describeStep, dmesgLine } from '../kernel/dmesg';
import { DMA_FAULT_NAMES } from '../kernel/faultNames';
import type { LoggedEvent } from './EventLog';
import { useWorld, useWorldState } from './world';

/** A log entry; `showStep` puts the step's name above it (when showing several steps). */
export const EventRow = memo(function EventRow({
  logged,
  showStep,
  tag,
}: {
  logged: LoggedEvent;
  showStep: boolean;
  /** Compare mode's mark of a line the other world did not print. */
  tag?: string | undefined;
}) {
  const { store } = useWorld();
  const { step, index, event: e } = logged;
  const focused = useWorldState((s) => s.focusEvent?.step === step && s.focusEvent.index === index);
  const stepName = useWorldState((s) => (showStep && s.runs[step] ? describeStep(s.runs[step].step) : ''));
  const fault = e.kind === 'fault' || e.level === 'err';
  // The fault's kind (use-after-free, dma-fault…) is on the machine's fault list, not on the event;
  // a DMA fault's tag says what happened to the DMA.
  const faultKind = useWorldState((s) => {
    if (e.kind !== 'fault') return undefined;
    const f = s.runs[step]?.machine.faults.find(
      (f) => f.step === step && f.fn === e.fn && f.message === e.message,
    );
    return f?.dma ? DMA_FAULT_NAMES[f.dma] : f?.kind;
  });
  const cls = [
    'log-row',
    fault ? 'log-fault' : '',
    e.level === 'warn' ? 'log-warn' : '',
    e.silent && !fault ? 'log-silent' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <li>
      {showStep && (
        <div className="log-step">
          step {step}: {stepName}
        </div>
      )}
      <button
        type="button"
        className={cls}
        aria-pressed={focused}
        onClick={() => store.getState().focus(focused ? null : { step, index })}
      >
        <span className="log-line mono">
          {tag && <span className="log-diff-tag">{tag}</span>}
          {tag && ' '}
          {fault && <span className="log-fault-tag">{faultKind ?? 'error'}</span>}
          {e.silent && !fault && <span className="log-note-tag">sandbox note</span>}
          {(fault || e.silent) && ' '}
          {e.silent ? `${e.device ? `${fullBdf(e.device)}: ` : ''}${e.message}` : dmesgLine(e)}
          {e.inferred && <span className="tag-inferred"> [inferred]</span>}
        </span>
        <span className="log-meta">
          <code className="fn">{e.fn}()</code> <span className="log-why">{e.why}</span>
        </span>
      </button>
    </li>
  );
});
