/**
 * Deferred attach in a kdump kernel beyond the first probe: 5.3's __iommu_attach_device skips a
 * deferred device for every caller; from 5.6.15/5.7 ("iommu: Fix deferred domain attachment")
 * only iommu_group_add_device does, so a new default domain or vfio's domain really attaches.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from './run';
import type { KernelId, RunResult } from './types';

const attachOf = (r: RunResult, step: number, bdf: string) =>
  r.steps[step]!.state.devices.find((d) => d.bdf === bdf)!.attach;

describe('deferred devices and later attaches', () => {
  it('vfio: 5.3 leaves the device on the old context (no oops); 5.7 attaches it to the VM domain', () => {
    const claim = (kernel: KernelId) =>
      runScenario({
        format: 'iommu-sandbox/scenario@1',
        kernel,
        machine: { kdump: true },
        devices: [
          { bdf: '00:00.0', type: 'host-bridge' },
          { bdf: '00:03.0', type: 'rc-endpoint', class: '0200' },
        ],
        steps: [
          { op: 'boot' },
          { op: 'bind', device: '00:03.0', driver: 'vfio-pci' },
          { op: 'vfio-claim', group: 1 },
        ],
      });
    const r53 = claim('v5.3');
    expect(r53.steps[2]!.ok).toBe(true);
    expect(r53.faults).toEqual([]);
    expect(attachOf(r53, 2, '00:03.0')).toBe('deferred');
    const r57 = claim('v5.7');
    expect(r57.steps[2]!.ok).toBe(true);
    expect(attachOf(r57, 2, '00:03.0')).toBe('attached');
  });

  it('a new default domain at boot (igfx_off): 5.3 keeps the GPU deferred, 5.7 attaches it to si_domain', () => {
    const boot = (kernel: KernelId) =>
      runScenario({
        format: 'iommu-sandbox/scenario@1',
        kernel,
        cmdline: 'intel_iommu=igfx_off',
        machine: { kdump: true },
        devices: [{ bdf: '00:02.0', type: 'rc-endpoint', class: '0300', vendor: 'intel' }],
        steps: [{ op: 'boot' }],
      });
    expect(attachOf(boot('v5.3'), 0, '00:02.0')).toBe('deferred');
    const r57 = boot('v5.7');
    expect(attachOf(r57, 0, '00:02.0')).toBe('attached');
    expect(r57.steps[0]!.state.devices[0]!.domain).toBe(
      r57.steps[0]!.state.domains.find((d) => d.type === 'identity')!.id,
    );
  });
});

describe('6.1 kdump: releasing a device whose attach is still deferred', () => {
  const remove = (kernel: KernelId, dmaFirst: boolean) =>
    runScenario({
      format: 'iommu-sandbox/scenario@1',
      kernel,
      machine: { kdump: true },
      cmdline: 'intel_iommu=on',
      devices: [
        { bdf: '00:00.0', type: 'host-bridge' },
        { bdf: '00:03.0', type: 'rc-endpoint', class: '0108', driver: { name: 'nvme' } },
      ],
      steps: [
        { op: 'boot' },
        ...(dmaFirst ? [{ op: 'dma' as const, device: '00:03.0' }] : []),
        { op: 'hot-remove', device: '00:03.0' },
      ],
    }).steps.at(-1)!;

  it('oopses in dmar_remove_one_dev_info (info->domain is NULL)', () => {
    const step = remove('v6.1', false);
    expect(step.ok).toBe(false);
    expect(step.error).toMatch(/^-EFAULT: kernel oops in dmar_remove_one_dev_info\(\)/);
    // The first line of the oops: the NULL domain's lock, at offset 0x1c of struct dmar_domain.
    expect(step.events.map((e) => e.message)).toContain(
      'BUG: kernel NULL pointer dereference, address: 000000000000001c',
    );
  });

  it('is fine once the first DMA map attached it, and in 5.11 (the DEFER marker is no domain info)', () => {
    expect(remove('v6.1', true).ok).toBe(true);
    expect(remove('v5.11', false).ok).toBe(true);
  });
});
