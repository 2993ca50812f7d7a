/** Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo, except while the user is typing in a field. */
import { useEffect } from 'react';
import { useSandbox } from '../store';

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  // Text fields keep their own undo; a select or checkbox has none, so the sandbox's applies there.
  if (target instanceof HTMLInputElement)
    return !['checkbox', 'radio', 'button', 'submit', 'range', 'file'].includes(target.type);
  return target instanceof HTMLTextAreaElement || target.isContentEditable;
}

/** Installs the undo/redo shortcuts on the window for as long as the component is mounted. */
export function useUndoKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || typing(e.target)) return;
      const key = e.key.toLowerCase();
      const store = useSandbox.getState();
      if (key === 'z' && !e.shiftKey) store.undo();
      else if ((key === 'z' && e.shiftKey) || (key === 'y' && !e.shiftKey)) store.redo();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
