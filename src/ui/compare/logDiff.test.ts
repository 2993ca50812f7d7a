import { describe, expect, it } from 'vitest';
import type { KernelEvent } from '../../kernel/types';
import { unmatchedLines } from './logDiff';

const line = (message: string, device?: string, fn = 'iommu_group_add_device'): KernelEvent => ({
  fn,
  message,
  kind: 'group',
  level: 'info',
  why: '',
  ...(device ? { device } : {}),
});

describe('unmatchedLines', () => {
  it('pairs identical lines whatever their order', () => {
    const a = [line('Adding to iommu group 0', '00:00.0'), line('Adding to iommu group 1', '00:02.0')];
    expect(unmatchedLines(a, [...a].reverse())).toEqual(new Set());
  });

  it('marks a line the other kernel printed about another device, or with other words', () => {
    const mine = [line('Adding to iommu group 0', '00:00.0'), line('Adding to iommu group 1', '00:02.0')];
    const other = [line('Adding to iommu group 0', '00:02.0'), line('Adding to iommu group 1', '00:02.0')];
    expect(unmatchedLines(mine, other)).toEqual(new Set([0]));
    expect(unmatchedLines(other, mine)).toEqual(new Set([0]));
  });

  it('counts repeats: a line printed twice against once leaves the second unmatched', () => {
    const twice = [line('identity mapping'), line('identity mapping')];
    expect(unmatchedLines(twice, [line('identity mapping')])).toEqual(new Set([1]));
  });

  it('tells lines apart by the kernel function that printed them', () => {
    expect(unmatchedLines([line('x', undefined, 'a')], [line('x', undefined, 'b')])).toEqual(new Set([0]));
  });
});
