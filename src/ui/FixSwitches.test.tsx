// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIX_IDS } from '../kernel/types';
import { useSandbox } from '../store';
import { FixSwitches } from './FixSwitches';
import { KernelSelect } from './KernelSelect';
import { resetStore } from './ui.helpers';

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

  it('keeps the fix ids scenario files and share links use', () => {
    expect(FIX_IDS).toContain('b-32bit-fallback');
  });
});
