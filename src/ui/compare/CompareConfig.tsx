/** Compare mode's configuration column: the left and right worlds' Boot fields, and one Boot for both. */
import { useStore } from 'zustand';
import { type Side, useCompare } from '../../store';
import { selectDraftChanged } from '../../store/draftChanged';
import { BootFields } from '../BootFields';
import { WorldContext } from '../world';
import { WORLDS } from './worlds';

function WorldFields({ side, title }: { side: Side; title: string }) {
  return (
    <WorldContext.Provider value={WORLDS[side]}>
      <fieldset className={`world-fields world-${side}`}>
        <legend>{title}</legend>
        <BootFields />
      </fieldset>
    </WorldContext.Provider>
  );
}

/** The settings column's id, for the bar's switch that folds it away. */
export const SETTINGS_ID = 'compare-settings';

/** The configuration panel of compare mode, ending with the Boot button that boots both worlds. */
export function CompareConfig({ hidden }: { hidden: boolean }) {
  const left = useStore(WORLDS.left.store, selectDraftChanged);
  const right = useStore(WORLDS.right.store, selectDraftChanged);
  const changed = left || right;
  return (
    <section
      id={SETTINGS_ID}
      className="panel area-config compare-config"
      aria-labelledby="compare-config-title"
      hidden={hidden}
    >
      <h2 className="panel-title" id="compare-config-title">
        Two worlds, one machine
      </h2>
      <form
        className="panel-body boot-form"
        onSubmit={(e) => {
          e.preventDefault();
          useCompare.getState().boot();
        }}
      >
        <WorldFields side="left" title="Left" />
        <WorldFields side="right" title="Right" />
        <div className="boot-row">
          <button type="submit" className="btn btn-primary boot-button">
            Boot
          </button>
          <span className="hint" role="status">
            {changed
              ? `Changed (${[left && 'left', right && 'right'].filter(Boolean).join(' and ')}): Boot runs both worlds again.`
              : 'Both worlds run these settings.'}
          </span>
        </div>
      </form>
    </section>
  );
}
