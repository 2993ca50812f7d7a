/** What can be done to a group: write its sysfs type, give it to vfio and take it back. */
import { useId, useState } from 'react';
import type { Step } from '../kernel/types';
import { useSandbox } from '../store';
import { StaleStepsHint } from './StaleStepsHint';
import './inspectorDetail.css';

const TYPES = ['DMA', 'DMA-FQ', 'identity', 'auto'];

/** The group's action buttons; the type field takes any text, as the sysfs file does. */
export function GroupActions({ id }: { id: number }) {
  const [value, setValue] = useState('identity');
  const fid = useId();
  const act = (step: Step) => useSandbox.getState().act(step);
  return (
    <section className="actions" aria-labelledby={`${fid}-title`}>
      <h3 id={`${fid}-title`} className="section-title">
        Actions
      </h3>
      <form
        className="bind-form"
        onSubmit={(e) => {
          e.preventDefault();
          act({ op: 'set-group-type', group: id, value });
        }}
      >
        <div className="field">
          <label htmlFor={`${fid}-type`}>
            {/* Line breaks after the slashes only ("ty pe" read as two words). */}
            Write to{' '}
            <code>
              /sys/
              <wbr />
              kernel/
              <wbr />
              iommu_groups/
              <wbr />
              {id}/<wbr />
              type
            </code>
          </label>
          <input
            id={`${fid}-type`}
            className="input mono"
            value={value}
            list={`${fid}-types`}
            spellCheck={false}
            onChange={(e) => setValue(e.target.value)}
          />
          <datalist id={`${fid}-types`}>
            {TYPES.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </div>
        <button type="submit" className="btn">
          Set type
        </button>
      </form>
      <div className="action-row">
        <button type="button" className="btn" onClick={() => act({ op: 'vfio-claim', group: id })}>
          Give to VFIO
        </button>
        <button type="button" className="btn" onClick={() => act({ op: 'vfio-release', group: id })}>
          Return from VFIO
        </button>
      </div>
      <StaleStepsHint />
    </section>
  );
}
