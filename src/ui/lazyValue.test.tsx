// @vitest-environment jsdom
import { act, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { lazyValue, useLazyValue } from './lazyValue';

const load = vi.fn(() => Promise.resolve((n: number) => n * 2));
const double = lazyValue(load);

function Show({ n }: { n: number }) {
  const f = useLazyValue(double);
  return <p>{f ? f(n) : `loading ${n}`}</p>;
}

describe('lazyValue', () => {
  it('gives null, then the loaded value, and loads once for every component', async () => {
    render(
      <>
        <Show n={1} />
        <Show n={2} />
      </>,
    );
    expect(screen.getByText('loading 1')).toBeTruthy();
    await act(async () => {});
    expect(screen.getByText('2')).toBeTruthy();
    expect(screen.getByText('4')).toBeTruthy();
    // A component mounted later has the value at once.
    render(<Show n={5} />);
    expect(screen.getByText('10')).toBeTruthy();
    expect(load).toHaveBeenCalledTimes(1);
  });
});
