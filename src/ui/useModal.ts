/**
 * Opens a <dialog> as a modal when it mounts (the dialogs here exist only while they are open),
 * and gives focus back to what opened it when it goes.
 */
import { type RefObject, useEffect, useRef } from 'react';

/** The ref to put on the <dialog>. */
export function useModal(): RefObject<HTMLDialogElement | null> {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const dlg = ref.current;
    // jsdom and old browsers lack showModal: an open dialog still works there, just not modal.
    if (dlg && typeof dlg.showModal === 'function' && !dlg.open) dlg.showModal();
    else dlg?.setAttribute('open', '');
    // Removed rather than closed, the dialog never runs the browser's own focus restoring: focus
    // would fall to the page's body. (An action that moved focus elsewhere keeps it there.)
    return () => {
      const now = document.activeElement;
      if (opener?.isConnected && (now === null || now === document.body)) opener.focus();
    };
  }, []);
  return ref;
}
