/**
 * Demo mode's keys, while its bar is shown: → and ← step, Home and End go to the first and last
 * step, Space plays or pauses; not where those keys already mean something (a field, a select, a
 * menu, the graph, the inspector's list). Page Up and Down are the page's (useStepKeys.ts).
 */
import { useEffect } from 'react';
import { useSandbox } from '../../store';
import { owns, PAGE_KEYS_OWNERS } from '../useStepKeys';
import { useDemo } from './demoStore';

const OWNERS = `${PAGE_KEYS_OWNERS}, input, select, [role="menu"], .graph-root, nav`;

export function useDemoKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || owns(e.target, OWNERS)) return;
      const store = useSandbox.getState();
      const demo = useDemo.getState();
      if (e.key === 'ArrowRight') store.stepForward();
      else if (e.key === 'ArrowLeft') store.stepBack();
      else if (e.key === 'Home') store.seek(0);
      else if (e.key === 'End') store.seek(store.runs.length - 1);
      else if (e.key === ' ' && !(e.target instanceof HTMLButtonElement)) demo.setPlaying(!demo.playing);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
