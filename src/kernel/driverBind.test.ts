/** Binding drivers: what the kernel refuses, and why. */
import { describe, expect, it } from 'vitest';
import { runScenario } from './run';
import type { KernelId } from './types';

function bindVfio(kernel: KernelId, cmdline: string) {
  return runScenario({
    format: 'iommu-sandbox/scenario@1',
    kernel,
    cmdline,
    devices: [{ bdf: '00:02.0', type: 'rc-endpoint' }],
    steps: [{ op: 'boot' }, { op: 'bind', device: '00:02.0', driver: 'vfio-pci' }],
  }).steps[1]!;
}

describe('vfio-pci', () => {
  it('refuses a device without an IOMMU group (vfio_pci_probe: -EINVAL), whatever the reason', () => {
    for (const kernel of ['v5.1', 'v5.3', 'v6.1'] as const) {
      const off = bindVfio(kernel, 'intel_iommu=off');
      expect(off.ok, kernel).toBe(false);
      expect(off.error).toBe('-EINVAL: vfio-pci: 0000:00:02.0 has no iommu group');
      expect(bindVfio(kernel, 'intel_iommu=on').ok, kernel).toBe(true);
    }
  });
});
