/** The sysfs bind file: what it answers for a device that already has a driver. */
import { describe, expect, it } from 'vitest';
import { runScenario } from './run';
import type { KernelId } from './types';

describe('binding a device that already has a driver', () => {
  it('5.x: bind_store probes only a driverless device (-ENODEV); 6.1: __driver_probe_device says -EBUSY', () => {
    const bindTwice = (kernel: KernelId) =>
      runScenario({
        format: 'iommu-sandbox/scenario@1',
        kernel,
        devices: [{ bdf: '00:02.0', type: 'rc-endpoint', driver: { name: 'e1000e' } }],
        steps: [{ op: 'boot' }, { op: 'bind', device: '00:02.0', driver: 'igb' }],
      }).steps[1]!;
    expect(bindTwice('v5.3').error).toMatch(/^-ENODEV: 0000:00:02\.0 is already bound to e1000e/);
    expect(bindTwice('v5.11').error).toMatch(/^-ENODEV: /);
    expect(bindTwice('v6.1').error).toMatch(/^-EBUSY: 0000:00:02\.0 is already bound to e1000e/);
  });
});
