/**
 * The header's Lessons button. The panel and the lessons load the first time it is pressed; the
 * panel is docked beside the workspace (rendered into the page's `.app` frame).
 */
import { lazy, Suspense, useRef, useState } from 'react';
import { createPortal } from 'react-dom';

const LessonsPanel = lazy(() => import('./LessonsPanel'));

export const LESSONS_PANEL_ID = 'lessons-panel';

/** The toggle button, and the panel while it is open. */
export function LessonsButton() {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const host = open ? (button.current?.closest('.app') ?? document.body) : null;
  return (
    <>
      <button
        ref={button}
        type="button"
        className="btn btn-dark"
        aria-expanded={open}
        aria-controls={open ? LESSONS_PANEL_ID : undefined}
        onClick={() => (open ? close() : setOpen(true))}
      >
        Lessons
      </button>
      {host &&
        createPortal(
          <Suspense fallback={null}>
            <LessonsPanel id={LESSONS_PANEL_ID} onClose={close} />
          </Suspense>,
          host,
        )}
    </>
  );
}
