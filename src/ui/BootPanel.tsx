/** The configuration the next Boot uses: kernel, review fixes, command line, kdump and machine. */
import { useId, useMemo, useRef } from 'react';
import { useSandbox } from '../store';
import { BootFields } from './BootFields';
import { useDraftChanged } from './useDraftChanged';
import { useRememberedFlag } from './useRememberedFlag';

/** Where the fold of the settings beside a lesson is remembered: a reader who folded them once wants the inspector's room every time. */
export const SETTINGS_FOLDED_KEY = 'iommu-sandbox/settings-folded@1';

/** The left-hand panel, ending with the Boot button. */
export function BootPanel() {
  const changed = useDraftChanged();
  const [folded, setFolded] = useRememberedFlag(SETTINGS_FOLDED_KEY, false);
  const fieldsId = useId();
  const kernel = useSandbox((s) => s.scenario.kernel);
  // A lesson's machine starts powered off: nothing has booted with these settings yet.
  const booted = useSandbox((s) => s.scenario.steps.some((st) => st.op === 'boot'));
  // A new run (a Boot, also a load or an undo) says so again, even in the same words: a second
  // Boot with the same settings was silent.
  const initial = useSandbox((s) => s.initial);
  const runs = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: counts each new run
  const again = useMemo(() => (runs.current++ % 2 ? '\u00a0' : ''), [initial]);
  return (
    <section className="panel area-config" aria-labelledby="boot-panel-title">
      <div className="panel-title">
        <h2 className="panel-title-text" id="boot-panel-title">
          Kernel and boot
        </h2>
        {/* Only where the panel shares its column with the inspector, beside a lesson (lessons.css):
            folded to its Boot row, it leaves the inspector the column's height. */}
        <button
          type="button"
          className="btn btn-small panel-fold"
          aria-expanded={!folded}
          aria-controls={fieldsId}
          onClick={() => setFolded(!folded)}
        >
          Settings <span aria-hidden="true">{folded ? '▸' : '▾'}</span>
        </button>
      </div>
      {/* The fields scroll above the Boot row (panels.css .boot-split): a short panel beside a
          lesson hid the kdump switch behind it when the row stuck over the fields. */}
      <form
        className={folded ? 'boot-form boot-split is-folded' : 'boot-form boot-split'}
        onSubmit={(e) => {
          e.preventDefault();
          useSandbox.getState().boot();
        }}
      >
        <div className="panel-body" id={fieldsId}>
          <BootFields />
        </div>
        <div className="boot-row">
          <button type="submit" className="btn btn-primary boot-button">
            Boot
          </button>
          <span className="hint" role="status">
            {changed
              ? 'Changed: Boot runs the scenario again with these settings.'
              : booted
                ? `Booted ${kernel} with these settings.${again}`
                : `Not booted yet: Boot starts ${kernel}.`}
          </span>
        </div>
      </form>
    </section>
  );
}
