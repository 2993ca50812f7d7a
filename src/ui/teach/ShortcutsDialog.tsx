/** The keyboard shortcuts, listed in a dialog opened from the Help menu. */
import { useModal } from '../useModal';
import { useTeach } from './teachStore';
import './teach.css';

const SHORTCUTS: [keys: string, what: string][] = [
  ['Ctrl+Z', 'Undo the last change to the scenario'],
  ['Ctrl+Shift+Z, Ctrl+Y', 'Redo'],
  [
    'Page Down, Page Up',
    'Next / previous step of the timeline (a presenter’s clicker sends these); in a panel that scrolls, such as the event log, they scroll it',
  ],
  ['→, ←', 'Next / previous step, in demo mode (?demo)'],
  ['Space', 'Play or pause, in demo mode'],
  ['Home, End', 'First / last step, in demo mode'],
  ['Arrow keys', 'Move through the device and group list in the inspector'],
  [
    'Enter, Escape',
    'On a graph node: show it in the inspector (Enter again: go to its details); unselect it',
  ],
  [
    'Enter',
    'On the Scenario or Comparison select: open what the arrow keys chose (Escape keeps the open one)',
  ],
  ['Tab, Shift+Tab', 'Move between controls; Escape closes menus, dialogs and panels'],
];

/** The dialog (modal: it is a reference card, read then closed). */
export function ShortcutsDialog() {
  const ref = useModal();
  const close = () => useTeach.getState().showShortcuts(false);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="shortcuts-title" onClose={close} onCancel={close}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}>
              <th scope="row">
                <kbd>{keys}</kbd>
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog-buttons">
        <button type="button" className="btn btn-primary" onClick={close}>
          Close
        </button>
      </div>
    </dialog>
  );
}

export default ShortcutsDialog;
