// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIX_IDS } from '../kernel/types';
import { useSandbox } from '../store';
import { FixSwitches } from './FixSwitches';
import { resetStore } from './ui.helpers';

beforeEach(() => resetStore());
afterEach(cleanup);

describe('Review fixes', () => {
  it('names each fix in plain words, never by a section of the model document', () => {
    // v3-sewart is the kernel whose 32-bit fallback was named "§7.B point 5".
    useSandbox.getState().editDraft({ kernel: 'v3-sewart' });
    render(<FixSwitches />);
    const group = screen.getByRole('group', { name: 'Review fixes' });
    expect(group.textContent).toContain('32bit-fallback');
    expect(group.textContent).not.toMatch(/§/);
  });

  it('keeps the fix ids scenario files and share links use', () => {
    expect(FIX_IDS).toContain('b-32bit-fallback');
  });
});
