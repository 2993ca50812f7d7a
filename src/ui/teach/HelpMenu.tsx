/** The header's Help menu: the tour, the glossary and the keyboard shortcuts. */
import { useEffect, useId, useRef, useState } from 'react';
import { useTeach } from './teachStore';
import './menu.css';

interface Item {
  label: string;
  run(): void;
}

/** The Help button's id: the tour hands focus back to it when it ends. */
export const HELP_BUTTON_ID = 'help-button';

/** A menu button with its menu (arrow keys move, Escape closes and returns focus). */
export function HelpMenu() {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const items: Item[] = [
    { label: 'Take the tour', run: () => useTeach.getState().startTour() },
    { label: 'Glossary', run: () => useTeach.getState().openGlossary() },
    { label: 'Keyboard shortcuts', run: () => useTeach.getState().showShortcuts(true) },
  ];
  useEffect(() => {
    if (open) menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [open]);
  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!menu.current?.contains(t) && !button.current?.contains(t)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const onMenuKey = (e: React.KeyboardEvent) => {
    const all = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = all.indexOf(document.activeElement as HTMLElement);
    const move = (i: number) => all[(i + all.length) % all.length]?.focus();
    if (e.key === 'ArrowDown') move(at + 1);
    else if (e.key === 'ArrowUp') move(at - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(all.length - 1);
    else if (e.key === 'Escape' || e.key === 'Tab') close();
    else return;
    if (e.key !== 'Tab') e.preventDefault();
  };
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
        onClick={() => setOpen(!open)}
      >
        Help
      </button>
      {open && (
        <div ref={menu} id={menuId} className="menu" role="menu" aria-label="Help" onKeyDown={onMenuKey}>
          {items.map((it) => (
            <button
              key={it.label}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className="menu-item"
              onClick={() => {
                setOpen(false);
                it.run();
              }}
            >
              {it.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
