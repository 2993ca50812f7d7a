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
      <form
        className="panel-body boot-form"
        onSubmit={(e) => {
          e.preventDefault();
          useSandbox.getState().boot();
        }}
      >
        <BootFields />
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
