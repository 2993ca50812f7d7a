/**
 * The Help menu's items (loaded when the menu first opens: the header shows only its button):
 * arrow keys move, Escape or Tab closes and hands focus back to the button.
 */
import { type RefObject, useEffect, useRef } from 'react';
import { useTeach } from './teachStore';
import './menu.css';

const ITEMS: { label: string; run(): void }[] = [
  { label: 'Take the tour', run: () => useTeach.getState().startTour() },
  { label: 'Glossary', run: () => useTeach.getState().openGlossary() },
  { label: 'Keyboard shortcuts', run: () => useTeach.getState().showShortcuts(true) },
];

/** The open menu, under `button`; `close(refocus)` closes it. */
export default function HelpMenuList({
  id,
  button,
  close,
}: {
  id: string;
  button: RefObject<HTMLButtonElement | null>;
  close(refocus: boolean): void;
}) {
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const outside = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!menu.current?.contains(t) && !button.current?.contains(t)) close(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [button, close]);
  const onKey = (e: React.KeyboardEvent) => {
    const all = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = all.indexOf(document.activeElement as HTMLElement);
    const move = (i: number) => all[(i + all.length) % all.length]?.focus();
    if (e.key === 'ArrowDown') move(at + 1);
    else if (e.key === 'ArrowUp') move(at - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(all.length - 1);
    else if (e.key === 'Escape' || e.key === 'Tab') close(true);
    else return;
    if (e.key !== 'Tab') e.preventDefault();
  };
  return (
    <div ref={menu} id={id} className="menu" role="menu" aria-label="Help" onKeyDown={onKey}>
      {ITEMS.map((it) => (
        <button
          key={it.label}
          type="button"
          role="menuitem"
          tabIndex={-1}
          className="menu-item"
          onClick={() => {
            // Focus on the button before the item opens its overlay: the overlay hands it back there.
            close(true);
            it.run();
          }}
        >
          {it.label}
        </button>
      ))}
    </div>
  );
}
