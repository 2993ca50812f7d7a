/**
 * An action that kills the kernel disables its own button (at once, or when the core answers), and
 * focus would fall to the page's body, behind the user: it goes to Reboot, the way on. Only after
 * an action taken through the returned `act`: a link or Back that shows a crashed machine, or a
 * dialog cancelled, must not move focus.
 */
import { type RefObject, useEffect, useRef } from 'react';
import type { Step } from '../kernel/types';
import { useSandbox } from '../store';

export function useFocusRebootAfterKill(
  reboot: RefObject<HTMLButtonElement | null>,
  off: boolean,
  noCrash: boolean,
): (step: Step) => void {
  const lastFocused = useRef<Element | null>(null);
  useEffect(() => {
    const note = (e: FocusEvent) => {
      lastFocused.current = e.target instanceof Element ? e.target : null;
    };
    document.addEventListener('focusin', note);
    return () => document.removeEventListener('focusin', note);
  }, []);
  const acted = useRef(false);
  const steps = useSandbox((s) => s.scenario.steps);
  const before = useRef({ off, noCrash, steps });
  useEffect(() => {
    const disabledNow = (off && !before.current.off) || (noCrash && !before.current.noCrash);
    const answered = steps !== before.current.steps;
    before.current = { off, noCrash, steps };
    if (!answered || !acted.current) return;
    acted.current = false;
    const was = lastFocused.current;
    if (!disabledNow || !was) return;
    const gone = !was.isConnected || (was instanceof HTMLButtonElement && was.disabled);
    const a = document.activeElement;
    if (gone && (a === null || a === document.body || a === was)) reboot.current?.focus();
  }, [off, noCrash, steps, reboot]);
  return (step) => {
    acted.current = true;
    useSandbox.getState().act(step);
  };
}
