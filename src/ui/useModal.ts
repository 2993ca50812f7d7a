/**
 * Opens a <dialog> as a modal when it mounts (the dialogs here exist only while they are open),
 * and gives focus back to what opened it when it goes.
 */
import { type RefObject, useEffect, useRef } from 'react';
import { useReturnFocus } from './useReturnFocus';
import './dialog.css';

/** The ref to put on the <dialog>. */
export function useModal(): RefObject<HTMLDialogElement | null> {
  const ref = useRef<HTMLDialogElement>(null);
  // Removed rather than closed, the dialog never runs the browser's own focus restoring.
  useReturnFocus();
  useEffect(() => {
    const dlg = ref.current;
    // jsdom and old browsers lack showModal: an open dialog still works there, just not modal.
    if (dlg && typeof dlg.showModal === 'function' && !dlg.open) dlg.showModal();
    else dlg?.setAttribute('open', '');
  }, []);
  return ref;
}
