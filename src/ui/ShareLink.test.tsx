// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useSandbox } from '../store';
import { openShareHash } from '../store/openShare';
import { STORAGE_KEY, writeSaved } from '../store/persist';
import { shareHash } from '../store/share';
import { restoreStartState } from '../store/startup';
import { NoticeBar } from './NoticeBar';
import { ShareLink } from './ShareLink';
import { resetStore, SMALL } from './ui.helpers';

beforeEach(() => {
  resetStore();
  localStorage.clear();
  history.replaceState(null, '', '/');
});
afterEach(cleanup);

describe('Share link', () => {
  it('copies a link that reopens the same scenario at the same step', async () => {
    const user = userEvent.setup();
    useSandbox.getState().act({ op: 'unbind', device: '00:02.0' });
    useSandbox.getState().act({ op: 'hot-remove', device: '01:00.1' });
    useSandbox.getState().seek(1);
    render(<ShareLink />);
    await user.click(screen.getByRole('button', { name: 'Share link' }));
    expect(await screen.findByText('Link copied')).toBeTruthy();
    const link = (screen.getByRole('textbox', { name: 'Share link URL' }) as HTMLInputElement).value;
    expect(await navigator.clipboard.readText()).toBe(link);

    const url = new URL(link);
    expect(url.hash.startsWith('#s=')).toBe(true);
    const { scenario, cursor } = useSandbox.getState();
    resetStore();
    history.replaceState(null, '', url.hash);
    await restoreStartState(useSandbox);
    expect(useSandbox.getState().scenario).toEqual(scenario);
    expect(useSandbox.getState().cursor).toBe(cursor);
    expect(location.hash).toBe(''); // a reload shows later work, not the link again
  });

  it('takes a link away once the log filters or the selection it carries change', async () => {
    const user = userEvent.setup();
    render(<ShareLink />);
    await user.click(screen.getByRole('button', { name: 'Share link' }));
    expect(await screen.findByRole('textbox', { name: 'Share link URL' })).toBeTruthy();
    act(() => useSandbox.getState().filterLog({ kind: 'group' }));
    expect(screen.queryByRole('textbox', { name: 'Share link URL' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Share link' }));
    expect(await screen.findByRole('textbox', { name: 'Share link URL' })).toBeTruthy();
    act(() => useSandbox.getState().select({ kind: 'device', id: '00:02.0' }));
    expect(screen.queryByRole('textbox', { name: 'Share link URL' })).toBeNull();
  });

  it('says the link leaves out settings edited and not booted yet', async () => {
    const user = userEvent.setup();
    useSandbox.getState().editDraft({ cmdline: 'iommu=pt' });
    render(<ShareLink />);
    await user.click(screen.getByRole('button', { name: 'Share link' }));
    expect((await screen.findByRole('status')).textContent).toBe(
      'Link copied (settings not booted yet are not in it)',
    );
    const link = (screen.getByRole('textbox', { name: 'Share link URL' }) as HTMLInputElement).value;
    const opened = await openShareHash(new URL(link).hash);
    expect(opened.kind === 'ok' && opened.scenario.cmdline).not.toBe('iommu=pt');
  });

  it('opens a link cut in half on the saved state, with a clear message', async () => {
    const saved = { ...structuredClone(SMALL), name: 'What I was doing' };
    writeSaved({ v: 1, scenario: saved, cursor: 0, libraryId: null, positions: {} });
    const hash = shareHash({ ...SMALL, name: 'Shared' }, 0);
    history.replaceState(null, '', hash.slice(0, Math.floor(hash.length / 2)));
    render(<NoticeBar />);
    await restoreStartState(useSandbox);
    expect(useSandbox.getState().scenario.name).toBe('What I was doing');
    expect(await screen.findByText(/^The share link is damaged: /)).toBeTruthy();
  });

  it('opens a hand-edited link on the default state, naming what is wrong', async () => {
    const bad = { ...SMALL, steps: [{ op: 'boot' }, { op: 'bind', device: '07:00.0' }] };
    const { compressToEncodedURIComponent } = await import('lz-string');
    history.replaceState(
      null,
      '',
      `#s=${compressToEncodedURIComponent(JSON.stringify({ v: 1, scenario: bad, cursor: 1 }))}`,
    );
    expect(localStorage.getItem(STORAGE_KEY)).toBeNull();
    const before = useSandbox.getState().scenario;
    await restoreStartState(useSandbox);
    expect(useSandbox.getState().scenario).toBe(before);
    const notice = useSandbox.getState().notice;
    expect(notice?.kind).toBe('error');
    expect(notice?.text).toMatch(/^The share link is damaged: its scenario is not valid: steps\[1\]\.device/);
  });

  it('round-trips through the pure functions too', async () => {
    const opened = await openShareHash(shareHash(SMALL, 0));
    expect(opened).toMatchObject({ kind: 'ok', cursor: 0 });
  });
});
