import { describe, expect, it } from 'vitest';
import type { Difference } from '../../compare/diff';
import { firstDifference, newByStep } from './differences';

const diff = (step: number, kind: Difference['kind'], left: string, right: string): Difference => ({
  step,
  kind,
  devices: ['00:02.0'],
  left,
  right,
  via: { left: [], right: [] },
});

describe('where differences appear', () => {
  it('counts at each step only the differences new at it, and leaves out steps that only carry some', () => {
    const all = [
      diff(1, 'dma', 'ok', 'fault'),
      diff(1, 'fault', '—', 'use-after-free'),
      // Carried over from step 1: not new at 2, so step 2 has nothing new.
      diff(2, 'dma', 'ok', 'fault'),
      diff(3, 'dma', 'ok', 'fault'),
      diff(3, 'partition', '{00:02.0}', 'no group'),
    ];
    expect(newByStep(all)).toEqual([
      [1, 2],
      [3, 1],
    ]);
    expect(firstDifference(all)).toBe(1);
  });

  it('a fault or an error at a step is new at it even if the step before had the same', () => {
    const all = [diff(0, 'error', 'ok', '-EBUSY'), diff(1, 'error', 'ok', '-EBUSY')];
    expect(newByStep(all)).toEqual([
      [0, 1],
      [1, 1],
    ]);
  });

  it('is the boot when the worlds never differ', () => {
    expect(newByStep([])).toEqual([]);
    expect(firstDifference([])).toBe(0);
  });
});
