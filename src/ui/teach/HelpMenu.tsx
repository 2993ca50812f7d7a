/** The header's Help menu: the tour, the glossary and the keyboard shortcuts. */
import { lazy, Suspense, useCallback, useId, useRef, useState } from 'react';

/** The Help button's id: the tour hands focus back to it when it ends. */
export const HELP_BUTTON_ID = 'help-button';

/** Fetches the menu's items (main.tsx: once the page is idle). */
export const preloadHelpMenu = () => import('./HelpMenuList');
const HelpMenuList = lazy(preloadHelpMenu);

/** A menu button; its items load when the page is idle, or when the button is first reached. */
export function HelpMenu() {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const close = useCallback((refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  }, []);
  return (
    <div className="menu-wrap">
      <button
        ref={button}
        id={HELP_BUTTON_ID}
        type="button"
        className="btn btn-dark"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onPointerEnter={preloadHelpMenu}
        onFocus={preloadHelpMenu}
        onClick={() => setOpen(!open)}
      >
        Help
      </button>
      {open && (
        <Suspense fallback={null}>
          <HelpMenuList id={menuId} button={button} close={close} />
        </Suspense>
      )}
    </div>
  );
}
