/**
 * A select whose choice opens something (another machine, a comparison). On Windows and Linux an
 * arrow key or a typed letter on a closed select changes its value at once: reading the options
 * that way opened each in turn, dropping the reader's steps. A choice made from the keyboard is
 * held until Enter; Escape, or leaving the select, puts the open one back. A choice from the
 * opened list (a click, or Enter in it) opens at once.
 */
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';

export function useConfirmedPick(value: string, open: (value: string) => void) {
  const [held, hold] = useState<string | null>(null);
  // A key went down on the closed select in this task: the change it makes is the key's.
  const keyed = useRef(false);
  // Another one opened meanwhile (Undo, a link): what was held was chosen over the one before.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `value` is the trigger
  useEffect(() => hold(null), [value]);
  return {
    held: held !== null,
    props: {
      value: held ?? value,
      onChange(e: { target: { value: string } }) {
        // Back on the open one (down, then up again) holds nothing.
        if (keyed.current) hold(e.target.value === value ? null : e.target.value);
        else {
          hold(null);
          open(e.target.value);
        }
      },
      onKeyDown(e: KeyboardEvent) {
        if (e.key === 'Enter' && held !== null) {
          e.preventDefault();
          hold(null);
          open(held);
        } else if (e.key === 'Escape') hold(null);
        else if (e.key !== 'Tab') {
          keyed.current = true;
          setTimeout(() => {
            keyed.current = false;
          });
        }
      },
      onBlur() {
        hold(null);
      },
    },
  };
}

/** What a choice held from the keyboard waits for (useConfirmedPick). */
export function PickHint({ held }: { held: boolean }) {
  return (
    <span className="pick-hint" role="status">
      {held && 'Enter opens it, Escape keeps the open one'}
    </span>
  );
}
