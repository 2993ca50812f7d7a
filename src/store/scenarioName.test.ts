import { describe, expect, it } from 'vitest';
import { descriptionOnKernel, nameOnKernel } from './scenarioName';

describe('a scenario booted on another kernel is named after it', () => {
  it('replaces the kernel a library name ends with', () => {
    expect(nameOnKernel('Typical laptop (Debian 6.1)', 'v6.1', 'v5.3')).toBe('Typical laptop (5.3)');
    expect(nameOnKernel('Default machine (QEMU q35, Debian 6.1)', 'v6.1', 'v3-sewart')).toBe(
      'Default machine (QEMU q35, v3)',
    );
    expect(nameOnKernel('Review: iommu=pt and a 32-bit-only device (6.1)', 'v6.1', 'v5.8')).toBe(
      'Review: iommu=pt and a 32-bit-only device (5.8)',
    );
  });

  it('comes back to the same name when booted on the first kernel again', () => {
    const there = nameOnKernel('Typical laptop (Debian 6.1)', 'v6.1', 'v5.11');
    expect(nameOnKernel(there, 'v5.11', 'v6.1')).toBe('Typical laptop (Debian 6.1)');
    const away = nameOnKernel('Review: guard off (the reviewed series)', 'v5.3', 'v5.8');
    expect(away).toBe('Review: guard off (the reviewed series) on 5.8');
    expect(nameOnKernel(away, 'v5.8', 'v5.11')).toBe('Review: guard off (the reviewed series) on 5.11');
  });

  it('does not read 5.11 as 5.1, nor touch a kernel named earlier in the name', () => {
    expect(nameOnKernel('Bisect (5.11)', 'v5.1', 'v5.3')).toBe('Bisect (5.11) on 5.3');
    expect(nameOnKernel('5.3 regression', 'v5.3', 'v5.7')).toBe('5.3 regression on 5.7');
  });

  it('keeps the name when the kernel is the same, and no name when there is none', () => {
    expect(nameOnKernel('Mine', 'v5.3', 'v5.3')).toBe('Mine');
    expect(nameOnKernel(undefined, 'v5.3', 'v6.1')).toBeUndefined();
  });
});

describe('descriptionOnKernel', () => {
  const text = 'Without the guard, hot-removing the nic frees the shared si_domain.';

  it('opens with the kernel the text was written for, and keeps that through further boots', () => {
    const on61 = descriptionOnKernel(text, 'v5.3', 'v6.1');
    expect(on61).toBe(`Written for v5.3; booted here on v6.1. ${text}`);
    expect(descriptionOnKernel(on61, 'v6.1', 'v5.8')).toBe(`Written for v5.3; booted here on v5.8. ${text}`);
  });

  it('reads as written again on its own kernel, and is left alone on the same kernel or when absent', () => {
    const away = descriptionOnKernel(text, 'v5.3', 'v5.11');
    expect(descriptionOnKernel(away, 'v5.11', 'v5.3')).toBe(text);
    expect(descriptionOnKernel(text, 'v5.3', 'v5.3')).toBe(text);
    expect(descriptionOnKernel(undefined, 'v5.3', 'v6.1')).toBeUndefined();
  });
});
