// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LESSONS } from '../../lessons/catalog';
import { useLessons } from '../../lessons/progress';
import { useSandbox } from '../../store';
import { resetStore } from '../ui.helpers';
import { LessonsButton } from './LessonsButton';

beforeEach(() => {
  resetStore();
  useLessons.setState({ completed: [], current: null, hints: {}, explained: [] });
});
afterEach(cleanup);

async function openPanel() {
  const user = userEvent.setup();
  render(
    <div className="app">
      <header>
        <LessonsButton />
      </header>
    </div>,
  );
  await user.click(screen.getByRole('button', { name: 'Lessons' }));
  const panel = await screen.findByRole('complementary', { name: 'Lessons' });
  return { user, panel };
}

const sandbox = () => useSandbox.getState();

describe('Lessons panel', () => {
  it('links the first use of a glossary word in a lesson’s intro, once for all its paragraphs', async () => {
    const { user, panel } = await openPanel();
    await user.click(within(panel).getByRole('button', { name: /kdump kernel and the crashed/ }));
    const intro = [...panel.querySelectorAll<HTMLElement>('.lesson-intro')];
    expect(intro[0]!.textContent).toMatch(/kdump/);
    expect(await within(intro[0]!).findByRole('button', { name: 'kdump' })).toBeTruthy();
    // The second paragraph says kdump again: linked once is enough.
    expect(intro[1]!.textContent).toMatch(/kdump/);
    expect(within(intro[1]!).queryByRole('button', { name: 'kdump' })).toBeNull();
  });

  it('opens from the header button, docked in the page frame, and lists every lesson', async () => {
    const { panel } = await openPanel();
    expect(screen.getByRole('button', { name: 'Lessons' }).getAttribute('aria-expanded')).toBe('true');
    expect(panel.parentElement?.className).toBe('app');
    const list = within(panel).getByRole('list', { name: 'All lessons' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(LESSONS.length);
    expect(within(panel).getByText(`0 of ${LESSONS.length} completed`)).toBeTruthy();
  });

  it('takes the first lesson to its goal: start, hints one by one, live status, success, completed', async () => {
    const { user, panel } = await openPanel();
    await user.click(within(panel).getByRole('button', { name: 'What is an IOMMU group?' }));
    expect(within(panel).getByRole('status').textContent).toMatch(
      /^Goal not reached yet: press Start lesson/,
    );

    await user.click(within(panel).getByRole('button', { name: 'Start lesson' }));
    expect(sandbox().scenario.name).toBe(LESSONS[0]?.scenario.name);
    expect(within(panel).getByRole('status').textContent).toBe('Goal not reached yet');

    const show = within(panel).getByRole('button', { name: 'Show hint' });
    await user.click(show);
    await user.click(show);
    expect(within(panel).getAllByRole('listitem')).toHaveLength(2);
    await user.click(show);
    expect(within(panel).queryByRole('button', { name: 'Show hint' })).toBeNull();
    const last = within(panel).getAllByRole('listitem')[2];
    // Control names are bold elements, not markup characters.
    expect(last?.querySelector('strong')?.textContent).toBe('Boot');
    expect(last?.textContent).not.toContain('**');

    act(() => sandbox().boot());
    expect(within(panel).getByRole('status').textContent).toBe('Goal not reached yet');
    // A wrong pick is named, in words with the control names in bold.
    act(() => sandbox().select({ kind: 'device', id: '01:00.1' }));
    const status = within(panel).getByRole('status');
    expect(status.textContent).toMatch(/^Goal not reached yet: You selected the HDMI sound device itself/);
    expect(status.querySelector('strong')?.textContent).toBe('Group');
    act(() => sandbox().select({ kind: 'group', id: 3 }));
    expect(within(panel).getByRole('status').textContent).toBe('Goal reached: read What happened below.');
    expect(within(panel).getByRole('region', { name: 'What happened' }).textContent).toContain(
      'pci_device_group()',
    );
    expect(useLessons.getState().completed).toEqual(['first-group']);
    expect(within(panel).getByText('Completed')).toBeTruthy();
    // Selecting something else undoes the goal, not the lesson.
    act(() => sandbox().select({ kind: 'group', id: 4 }));
    // …and a wrong pick is still named.
    expect(within(panel).getByRole('status').textContent).toBe(
      'Goal reached earlier; the sandbox does not show it now: IOMMU group 4 holds 02:00.0, not the HDMI sound device 01:00.1.',
    );
    expect(useLessons.getState().completed).toEqual(['first-group']);

    await user.click(within(panel).getByRole('button', { name: 'Next lesson' }));
    expect(within(panel).getByRole('heading', { name: LESSONS[1]?.title ?? '' })).toBeTruthy();
    await user.click(within(panel).getByRole('button', { name: 'All lessons' }));
    const first = within(panel).getAllByRole('listitem')[0];
    expect(first?.textContent).toContain('Completed');
  });

  it('completes the si_domain lesson only once its question is answered right', async () => {
    const si = LESSONS.find((l) => l.id === 'si-domain-freed');
    useLessons.getState().choose(si?.id ?? null);
    const { user, panel } = await openPanel();
    await user.click(within(panel).getByRole('button', { name: 'Start lesson' }));
    act(() => {
      sandbox().editDraft({ fixes: { 'si-domain-free-guard': false } });
      sandbox().boot();
      sandbox().act({ op: 'hot-remove', device: '00:02.0' });
    });
    expect(within(panel).getByRole('status').textContent).toBe(
      'Goal reached: read What happened, then answer the question below.',
    );
    expect(useLessons.getState().completed).toEqual([]);

    const group = within(panel).getByRole('group', { name: /^Explain:/ });
    await user.click(within(group).getByRole('radio', { name: /driver was still bound/ }));
    await user.click(within(panel).getByRole('button', { name: 'Check answer' }));
    expect(within(panel).getByText(/hot-remove unbinds the driver first/)).toBeTruthy();
    expect(useLessons.getState().completed).toEqual([]);

    await user.click(within(group).getByRole('radio', { name: /si_domain is shared/ }));
    await user.click(within(panel).getByRole('button', { name: 'Check answer' }));
    expect(within(panel).getByRole('status').textContent).toBe('Goal reached: read What happened below.');
    expect(useLessons.getState().completed).toEqual([si?.id]);
  });

  it('closes with Escape and with Close lessons, giving focus back to the button', async () => {
    const { user, panel } = await openPanel();
    await user.click(within(panel).getByRole('button', { name: 'What is an IOMMU group?' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('complementary', { name: 'Lessons' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Lessons' }));

    await user.click(screen.getByRole('button', { name: 'Lessons' }));
    const again = await screen.findByRole('complementary', { name: 'Lessons' });
    // The lesson being taken is remembered.
    expect(within(again).getByRole('heading', { name: 'What is an IOMMU group?' })).toBeTruthy();
    await user.click(within(again).getByRole('button', { name: 'Close lessons' }));
    expect(screen.queryByRole('complementary', { name: 'Lessons' })).toBeNull();
  });
});
