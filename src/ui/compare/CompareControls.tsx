/**
 * The header's Compare toggle and Comparison select. Picking a comparison opens it side by side
 * straight from the single page; the list of names loads just after the first paint, and a
 * comparison's files when it is picked.
 */
import { useId, useState } from 'react';
import { useCompare } from '../../store';
import type { ComparisonEntry } from '../../store/comparisons';
import { lazyValue, useLazyValue } from '../lazyValue';
import { PickHint, useConfirmedPick } from '../useConfirmedPick';

const comparisonList = lazyValue(() => import('../../store/comparisons').then((m) => m.COMPARISONS));

const SECTIONS: ComparisonEntry['section'][] = ['Bug and fix catalogue', 'Seed discussion'];
const NONE = '';

// Opening (the loader, the checks it runs, the differences) is fetched on the first pick, not with the page.
const loader = () => import('./openComparison');

/** The Compare button and the Comparison select. */
export function CompareControls() {
  const on = useCompare((s) => s.on);
  const comparisonId = useCompare((s) => s.comparisonId);
  const [loading, setLoading] = useState(false);
  const comparisons = useLazyValue(comparisonList);
  const id = useId();
  const pick = async (value: string) => {
    if (value === NONE) return;
    setLoading(true);
    await (await loader()).openComparison(value);
    setLoading(false);
  };
  const choice = useConfirmedPick(comparisonId ?? NONE, (v) => void pick(v));
  return (
    <div className="header-compare">
      <button
        type="button"
        className="btn btn-dark"
        aria-pressed={on}
        title="Two worlds side by side: the same machine and steps under two configurations"
        onClick={() => (on ? useCompare.getState().stop() : useCompare.getState().start())}
      >
        Compare
      </button>
      <label htmlFor={id} className="visually-hidden">
        Comparison
      </label>
      <select
        id={id}
        className="input"
        title={comparisons?.find((c) => c.id === comparisonId)?.name}
        aria-busy={loading}
        onFocus={() => void loader()}
        onPointerEnter={() => void loader()}
        {...choice.props}
      >
        <option value={NONE}>{on ? 'Own comparison' : 'Pick a comparison…'}</option>
        {!comparisons && comparisonId && <option value={comparisonId}>{comparisonId}</option>}
        {comparisons &&
          SECTIONS.map((section) => (
            <optgroup key={section} label={section}>
              {comparisons
                .filter((c) => c.section === section)
                .map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
            </optgroup>
          ))}
      </select>
      <PickHint held={choice.held} />
    </div>
  );
}
