/** The configuration the next Boot uses: kernel, review fixes, command line, kdump and machine. */
import { useSandbox } from '../store';
import { BootFields } from './BootFields';
import { useDraftChanged } from './useDraftChanged';

/** The left-hand panel, ending with the Boot button. */
export function BootPanel() {
  const changed = useDraftChanged();
  return (
    <section className="panel area-config" aria-labelledby="boot-panel-title">
      <h2 className="panel-title" id="boot-panel-title">
        Kernel and boot
      </h2>
      {/* The fields scroll above the Boot row (panels.css .boot-split): a short panel beside a
          lesson hid the kdump switch behind it when the row stuck over the fields. */}
      <form
        className="boot-form boot-split"
        onSubmit={(e) => {
          e.preventDefault();
          useSandbox.getState().boot();
        }}
      >
        <div className="panel-body">
          <BootFields />
        </div>
        <div className="boot-row">
          <button type="submit" className="btn btn-primary boot-button">
            Boot
          </button>
          <span className="hint" role="status">
            {changed
              ? 'Changed: Boot runs the scenario again with these settings.'
              : 'Settings match the scenario’s boot.'}
          </span>
        </div>
      </form>
    </section>
  );
}
