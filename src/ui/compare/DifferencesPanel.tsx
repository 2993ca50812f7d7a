/**
 * The Differences panel: what differs between the two worlds at the viewed step (group partitions
 * and types, domains only one world allocated or freed, DMA, driver views, errors and faults in one
 * world only), each with its kernel functions; and the steps where differences appear.
 */
import './differences.css';
import { useId, useMemo } from 'react';
import { describeStep } from '../../kernel/dmesg';
import { useSandbox } from '../../store';
import { INSPECTOR_ID } from '../SkipLinks';
import { DiffRow } from './DiffRow';
import { atStep, newByStep, useDifferences } from './differences';

// Each step where differences appear, with how many: where things change, not what is carried on.
function StepsWithDifferences({ counts, cursor }: { counts: [number, number][]; cursor: number }) {
  if (counts.length === 0) return null;
  return (
    <nav className="diff-steps" aria-label="Steps where differences appear">
      <span className="hint">Differences appear at:</span>
      {counts.map(([step, n]) => (
        <button
          key={step}
          type="button"
          className="btn btn-small"
          aria-current={step === cursor ? 'step' : undefined}
          // The visible words, then what they count: "(4 new)" alone is read out of its context.
          aria-label={`step ${step} (${n} new difference${n === 1 ? '' : 's'})`}
          onClick={() => useSandbox.getState().seek(step)}
        >
          step {step} <span className="diff-count">({n} new)</span>
        </button>
      ))}
    </nav>
  );
}

/** The panel (a region named "Differences"), where the skip link lands in compare mode. */
export function DifferencesPanel() {
  const all = useDifferences();
  const cursor = useSandbox((s) => s.cursor);
  const step = useSandbox((s) => (s.cursor < 0 ? undefined : s.runs[s.cursor]?.step));
  const id = useId();
  const rows = useMemo(() => atStep(all, cursor), [all, cursor]);
  const counts = useMemo(() => newByStep(all), [all]);
  // A difference that ended here is no longer one: counted apart.
  const ended = rows.filter((r) => r.diff.ended).length;
  const fresh = rows.filter((r) => r.isNew && !r.diff.ended).length;
  const differ = rows.length - ended;
  return (
    <section id={INSPECTOR_ID} tabIndex={-1} className="panel diffs-panel" aria-labelledby={id}>
      <h2 className="panel-title" id={id}>
        Differences
      </h2>
      <div className="panel-body diffs-body">
        <p className="diff-at">
          {step ? (
            <>
              At step {cursor}: <span className="mono">{describeStep(step)}</span>
            </>
          ) : (
            'Before the first step'
          )}
          <span className="diff-tally">
            {differ === 0
              ? `same state${ended ? `, ${ended} ended` : ''}`
              : `${differ} differ${fresh ? `, ${fresh} new` : ''}${ended ? `, ${ended} ended` : ''}`}
          </span>
        </p>
        {rows.length > 0 ? (
          <ul className="diff-list" aria-label="Differences at this step">
            {rows.map((r) => (
              <DiffRow key={r.key} diff={r.diff} diffKey={r.key} isNew={r.isNew} />
            ))}
          </ul>
        ) : (
          <p className="hint">
            Both worlds show the same groups, domains, DMA and faults at this step; their kernel logs may
            still differ (under the panes).
          </p>
        )}
        <StepsWithDifferences counts={counts} cursor={cursor} />
      </div>
    </section>
  );
}
