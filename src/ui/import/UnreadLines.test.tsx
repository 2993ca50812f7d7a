// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { importMachine } from '../../import/importMachine';
import { UnreadLines } from './UnreadLines';

afterEach(cleanup);

describe('the lines a paste had that could not be read', () => {
  it('counts every one in its heading, the ones past the list’s cap too', () => {
    const r = importMachine({ groups: 'garbage\n'.repeat(1000), lspci: '' });
    render(<UnreadLines lines={r.unread} />);
    expect(screen.getByText('1000 lines could not be read')).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Lines that could not be read' }).children.length).toBeLessThan(
      1000,
    );
  });
});
