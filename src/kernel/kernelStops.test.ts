/**
 * Where a 5.3/5.7 kernel stops dead in the middle of a step, and what the step shows then: the
 * events up to that point, a kernel-crash fault, an error answer, and no step after it but a
 * reboot or a crash.
 */
import { describe, expect, it } from 'vitest';
import { dmesgLine } from './dmesg';
import { runScenario } from './run';
import type { KernelId, RunResult, Scenario, Step } from './types';

// A root port without ACS, a PCIe-to-PCI bridge and a conventional device behind it: one group,
// whose first member asks for identity (iommu=pt) and whose others need DMA.
function bridgeGroup(kernel: KernelId, kdump: boolean): RunResult {
  const s: Scenario = {
    format: 'iommu-sandbox/scenario@1',
    kernel,
    cmdline: 'iommu=pt',
    machine: { kdump },
    devices: [
      { bdf: '00:1d.0', type: 'root-port', acs: false },
      { bdf: '01:00.0', type: 'pcie-to-pci-bridge', parent: '00:1d.0' },
      { bdf: '02:01.0', type: 'pci', parent: '01:00.0' },
    ],
    steps: [{ op: 'boot' }, { op: 'bind', device: '02:01.0', driver: { name: 'ata_generic' } }],
  };
  return runScenario(s);
}

const kernelLines = (r: RunResult, step: number) =>
  r.steps[step]!.events.filter((e) => !e.silent).map(dmesgLine);

describe('5.3 kdump: the private-domain fallback meets the DEFER marker', () => {
  it('oopses in __dmar_remove_one_dev_info while the kdump kernel boots', () => {
    const r = bridgeGroup('v5.3', true);
    expect(r.steps[0]!.ok).toBe(false);
    expect(r.steps[0]!.error).toMatch(
      /^-EFAULT: kernel oops in __dmar_remove_one_dev_info\(\) on 0000:01:00\.0/,
    );
    expect(kernelLines(r, 0).at(-1)).toBe('BUG: kernel NULL pointer dereference, address: 000000000000004e');
    expect(r.faults.map((f) => [f.kind, f.fn, f.device])).toEqual([
      ['kernel-crash', '__dmar_remove_one_dev_info', '01:00.0'],
    ]);
    expect(r.steps[1]!.ok).toBe(false);
  });

  it('5.7 skips the marker: the bridge gets its private DMA domain at once and the boot goes on', () => {
    const r = bridgeGroup('v5.7', true);
    expect(r.steps[0]!.ok).toBe(true);
    expect(kernelLines(r, 0)).toContain('pci 0000:01:00.0: DMAR: Device uses a private dma domain.');
    expect(r.faults.some((f) => f.kind === 'kernel-crash')).toBe(false);
  });

  it('without kdump 5.3 boots the same machine', () => {
    expect(bridgeGroup('v5.3', false).steps.map((s) => s.ok)).toEqual([true, true]);
  });
});

describe('LOSE_CHILDREN: the last device out of a flagged domain deadlocks (5.3, 5.7)', () => {
  const steps: Step[] = [
    { op: 'boot' },
    { op: 'hot-remove', device: '01:00.0' },
    { op: 'hot-remove', device: '01:00.1' },
  ];
  for (const kernel of ['v5.3', 'v5.7'] as const)
    it(kernel, () => {
      // Two functions without ACS: the NIC keeps the group's DMA domain, the GPU (igfx_off)
      // leaves it for si_domain privately, flagging it LOSE_CHILDREN.
      const r = runScenario({
        format: 'iommu-sandbox/scenario@1',
        kernel,
        cmdline: 'intel_iommu=on,igfx_off',
        devices: [
          { bdf: '00:1c.0', type: 'root-port', acs: true },
          {
            bdf: '01:00.0',
            type: 'endpoint',
            parent: '00:1c.0',
            multifunction: true,
            acs: false,
            class: '0200',
          },
          {
            bdf: '01:00.1',
            type: 'endpoint',
            parent: '00:1c.0',
            multifunction: true,
            acs: false,
            class: '0300',
          },
        ],
        steps,
      });
      expect(kernelLines(r, 0)).toContain('pci 0000:01:00.1: DMAR: Device uses a private identity domain.');
      const remove = r.steps[1]!;
      expect(remove.ok).toBe(false);
      expect(remove.error).toMatch(/^-EDEADLK/);
      expect(kernelLines(r, 1)).toEqual(['NMI watchdog: Watchdog detected hard LOCKUP on cpu 0']);
      // It hung before iommu_group_remove_device: the NIC is still listed in its group.
      expect(remove.state.groups.find((g) => g.id === 1)!.devices).toContain('01:00.0');
      expect(r.faults.map((f) => f.kind)).toEqual(['kernel-crash']);
      expect(r.steps[2]!.error).toMatch(/kernel has crashed/);
    });
});
