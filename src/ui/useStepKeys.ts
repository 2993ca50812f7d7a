/**
 * Keys that step through the timeline for a presenter: Page Down / Page Up always (what a clicker
 * sends); in demo mode also the arrows, Space (play/pause), Home and End.
 */
import { useEffect } from 'react';
import { useSandbox } from '../store';
import { useDemo } from './demo/demoStore';

// Where a key already means something: text entry, lists, sliders, the graph's node moves, buttons.
function ownsKeys(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest('input, textarea, select, [role="slider"], [role="menu"], .react-flow, nav'))
    return true;
  return false;
}

/** Installs the step keys on the window while mounted. */
export function useStepKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || ownsKeys(e.target)) return;
      const store = useSandbox.getState();
      const demo = useDemo.getState();
      const onButton = e.target instanceof HTMLButtonElement;
      if (e.key === 'PageDown') store.stepForward();
      else if (e.key === 'PageUp') store.stepBack();
      else if (!demo.params) return;
      else if (e.key === 'ArrowRight') store.stepForward();
      else if (e.key === 'ArrowLeft') store.stepBack();
      else if (e.key === 'Home') store.seek(0);
      else if (e.key === 'End') store.seek(store.runs.length - 1);
      else if (e.key === ' ' && !onButton) demo.setPlaying(!demo.playing);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
