/**
 * Acting in compare mode: every action is a step appended to both worlds (the right follows the
 * left's timeline). Machine-wide actions, and those of the device or group picked in either pane.
 */
import { useId } from 'react';
import { useStore } from 'zustand';
import { rightWorld, useSandbox } from '../../store';
import { DeviceActions } from '../DeviceActions';
import { GroupActions } from '../GroupActions';
import { MachineActions } from '../MachineToolbar';
import { NoticeBar } from '../NoticeBar';
import { StaleStepsHint } from '../StaleStepsHint';

/** The "Act on both worlds" panel. */
export function CompareActions() {
  const left = useSandbox((s) => s.selection);
  const right = useStore(rightWorld, (s) => s.selection);
  const sel = left ?? right;
  const side = left ? 'left' : 'right';
  const id = useId();
  return (
    <section className="panel compare-act" aria-labelledby={id}>
      <h2 className="panel-title" id={id}>
        Act on both worlds
      </h2>
      <NoticeBar />
      <div className="panel-body">
        <fieldset className="action-row compare-machine-actions">
          <legend className="visually-hidden">Machine actions</legend>
          <MachineActions />
        </fieldset>
        {/* The device's and the group's actions carry the same hint. */}
        {(!sel || sel.kind === 'domain') && <StaleStepsHint />}
        {sel?.kind === 'device' && (
          <>
            <p className="hint">
              Device <span className="mono">{sel.id}</span>, picked in the {side} pane.
            </p>
            <DeviceActions key={sel.id} bdf={sel.id} />
          </>
        )}
        {sel?.kind === 'group' && (
          <>
            <p className="hint">
              Group {sel.id}, picked in the {side} pane: the step names its number in both worlds.
            </p>
            <GroupActions key={sel.id} id={sel.id} />
          </>
        )}
        {(!sel || sel.kind === 'domain') && (
          <p className="hint">Pick a device or a group in either pane to act on it in both worlds.</p>
        )}
      </div>
    </section>
  );
}
