/** The configuration the next Boot uses: kernel, review fixes, command line, kdump and machine. */
import { useSandbox } from '../store';
import { CheckField } from './CheckField';
import { CmdlineField } from './CmdlineField';
import { FixSwitches } from './FixSwitches';
import { KernelSelect } from './KernelSelect';
import { MachineSwitches } from './MachineSwitches';
import { useDraftChanged } from './useDraftChanged';

/** The left-hand panel, ending with the Boot button. */
export function BootPanel() {
  const changed = useDraftChanged();
  const kdump = useSandbox((s) => s.draft.machine.kdump ?? false);
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
        <KernelSelect />
        <CmdlineField />
        <CheckField
          label="kdump kernel"
          description="Boot as the crash kernel: VT-d is still translating and the old tables are copied."
          checked={kdump}
          onChange={(on) => {
            const machine = useSandbox.getState().draft.machine;
            useSandbox.getState().editDraft({ machine: { ...machine, kdump: on } });
          }}
        />
        <FixSwitches />
        <MachineSwitches />
        <div className="boot-row">
          <button type="submit" className="btn btn-primary boot-button">
            Boot
          </button>
          <span className="hint" role="status">
            {changed
              ? 'Changed: Boot runs the scenario again with these settings.'
              : 'Settings match the running machine.'}
          </span>
        </div>
      </form>
    </section>
  );
}
