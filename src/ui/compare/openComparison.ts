/**
 * Opening a ready-made comparison picked in the Comparison select: its files are loaded and
 * checked, both worlds run, and the page shows the first step where they differ. A comparison is
 * about that step (a group released, a crash dump's DMA), and from the boot the reader would have
 * to find it. Loaded on the first pick, with the loader and its checks, not with the page.
 */

import { rightWorld, useCompare, useSandbox } from '../../store';
import { loadCore } from '../../store/core';
import { ComparisonError, loadComparison } from '../../store/loadComparison';
import { viewedStepText } from '../Timeline';
import { differencesOf, firstDifference } from './differences';

/** Opens the comparison `id`, or says in a notice why it cannot be opened. */
export async function openComparison(id: string): Promise<void> {
  try {
    const [{ comparison, scenario, libraryId }] = await Promise.all([loadComparison(id), loadCore()]);
    useCompare.getState().open({ id, scenario, libraryId, left: comparison.left, right: comparison.right });
  } catch (e) {
    useSandbox.getState().notify({
      kind: 'error',
      title: 'Comparison not opened',
      text: e instanceof Error ? e.message : String(e),
      ...(e instanceof ComparisonError ? { details: e.problems } : {}),
    });
    return;
  }
  showFirstDifference();
}

// With the core loaded, both worlds have run by the time `open` returns.
function showFirstDifference(): void {
  const left = useSandbox.getState();
  const right = rightWorld.getState();
  const step = firstDifference(
    differencesOf(left.runs, right.runs, [left.scenario.kernel, right.scenario.kernel]),
  );
  if (step === 0) return;
  // What `open` said (the reader's own comparison replaced) goes on with the notice the move needs.
  const said = left.notice?.text;
  left.seek(step);
  // The runs were rebuilt, so the step announcer keeps quiet (as for a boot or an undo): the notice
  // says where the page is, and why it is not on the boot.
  const shown = useSandbox.getState();
  const where = viewedStepText(shown.runs[step], step, shown.runs.length, rightWorld.getState().runs[step]);
  useSandbox.getState().notify({
    kind: 'info',
    text: `Showing ${where}, where the two worlds first differ.${said ? ` ${said}` : ''}`,
    seek: { label: 'Show the boot', cursor: 0 },
  });
}
