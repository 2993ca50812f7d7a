// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { resetStore, SMALL } from '../ui/ui.helpers';
import { useCompare, useSandbox } from './index';
import { shareHash } from './share';
import { followHistory, restoreStartState } from './startup';

// One page load, as main.tsx starts it; the tab's history is jsdom's, the test's own.
followHistory(useSandbox, useCompare);

const shown = () => {
  const { scenario, cursor, notice } = useSandbox.getState();
  return { name: scenario.name, steps: scenario.steps.length, cursor, notice: notice?.text ?? null };
};
const SHARED = { ...SMALL, name: 'Shared machine', kernel: 'v5.3' as const };

describe('the page in the tab history', () => {
  it('opens a pasted link, and Back and Forward move between what was shown', async () => {
    localStorage.clear();
    history.replaceState(null, '', '/');
    resetStore();
    await restoreStartState(useSandbox);
    useSandbox.getState().act({ op: 'unbind', device: '00:02.0' });
    const mine = shown();
    expect(mine).toMatchObject({ name: 'Small test machine', steps: 2 });

    // Only the hash changes: the page opens the link itself, and takes it out of the address bar.
    location.hash = shareHash(SHARED, 0);
    await vi.waitFor(() => expect(shown().name).toBe('Shared machine'));
    expect(shown()).toMatchObject({ cursor: 0, notice: expect.stringMatching(/^Opened the share link/) });
    expect(location.hash).toBe('');
    useSandbox.getState().stepForward();
    useSandbox.getState().act({ op: 'rescan' });
    const onTheLink = shown();

    history.back();
    await vi.waitFor(() => expect(shown().name).toBe('Small test machine'));
    expect(shown()).toEqual({
      ...mine,
      notice: 'Went back to the earlier view. Undo brings back the one you left.',
    });

    // Forward: the link's view as it was left, with the work done on it.
    history.forward();
    await vi.waitFor(() => expect(shown().name).toBe('Shared machine'));
    expect(shown()).toEqual({
      ...onTheLink,
      notice: expect.stringMatching(/^Went forward to the later view/),
    });

    // Undo takes back a move as it takes back any other.
    useSandbox.getState().undo();
    expect(shown()).toMatchObject({ name: 'Small test machine', steps: 2 });
    useSandbox.getState().redo();

    // A damaged link changes nothing but says why; Back from it leaves the page as it is.
    const before = useSandbox.getState().scenario;
    const link = shareHash({ ...SHARED, name: 'Never shown' }, 0);
    location.hash = link.slice(0, Math.floor(link.length / 2));
    await vi.waitFor(() => expect(useSandbox.getState().notice?.kind).toBe('error'));
    expect(useSandbox.getState().notice?.text).toMatch(/^The share link is damaged: /);
    expect(useSandbox.getState().scenario).toBe(before);
    const damaged = history.state.entry;
    history.back();
    await vi.waitFor(() => expect(history.state.entry).not.toBe(damaged));
    expect(useSandbox.getState().scenario).toBe(before);

    // Back past the link, to the first entry: what was shown before the link.
    history.back();
    await vi.waitFor(() => expect(shown().name).toBe('Small test machine'));
    expect(shown()).toMatchObject({ steps: mine.steps, cursor: mine.cursor });
  });
});
