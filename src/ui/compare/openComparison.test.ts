import { afterEach, describe, expect, it } from 'vitest';
import { newAt } from '../../compare/diff';
import { configOf } from '../../compare/variant';
import { rightWorld, useCompare, useSandbox } from '../../store';
import { differencesOf } from './differences';
import { openComparison } from './openComparison';

afterEach(() => {
  useCompare.getState().stop();
  useSandbox.getState().notify(null);
});

const differences = () => {
  const l = useSandbox.getState();
  const r = rightWorld.getState();
  return differencesOf(l.runs, r.runs, [l.scenario.kernel, r.scenario.kernel]);
};

describe('opening a ready-made comparison', () => {
  it('si-free opens where its first difference is new: the release of the nic’s group', async () => {
    await openComparison('si-free');
    const { cursor } = useSandbox.getState();
    const all = differences();
    expect(cursor).toBe(1);
    expect(newAt(all, cursor).length).toBeGreaterThan(0);
    for (let s = 0; s < cursor; s++) expect(newAt(all, s)).toEqual([]);
    expect(rightWorld.getState().cursor).toBe(cursor);
    // The runs were rebuilt: the notice says where the page is, and offers the boot.
    expect(useSandbox.getState().notice).toEqual({
      kind: 'info',
      text: 'Showing step 1: hot-remove 00:02.0 — ok (of 4), where the two worlds first differ.',
      seek: { label: 'Show the boot', cursor: 0 },
    });
  });

  it('a kdump comparison whose worlds boot alike opens at the crash', async () => {
    await openComparison('kdump-defer-order');
    expect(useSandbox.getState().cursor).toBe(2);
    expect(rightWorld.getState().runs[2]?.ok).toBe(false);
  });

  it('stays on the boot when the worlds differ from it, and says nothing then', async () => {
    await openComparison('seed-extra-group');
    expect(useSandbox.getState().cursor).toBe(0);
    expect(newAt(differences(), 0).length).toBeGreaterThan(0);
    expect(useSandbox.getState().notice).toBeNull();
  });

  it('over the reader’s own comparison, says both where it is and that Undo brings the own one back', async () => {
    useCompare.getState().start({ ...configOf(useSandbox.getState().scenario), kernel: 'v5.3' });
    await openComparison('si-free');
    expect(useSandbox.getState().notice?.text).toMatch(
      /where the two worlds first differ\. Your own comparison was replaced: Undo brings it back\.$/,
    );
    useSandbox.getState().undo();
    expect(useCompare.getState()).toMatchObject({ on: true, comparisonId: null });
    expect(rightWorld.getState().scenario.kernel).toBe('v5.3');
  });

  it('Redo brings the comparison back at the step it opened at', async () => {
    await openComparison('si-free');
    useSandbox.getState().undo();
    useSandbox.getState().redo();
    expect(useCompare.getState().comparisonId).toBe('si-free');
    expect(useSandbox.getState().cursor).toBe(1);
    expect(rightWorld.getState().cursor).toBe(1);
  });

  it('says why a comparison cannot be opened', async () => {
    await openComparison('no-such-comparison');
    expect(useSandbox.getState().notice).toMatchObject({ kind: 'error', title: 'Comparison not opened' });
  });
});
