/**
 * The attaches, frees and log lines a step goes through, in the kernel's order.
 *
 * iommu_group_add_device attaches to group->domain (if any) and calls the group's notifiers
 * (vfio) before it logs "Adding to iommu group N". Before 5.3, intel_iommu_init logs its
 * "Intel(R) Virtualization Technology" line before bus_set_iommu forms the groups; after, at the end.
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
import { dmesgLine } from './dmesg';
import { runScenario } from './run';
import type { DeviceSpec, KernelId, ResultEvent, Scenario, Step } from './types';

function hotAdd(kernel: KernelId, added: DeviceSpec, before: Step[] = []) {
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
    steps: [{ op: 'boot' }, ...before, { op: 'hot-add', device: added }],
  };
  const step = runScenario(s).steps.at(-1)!;
  expect(step.ok).toBe(true);
  return step.events.filter((e) => e.device === added.bdf);
}

function attachesOf(kernel: KernelId, added: DeviceSpec): string[] {
  return hotAdd(kernel, added)
    .filter((e) => e.kind === 'attach')
    .map((e) => `${e.fn}: ${e.message}`);
}

/** fn of each event of the added device, up to its first driver event. */
const calls = (events: ResultEvent[]) =>
  events.filter((e) => e.kind !== 'driver' && e.kind !== 'hotplug').map((e) => e.fn);

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

describe('iommu_group_add_device: attach and notifiers, then the log line', () => {
  const nic: DeviceSpec = { bdf: '02:00.1', type: 'endpoint', parent: '00:1d.0' };

  it('6.1, into an existing group', () => {
    expect(calls(hotAdd('v6.1', nic))).toEqual([
      'iommu_group_add_device', // attached to the group's domain
      'iommu_group_add_device', // Adding to iommu group
      '__iommu_attach_device',
    ]);
    const lines = hotAdd('v6.1', nic).filter((e) => e.kind !== 'hotplug');
    expect(lines[1]!.message).toMatch(/^Adding to iommu group \d+$/);
  });

  it("5.3, into a group vfio is using: attach, vfio's warning, then the line", () => {
    const events = hotAdd('v5.3', { ...nic, driver: { name: 'vfio-pci' } }, [
      { op: 'bind', device: '02:00.0', driver: { name: 'vfio-pci' } },
      { op: 'vfio-claim', group: 2 },
    ]);
    expect(events.map((e) => `${e.fn}: ${e.message}`).slice(1, 4)).toEqual([
      'iommu_group_add_device: attached to d5',
      'vfio_group_nb_add_dev: Device added to live group 2!',
      'iommu_group_add_device: Adding to iommu group 2',
    ]);
  });

  it("5.x: vfio's warning is a dev_WARN: cut here, the message, then the WARNING line", () => {
    const r = runScenario({
      format: 'iommu-sandbox/scenario@1',
      kernel: 'v5.3',
      devices: [
        { bdf: '00:1d.0', type: 'root-port', acs: false },
        { bdf: '02:00.0', type: 'endpoint', parent: '00:1d.0' },
      ],
      steps: [
        { op: 'boot' },
        { op: 'bind', device: '02:00.0', driver: 'vfio-pci' },
        { op: 'vfio-claim', group: 0 },
        { op: 'hot-add', device: { bdf: '02:00.1', type: 'endpoint', parent: '00:1d.0' } },
      ],
    });
    const lines = r.steps[3]!.events.filter((e) => !e.silent).map(dmesgLine);
    expect(lines.slice(0, 4)).toEqual([
      '------------[ cut here ]------------',
      'pci 0000:02:00.1: Device added to live group 0!',
      'WARNING: CPU: … PID: … at drivers/vfio/vfio.c:… vfio_group_nb_add_dev+0x…/0x…',
      'pci 0000:02:00.1: Adding to iommu group 0',
    ]);
  });

  it.each(['v5.1', 'v5.8', 'v5.11'] as const)("%s warns too (vfio's group notifier, until 5.19)", (k) => {
    const events = hotAdd(k, { ...nic, driver: { name: 'vfio-pci' } }, [
      { op: 'bind', device: '02:00.0', driver: { name: 'vfio-pci' } },
      { op: 'vfio-claim', group: 2 },
    ]);
    const line = events.findIndex((e) => e.message === 'Adding to iommu group 2');
    expect(events[line - 1]).toMatchObject({ fn: 'vfio_group_nb_add_dev', level: 'warn' });
  });

  it('6.1 has no group notifier: a hot-add into an owned group prints no warning', () => {
    const events = hotAdd('v6.1', { ...nic, driver: { name: 'vfio-pci' } }, [
      { op: 'bind', device: '02:00.0', driver: { name: 'vfio-pci' } },
      { op: 'vfio-claim', group: 2 },
    ]);
    expect(events.some((e) => e.fn === 'vfio_group_nb_add_dev')).toBe(false);
  });
});

describe("intel_iommu_init's banner", () => {
  const order = (kernel: KernelId) => {
    const s: Scenario = {
      format: 'iommu-sandbox/scenario@1',
      kernel,
      cmdline: 'intel_iommu=on',
      devices: [{ bdf: '00:02.0', type: 'rc-endpoint' }],
      steps: [{ op: 'boot' }],
    };
    const lines = runScenario(s).steps[0]!.events.map((e) => e.message);
    return Math.sign(
      lines.indexOf('Intel(R) Virtualization Technology for Directed I/O') -
        lines.indexOf('Adding to iommu group 0'),
    );
  };

  it('comes before the groups up to 5.2 (v5.1, Sewart v3) and after them from 5.3', () => {
    expect(order('v5.1')).toBe(-1);
    expect(order('v3-sewart')).toBe(-1);
    for (const k of ['v5.3', 'v5.7', 'v5.8', 'v5.11', 'v6.1'] as const) expect(order(k), k).toBe(1);
  });

  it('follows si_domain_init, which init_dmars runs (iommu=pt, every kernel)', () => {
    for (const kernel of ['v5.1', 'v3-sewart', 'v5.3', 'v6.1'] as const) {
      const events = runScenario({
        format: 'iommu-sandbox/scenario@1',
        kernel,
        cmdline: 'intel_iommu=on iommu=pt',
        devices: [{ bdf: '00:02.0', type: 'rc-endpoint' }],
        steps: [{ op: 'boot' }],
      }).steps[0]!.events.map((e) => e.fn);
      expect(events.indexOf('si_domain_init'), kernel).toBeGreaterThanOrEqual(0);
      expect(events.indexOf('si_domain_init'), kernel).toBeLessThan(events.indexOf('intel_iommu_init'));
    }
  });

  it("is not printed with VT-d off, and the note that says so follows the core's subsys_initcall lines", () => {
    const events = runScenario({
      format: 'iommu-sandbox/scenario@1',
      kernel: 'v6.1',
      cmdline: 'intel_iommu=off',
      devices: [{ bdf: '00:02.0', type: 'rc-endpoint' }],
      steps: [{ op: 'boot' }],
    }).steps[0]!.events.map((e) => e.fn);
    expect(events.lastIndexOf('iommu_subsys_init')).toBeLessThan(events.indexOf('intel_iommu_init'));
  });
});

describe('hot-remove: the group and the driver, in the order their notifiers run', () => {
  const fns = (kernel: KernelId) => {
    const r = runScenario({
      format: 'iommu-sandbox/scenario@1',
      kernel,
      cmdline: 'intel_iommu=on',
      devices: [
        { bdf: '00:1c.0', type: 'root-port', acs: true },
        { bdf: '01:00.0', type: 'endpoint', parent: '00:1c.0', driver: { name: 'nvme', dmaMask: 64 } },
      ],
      steps: [{ op: 'boot' }, { op: 'dma', device: '01:00.0' }, { op: 'hot-remove', device: '01:00.0' }],
    });
    return r.steps[2]!.events.map((e) => e.fn).filter((fn) => fn !== 'device_release_driver');
  };

  it('5.1: the core leaves the group first, then the VT-d notifier detaches and frees', () => {
    const f = fns('v5.1');
    expect(f.indexOf('iommu_group_remove_device')).toBeLessThan(f.indexOf('dmar_remove_one_dev_info'));
  });

  it('5.3 and 6.1: the driver detaches first (remove_device / release_device)', () => {
    for (const k of ['v5.3', 'v6.1'] as const) {
      const f = fns(k);
      const detach = f.findIndex(
        (fn) => fn === 'dmar_remove_one_dev_info' || fn === 'intel_iommu_release_device',
      );
      expect(detach, k).toBeGreaterThanOrEqual(0);
      expect(detach, k).toBeLessThan(f.indexOf('iommu_group_remove_device'));
    }
  });
});

describe('5.3: ACPI-namespace devices', () => {
  it('the first one WARNs in pci_device_group, the probe gives up on the rest, and the driver says so', () => {
    const r = runScenario({
      format: 'iommu-sandbox/scenario@1',
      kernel: 'v5.3',
      cmdline: 'intel_iommu=on',
      devices: [
        { bdf: '00:02.0', type: 'rc-endpoint' },
        { bdf: '00:15.0', type: 'acpi' },
        { bdf: '00:15.1', type: 'acpi' },
      ],
      steps: [{ op: 'boot' }],
    });
    const lines = r.steps[0]!.events.filter((e) => !e.silent).map((e) => e.message);
    // __warn's first line: CPU, PID, source line and offsets unknown to the sandbox ("…").
    expect(lines.filter((m) => m.startsWith('WARNING'))).toEqual([
      'WARNING: CPU: … PID: … at drivers/iommu/iommu.c:… pci_device_group+0x…/0x…',
    ]);
    expect(lines).toContain("ACPI name space devices didn't probe correctly");
    expect(r.steps[0]!.state.groups.map((g) => g.devices)).toEqual([['00:02.0']]);
  });

  it('before 5.3 the driver probes the PCI bus only: no group, no line, for an ACPI-namespace device', () => {
    for (const kernel of ['v5.1', 'v3-sewart'] as const) {
      const r = runScenario({
        format: 'iommu-sandbox/scenario@1',
        kernel,
        cmdline: 'intel_iommu=on',
        devices: [
          { bdf: '00:02.0', type: 'rc-endpoint' },
          { bdf: '00:15.0', type: 'acpi' },
        ],
        steps: [{ op: 'boot' }],
      });
      expect(
        r.steps[0]!.state.groups.map((g) => g.devices),
        kernel,
      ).toEqual([['00:02.0']]);
      expect(
        r.steps[0]!.events.filter((e) => e.device === '00:15.0' && !e.silent),
        kernel,
      ).toEqual([]);
    }
  });
});

describe('hot-removing a subtree (pci_stop_and_remove_bus_device)', () => {
  it('every driver lets go first (children in reverse), then devices leave in bus order, bridges last', () => {
    const r = runScenario({
      format: 'iommu-sandbox/scenario@1',
      kernel: 'v6.1',
      cmdline: 'intel_iommu=on',
      devices: [
        { bdf: '00:1c.0', type: 'root-port', acs: true },
        { bdf: '01:00.0', type: 'switch-upstream', parent: '00:1c.0' },
        { bdf: '02:00.0', type: 'switch-downstream', parent: '01:00.0', acs: true },
        { bdf: '02:01.0', type: 'switch-downstream', parent: '01:00.0', acs: true },
        { bdf: '03:00.0', type: 'endpoint', parent: '02:00.0', driver: { name: 'nvme' } },
        { bdf: '04:00.0', type: 'endpoint', parent: '02:01.0', driver: { name: 'igb' } },
      ],
      steps: [{ op: 'boot' }, { op: 'hot-remove', device: '01:00.0' }],
    });
    const events = r.steps[1]!.events;
    expect(events.filter((e) => e.fn === 'device_release_driver').map((e) => e.device)).toEqual([
      '04:00.0',
      '03:00.0',
    ]);
    expect(events.filter((e) => e.fn === 'iommu_group_remove_device').map((e) => e.device)).toEqual([
      '03:00.0',
      '02:00.0',
      '04:00.0',
      '02:01.0',
      '01:00.0',
    ]);
  });
});
