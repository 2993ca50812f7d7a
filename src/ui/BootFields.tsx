/** What the next Boot uses, for the world being rendered: kernel, command line, kdump, fixes, machine. */
import { CheckField } from './CheckField';
import { CmdlineField } from './CmdlineField';
import { FixSwitches } from './FixSwitches';
import { KernelSelect } from './KernelSelect';
import { MachineSwitches } from './MachineSwitches';
import { nameSuffix, useWorld, useWorldState } from './world';

/** The fields of the Boot form (the single page's panel and each pane of a comparison). */
export function BootFields() {
  const { store, side } = useWorld();
  const kdump = useWorldState((s) => s.draft.machine.kdump ?? false);
  return (
    <>
      <KernelSelect />
      <CmdlineField />
      <CheckField
        label="kdump kernel"
        nameSuffix={nameSuffix(side)}
        description="The next Boot starts a crash kernel directly (Crash starts one without it): VT-d is still translating and the old tables are copied."
        checked={kdump}
        onChange={(on) => {
          const machine = store.getState().draft.machine;
          store.getState().editDraft({ machine: { ...machine, kdump: on } });
        }}
      />
      <FixSwitches />
      <MachineSwitches />
    </>
  );
}
