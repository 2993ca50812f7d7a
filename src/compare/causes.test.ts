import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../kernel/run';
import type { KernelId, Scenario } from '../kernel/types';
import { compareRuns } from './diff';
import { withConfig } from './variant';

// The "via" of each difference names what each world's kernel version's own code did at that step.
const load = (f: string): Scenario =>
  JSON.parse(readFileSync(new URL(`../../scenarios/examples/${f}`, import.meta.url), 'utf8'));
const against = (s: Scenario, kernel: KernelId) =>
  compareRuns(runScenario(s), runScenario(withConfig(s, { kernel })));

describe('the kernel functions a difference names', () => {
  it('5.3 against 6.1: the 32-bit device group turns DMA through 5.3’s request, not a 5.8 function', () => {
    const diffs = against(load('e02-iommu-pt-32bit-device.v5.3.json'), 'v6.1');
    const type = diffs.find((d) => d.step === 4 && d.kind === 'group-type');
    expect(type).toMatchObject({ devices: ['00:03.0'], left: 'DMA (lazy)', right: 'identity' });
    // 6.1's group was identity from its boot: nothing at this step made it so.
    expect(type?.via).toEqual({ left: ['request_default_domain_for_dev'], right: [] });
    const domain = diffs.find((d) => d.step === 4 && d.kind === 'domain');
    expect(domain?.via).toEqual({ left: ['request_default_domain_for_dev'], right: [] });
  });

  it('5.11’s lazy DMA and 6.1’s DMA-FQ flush alike; a DMA written to sysfs is lazy on 5.11, strict on 6.1', () => {
    const diffs = against(load('e13-sysfs-group-type.v5.11.json'), 'v6.1');
    // Booted, and the lazy default each freed at step 2 (identity written): no difference.
    expect(diffs.filter((d) => d.step < 3)).toEqual([]);
    const made = diffs.filter((d) => d.step === 3 && d.kind === 'domain');
    expect(made).toMatchObject([
      {
        left: '+ default DMA (lazy) domain of group {00:02.0}',
        right: '+ default DMA domain of group {00:02.0}',
      },
    ]);
    expect(made[0]!.via).toEqual({
      left: ['iommu_group_alloc_default_domain'],
      right: ['iommu_group_alloc_default_domain'],
    });
    // 6.1 then starts a flush queue on it (DMA-FQ): the worlds flush alike again, and 5.11 refuses the word.
    expect(diffs.filter((d) => d.step === 4)).toMatchObject([
      { kind: 'error', left: expect.stringMatching(/^-EINVAL/), right: 'ok' },
      {
        kind: 'group-type',
        ended: true,
        left: 'DMA (lazy)',
        right: 'DMA → DMA (lazy)',
        via: { left: [], right: ['iommu_dma_init_fq'] },
      },
    ]);
  });

  it('v3’s extra group is its device_group callback’s doing, as its fault says; 5.3’s one group pci_device_group’s', () => {
    const diffs = against(load('e09-extra-group-breaks-vfio-isolation.v5.3.json'), 'v3-sewart');
    const split = diffs.filter((d) => d.step === 0 && d.kind === 'partition');
    expect(split).toMatchObject([{ left: '{01:00.0, 01:00.1}', right: '{01:00.0} {01:00.1}' }]);
    expect(split[0]?.via).toEqual({ left: ['pci_device_group'], right: ['intel_iommu_device_group'] });
    // 5.3's group of both: the core's default first (iommu_group_get_for_dev), then identity
    // through the first member's request; v3's new group a DMA default.
    const type = diffs.find((d) => d.step === 0 && d.kind === 'group-type');
    expect(type?.via).toEqual({
      left: ['iommu_group_get_for_dev', 'request_default_domain_for_dev'],
      right: ['iommu_group_get_for_dev'],
    });
  });

  it('keeps naming v3’s callback while its split lasts, and not vfio’s later fault on the same devices', () => {
    const diffs = against(load('e05-two-functions-different-needs.v5.1.json'), 'v3-sewart');
    const later = diffs.filter((d) => d.step === 3 && d.kind === 'partition');
    expect(later.length).toBe(1);
    for (const d of later)
      expect(d.via).toEqual({ left: ['pci_device_group'], right: ['intel_iommu_device_group'] });
  });

  it('a device in a group in one world only: the group events that added it, not pci_device_group', () => {
    const e5 = load('e05-two-functions-different-needs.v5.3.json');
    const off = withConfig(e5, { cmdline: `${e5.cmdline ?? ''} intel_iommu=off` });
    const diffs = compareRuns(runScenario(e5), runScenario(off)).filter(
      (d) => d.step === 0 && d.kind === 'partition',
    );
    expect(diffs.length).toBeGreaterThan(0);
    for (const d of diffs) {
      expect(d.right).toBe('no group');
      // Only the world that added it did anything: intel_iommu=off's never called the group code.
      expect(d.via).toEqual({ left: ['iommu_group_add_device'], right: [] });
    }
  });

  it('a type change to identity through sysfs names iommu_change_dev_def_domain (the default it freed)', () => {
    const diffs = against(load('e13-sysfs-group-type.v6.1.json'), 'v5.3');
    const type = diffs.find((d) => d.step === 2 && d.kind === 'group-type' && d.devices.includes('00:02.0'));
    expect(type).toMatchObject({ left: 'identity', right: 'DMA (lazy)' });
    expect(type?.via).toEqual({
      left: ['iommu_group_alloc_default_domain', 'iommu_change_dev_def_domain'],
      right: [],
    });
  });

  it('a DMA or driver-view row names what changed the device’s context at that step, and the fault that shows it', () => {
    const e8 = load('e08-kdump-deferred-attach.v5.3.json');
    const diffs = compareRuns(
      runScenario(e8),
      runScenario(withConfig(e8, { fixes: { ...e8.fixes, 'defer-attach-in-kdump': false } })),
    );
    const at = (kind: string) =>
      diffs.find((d) => d.step === 0 && d.kind === kind && d.devices[0] === '00:02.0');
    expect(at('dma')).toMatchObject({ left: 'old-kernel', right: 'faults' });
    // Deferred (left), nothing touched the copied context: only the right world names functions.
    // The group's default chosen at this step, the attach to it, then the fault.
    expect(at('dma')?.via).toEqual({
      left: [],
      right: ['iommu_group_get_for_dev', 'iommu_group_add_device', 'dmar_fault'],
    });
    expect(at('driver-view')?.via).toEqual({
      left: [],
      right: ['iommu_group_get_for_dev', 'iommu_group_add_device'],
    });
    // si_domain freed at step 1: nvme's context cleared by domain_exit's detach.
    const e7 = load('e07-si-domain-freed-on-group-release.v5.3.json');
    const off = compareRuns(
      runScenario(e7),
      runScenario(withConfig(e7, { fixes: { ...e7.fixes, 'si-domain-free-guard': false } })),
    );
    expect(off.find((d) => d.step === 1 && d.kind === 'dma')?.via).toEqual({
      left: [],
      right: ['domain_remove_dev_info'],
    });
  });

  it('a DMA fault in a new domain is not the function that allocated it', () => {
    // Both kernels fault the same way here; the domains they allocate differ (6.1 strict).
    const e8 = load('e08-kdump-deferred-attach.no-defer.v5.3.json');
    const diffs = compareRuns(
      runScenario(e8),
      runScenario(withConfig(e8, { kernel: 'v6.1', cmdline: 'iommu.strict=1' })),
    );
    const domains = diffs.filter((d) => d.kind === 'domain');
    // Each group's default domain, allocated in both worlds: one row per group, each world's function.
    expect(domains.map((d) => d.via)).toEqual(
      Array(3).fill({ left: ['iommu_group_get_for_dev'], right: ['iommu_group_alloc_default_domain'] }),
    );
  });

  it('names a vfio domain once: "unmanaged domain", not "unmanaged unmanaged domain"', () => {
    const diffs = against(load('e09-extra-group-breaks-vfio-isolation.v5.3.json'), 'v3-sewart');
    const vfio = diffs.filter((d) => d.kind === 'domain' && `${d.left} ${d.right}`.includes('unmanaged'));
    expect(vfio.length).toBeGreaterThan(0);
    for (const d of vfio) {
      expect(`${d.left} ${d.right}`).not.toContain('unmanaged unmanaged');
      // Named by the world whose vfio allocated it.
      const fns = (side: string) => (side.includes('unmanaged') ? ['vfio_iommu_type1_attach_group'] : []);
      expect(d.via).toEqual({ left: fns(d.left), right: fns(d.right) });
    }
  });
});

describe('an answer row', () => {
  it('names the function that refused, even when it logged nothing (vfio_dev_viable, iommu_group_claim_dma_owner)', () => {
    const diffs = against(load('e09-extra-group-breaks-vfio-isolation.v5.3.json'), 'v6.1');
    expect(diffs.find((d) => d.step === 2 && d.kind === 'error')?.via).toEqual({
      left: ['vfio_dev_viable'],
      right: ['iommu_group_claim_dma_owner'],
    });
  });
});
