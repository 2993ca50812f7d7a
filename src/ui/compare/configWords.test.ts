import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../kernel/types';
import { configWords } from './ComparePane';

const world = (over: Partial<Scenario>): Scenario => ({
  format: 'iommu-sandbox/scenario@1',
  kernel: 'v5.3',
  devices: [{ bdf: '00:00.0', type: 'host-bridge' }],
  steps: [],
  ...over,
});

describe('a pane’s configuration badges', () => {
  it('name a fix a world switched, not those that only follow the kernels’ versions', () => {
    // 5.11 against 6.1: the kdump fixes differ by version; the kernels' names say so.
    expect(configWords(world({ kernel: 'v5.11' }), world({ kernel: 'v6.1' }))).toEqual([
      'v5.11',
      'no parameters',
    ]);
    const off = world({ fixes: { 'si-domain-free-guard': false } });
    expect(configWords(off, world({}))).toContain('without: si_domain is never freed');
    // Switched on a kernel pair, it is shown too.
    const multi = world({ kernel: 'v6.1', fixes: { 'si-domain-free-guard': false } });
    expect(configWords(multi, world({ kernel: 'v5.11' }))).toContain('without: si_domain is never freed');
  });
});
