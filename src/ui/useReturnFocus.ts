/**
 * Gives focus back to what had it when a panel or dialog mounted, once it goes: removing the
 * element that holds focus drops focus to the page's body.
 */
import { useEffect } from 'react';

/** Call before any effect of the same component that moves focus into it. */
export function useReturnFocus(): void {
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // An action that moved focus elsewhere on its way out keeps it there.
    return () => {
      const now = document.activeElement;
      if (opener?.isConnected && (now === null || now === document.body)) opener.focus();
    };
  }, []);
}
