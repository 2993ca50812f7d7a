/**
 * Names and line formats a kernel developer checks against the source: __warn's WARNING line,
 * the function that answers "is this attach deferred?", and the function whose rule gives a
 * device a group of its own.
 */
import { describe, expect, it } from 'vitest';
import { dmesgLine } from './dmesg';
import { applyStep, createMachine, runScenario } from './run';
import type { KernelId } from './types';

describe("WARN_ON's line (kernel/panic.c __warn)", () => {
  it('6.1 domain_exit with devices still listed: "WARNING: CPU: … PID: … at <file>:… <fn>+0x…/0x…"', () => {
    const r = runScenario({
      format: 'iommu-sandbox/scenario@1',
      kernel: 'v6.1',
      cmdline: 'intel_iommu=on iommu=pt',
      fixes: { 'si-domain-free-guard': false },
      devices: [
        { bdf: '00:02.0', type: 'rc-endpoint' },
        { bdf: '00:03.0', type: 'rc-endpoint' },
      ],
      steps: [{ op: 'boot' }, { op: 'hot-remove', device: '00:02.0' }],
    });
    const warnings = r.steps[1]!.events.filter((e) => !e.silent && e.message.startsWith('WARNING'));
    expect(warnings.map(dmesgLine)).toEqual([
      'WARNING: CPU: … PID: … at drivers/iommu/intel/iommu.c:… domain_exit+0x…/0x…',
    ]);
    expect(warnings[0]!.level).toBe('warn');
    // The condition is never printed by __warn: it is in the explanation.
    expect(warnings[0]!.why).toContain('WARN_ON(!list_empty(&domain->devices))');
  });
});

describe('the deferral (kdump)', () => {
  const deferred = (kernel: KernelId) =>
    runScenario({
      format: 'iommu-sandbox/scenario@1',
      kernel,
      machine: { kdump: true },
      devices: [{ bdf: '00:03.0', type: 'rc-endpoint', class: '0200' }],
      steps: [{ op: 'boot' }],
    }).steps[0]!.events.find((e) => e.kind === 'kdump' && e.message.startsWith('attach to'))!;

  it('is answered by intel_iommu_is_attach_deferred, asked from __iommu_attach_device up to 5.6.14', () => {
    const e = deferred('v5.3');
    expect(e.fn).toBe('intel_iommu_is_attach_deferred');
    expect(e.why).toContain(
      'iommu_group_add_device → __iommu_attach_device asks intel_iommu_is_attach_deferred()',
    );
  });

  it('from 5.7 by iommu_is_attach_deferred in the caller that attaches', () => {
    expect(deferred('v5.7').why).toContain('iommu_group_add_device → iommu_is_attach_deferred');
    expect(deferred('v6.1').why).toContain('iommu_group_do_dma_attach → iommu_is_attach_deferred');
    for (const k of ['v5.7', 'v5.8', 'v5.11', 'v6.1'] as const)
      expect(deferred(k).fn, k).toBe('intel_iommu_is_attach_deferred');
  });
});

it("a device that shares nothing gets its group by pci_device_group's last rule (which calls iommu_group_alloc)", () => {
  const m = applyStep(
    createMachine({
      format: 'iommu-sandbox/scenario@1',
      kernel: 'v5.3',
      cmdline: 'intel_iommu=on',
      devices: [{ bdf: '00:02.0', type: 'rc-endpoint' }],
      steps: [],
    }),
    { op: 'boot' },
  ).machine;
  expect(m.devices['00:02.0']!.groupWhyFn).toBe('pci_device_group');
});
