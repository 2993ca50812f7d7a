/**
 * The attaches (and frees) a step goes through, in the kernel's order.
 *
 * Hot-add. 5.8+ (policy D): iommu_probe_device
 * runs __iommu_probe_device (iommu_group_add_device attaches to group->domain, if the group has
 * one), then allocates a new group's default domain, then attaches the default domain. 5.3
 * (policy C) allocates a new group's domain in iommu_group_get_for_dev, before the add.
 *
 * vfio release before 6.1: iommu_detach_group puts the group straight back in its default domain,
 * then type1 frees its own (6.1, through the blocking domain: examples.e10-e13.test.ts, E12).
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from './run';
import type { DeviceSpec, KernelId, Scenario } from './types';

function attachesOf(kernel: KernelId, added: DeviceSpec): string[] {
  const s: Scenario = {
    format: 'iommu-sandbox/scenario@1',
    kernel,
    cmdline: 'intel_iommu=on',
    devices: [
      { bdf: '00:00.0', type: 'host-bridge' },
      { bdf: '00:1c.0', type: 'root-port', acs: true },
      { bdf: '00:1d.0', type: 'root-port', acs: false },
      { bdf: '02:00.0', type: 'endpoint', parent: '00:1d.0' },
    ],
    steps: [{ op: 'boot' }, { op: 'hot-add', device: added }],
  };
  const step = runScenario(s).steps[1]!;
  expect(step.ok).toBe(true);
  return step.events
    .filter((e) => e.kind === 'attach' && e.device === added.bdf)
    .map((e) => `${e.fn}: ${e.message}`);
}

describe('hot-add attaches (iommu_probe_device)', () => {
  it('6.1, new group: no domain at iommu_group_add_device, one attach to the new default', () => {
    const attaches = attachesOf('v6.1', { bdf: '01:00.0', type: 'endpoint', parent: '00:1c.0' });
    expect(attaches).toHaveLength(1);
    expect(attaches[0]).toMatch(/^__iommu_attach_device: attached to /);
  });

  it("6.1, existing group: iommu_group_add_device attaches to the group's domain, then the default", () => {
    const attaches = attachesOf('v6.1', { bdf: '02:00.1', type: 'endpoint', parent: '00:1d.0' });
    expect(attaches.map((a) => a.split(':')[0])).toEqual(['iommu_group_add_device', '__iommu_attach_device']);
  });

  it('5.3, new group: its domain exists before the add, so iommu_group_add_device attaches', () => {
    const attaches = attachesOf('v5.3', { bdf: '01:00.0', type: 'endpoint', parent: '00:1c.0' });
    expect(attaches.map((a) => a.split(':')[0])).toEqual(['iommu_group_add_device']);
  });
});

describe('vfio container release before 6.1', () => {
  it('5.8: back to the default domain (__iommu_detach_group), then vfio frees its domain', () => {
    const s: Scenario = {
      format: 'iommu-sandbox/scenario@1',
      kernel: 'v5.8',
      cmdline: 'intel_iommu=on',
      devices: [
        { bdf: '00:00.0', type: 'host-bridge' },
        { bdf: '00:1c.0', type: 'root-port', acs: true },
        { bdf: '01:00.0', type: 'endpoint', parent: '00:1c.0', driver: { name: 'vfio-pci' } },
      ],
      steps: [{ op: 'boot' }, { op: 'vfio-claim', group: 2 }, { op: 'vfio-release', group: 2 }],
    };
    const run = runScenario(s);
    const group = run.steps[0]!.state.groups.find((g) => g.id === 2)!;
    const vfioDomain = run.steps[1]!.state.groups.find((g) => g.id === 2)!.domain;
    const release = run.steps[2]!;
    expect(release.events.map((e) => `${e.fn}: ${e.message}`)).toEqual([
      `__iommu_detach_group: attached to ${group.defaultDomain}`,
      `vfio_iommu_type1_detach_group: freed ${vfioDomain}`,
      '__vfio_group_unset_container: group 2 back with the kernel',
    ]);
    expect(release.state.groups.find((g) => g.id === 2)!.domain).toBe(group.defaultDomain);
  });
});
