// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rightWorld, useCompare, useSandbox } from '../../store';
import { CompareConfig } from './CompareConfig';
import { openSiFree } from './compare.helpers';
import { DifferencesPanel } from './DifferencesPanel';
import { ReviewSummary } from './ReviewSummary';

beforeEach(openSiFree);
afterEach(() => {
  cleanup();
  useCompare.getState().stop();
});

const panel = () => screen.getByRole('region', { name: 'Differences' });

describe('Differences panel', () => {
  it('lists the differences at the viewed step, naming the kernel functions', () => {
    render(<DifferencesPanel />);
    expect(within(panel()).getByText('same state')).toBeTruthy();
    act(() => useSandbox.getState().seek(1));
    const rows = within(panel()).getByRole('list', { name: 'Differences at this step' });
    const fault = within(rows).getByRole('button', { name: /^fault .*use-after-free/ });
    expect(fault.textContent).toMatch(/Left —.*Right use-after-free/);
    expect(within(rows).getByRole('button', { name: /− si_domain/ }).textContent).toContain(
      'intel_iommu_domain_free()',
    );
    // The host bridge loses its context too, but it never masters the bus: not a difference.
    expect(within(panel()).getByText(/4 differ, 4 new/)).toBeTruthy();
  });

  it('picks a difference to highlight it in both panes, and jumps to the steps that have some', async () => {
    const user = userEvent.setup();
    render(<DifferencesPanel />);
    const steps = within(panel()).getByRole('navigation', { name: 'Steps where differences appear' });
    // Each counts what appears at it, not what the steps before left.
    expect(
      within(steps)
        .getAllByRole('button')
        .map((b) => [b.textContent, b.getAttribute('aria-label')]),
    ).toEqual([
      ['step 1 (4 new)', 'step 1 (4 new differences)'],
      ['step 2 (2 new)', 'step 2 (2 new differences)'],
      ['step 3 (1 new)', 'step 3 (1 new difference)'],
    ]);
    await user.click(within(steps).getByRole('button', { name: 'step 3 (1 new difference)' }));
    expect(useSandbox.getState().cursor).toBe(3);
    expect(rightWorld.getState().cursor).toBe(3);
    const row = within(panel()).getByRole('button', { name: /double-free/ });
    await user.click(row);
    expect(row.getAttribute('aria-pressed')).toBe('true');
    expect(useCompare.getState().picked).toMatch(/^fault\|/);
    await user.click(row);
    expect(useCompare.getState().picked).toBeNull();
  });
});

describe('compare mode settings', () => {
  it('names each control after its pane, and Boot applies both', async () => {
    const user = userEvent.setup();
    render(<CompareConfig hidden={false} />);
    expect((screen.getByRole('combobox', { name: 'Kernel (left)' }) as HTMLSelectElement).value).toBe('v5.3');
    expect(screen.getByRole('textbox', { name: 'Kernel command line (right)' })).toBeTruthy();
    expect(
      (screen.getByRole('checkbox', { name: 'si_domain is never freed (left)' }) as HTMLInputElement).checked,
    ).toBe(true);
    expect(
      (screen.getByRole('checkbox', { name: 'si_domain is never freed (right)' }) as HTMLInputElement)
        .checked,
    ).toBe(false);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Kernel (right)' }), 'v6.1');
    expect(screen.getByText(/Changed \(right\): Boot runs both worlds again/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Boot' }));
    expect(rightWorld.getState().scenario.kernel).toBe('v6.1');
    expect(useSandbox.getState().scenario.kernel).toBe('v5.3');
    expect(screen.getByText('Both worlds run these settings.')).toBeTruthy();
  });
});

describe('Copy review summary', () => {
  it('shows the summary in a read-only box when the clipboard is not available', async () => {
    const user = userEvent.setup();
    render(<ReviewSummary />);
    await user.click(screen.getByRole('button', { name: 'Copy review summary' }));
    const box = (await screen.findByRole('textbox', { name: 'Review summary text' })) as HTMLTextAreaElement;
    expect(box.readOnly).toBe(true);
    expect(box.value).toMatch(/^IOMMU Sandbox comparison[^\n]*\nMachine and steps of the scenario "E7/);
    expect(box.value).toMatch(/Differences \(\d+\):/);
    expect(document.activeElement).toBe(box);
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('textbox', { name: 'Review summary text' })).toBeNull();
  });

  it('says it copied through a status region that was there, empty, before the clipboard answered', async () => {
    const user = userEvent.setup();
    let answer = () => {};
    const writeText = () => new Promise<void>((resolve) => (answer = resolve));
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(<ReviewSummary />);
    await user.click(screen.getByRole('button', { name: 'Copy review summary' }));
    const dialog = await screen.findByRole('dialog', { name: 'Review summary' });
    const status = within(dialog).getByRole('status');
    expect(status.textContent).toBe('');
    await act(async () => answer());
    expect(status.textContent).toBe('Copied to the clipboard.');
  });
});
