// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIX_IDS } from '../kernel/types';
import { useSandbox } from '../store';
import { WORLDS } from './compare/worlds';
import { FixSwitches } from './FixSwitches';
import { KernelSelect } from './KernelSelect';
import { resetStore } from './ui.helpers';
import { WorldContext } from './world';

beforeEach(() => resetStore());
afterEach(cleanup);

describe('Review fixes', () => {
  it('names each fix in plain words, never by a section of the model document', () => {
    // v3-sewart is the kernel whose 32-bit fallback was named "§7.B point 5".
    useSandbox.getState().editDraft({ kernel: 'v3-sewart' });
    render(<FixSwitches />);
    const group = screen.getByRole('group', { name: 'Review fixes' });
    // The name scenario files and the CLI's --fix take, not the model's catalogue name.
    expect(group.textContent).toContain('b-32bit-fallback');
    expect(group.textContent).not.toMatch(/§/);
  });

  it('runs another kernel with its own fixes: a switch turned off before goes back to that kernel’s default', async () => {
    useSandbox.getState().editDraft({ kernel: 'v5.3', fixes: { 'si-domain-free-guard': false } });
    render(
      <>
        <KernelSelect />
        <FixSwitches />
      </>,
    );
    const guard = screen.getByRole('checkbox', { name: 'si_domain is never freed' });
    expect((guard as HTMLInputElement).checked).toBe(false);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Kernel' }), 'v6.1');
    expect(screen.getByRole<HTMLInputElement>('checkbox', { name: 'si_domain is never freed' }).checked).toBe(
      true,
    );
    expect(useSandbox.getState().draft.fixes).toEqual({});
  });

  it("gives the scenario's own fixes back with its kernel", async () => {
    const s = useSandbox.getState().scenario;
    useSandbox.getState().load({ ...s, kernel: 'v5.3', fixes: { 'si-domain-free-guard': false } });
    render(
      <>
        <KernelSelect />
        <FixSwitches />
      </>,
    );
    const guard = () => screen.getByRole<HTMLInputElement>('checkbox', { name: 'si_domain is never freed' });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Kernel' }), 'v6.1');
    expect(guard().checked).toBe(true);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Kernel' }), 'v5.3');
    expect(guard().checked).toBe(false);
  });

  it("keeps a comparison pane's fixes when its kernel changes: they are what is compared", async () => {
    WORLDS.right.store.getState().editDraft({ kernel: 'v5.3', fixes: { 'si-domain-free-guard': false } });
    render(
      <WorldContext.Provider value={WORLDS.right}>
        <KernelSelect />
        <FixSwitches />
      </WorldContext.Provider>,
    );
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Kernel (right)' }), 'v5.7');
    expect(
      screen.getByRole<HTMLInputElement>('checkbox', { name: 'si_domain is never freed (right)' }).checked,
    ).toBe(false);
  });

  it('keeps the fix ids scenario files and share links use', () => {
    expect(FIX_IDS).toContain('b-32bit-fallback');
  });
});
