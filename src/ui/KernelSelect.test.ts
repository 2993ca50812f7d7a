import { describe, expect, it } from 'vitest';
import { KERNEL_INFO } from './KernelSelect';

describe('the Kernel select', () => {
  it('describes each upstream kernel by the name the select and the source links use', () => {
    for (const k of ['v5.1', 'v5.3', 'v5.7', 'v5.8', 'v5.11'] as const) {
      expect(KERNEL_INFO[k].short.startsWith(`${k} `), k).toBe(true);
      expect(KERNEL_INFO[k].long, k).toContain(`(${k})`);
    }
    expect(KERNEL_INFO['v5.1'].long).not.toContain('5.0/5.2');
    expect(KERNEL_INFO['v5.3'].long).not.toContain('5.3.1');
  });
});
