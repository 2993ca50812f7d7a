/**
 * An ACPI-namespace device is logged under its platform device's name, `<_HID>:<instance>`, on the
 * platform bus (or under its driver's name), never as a PCI function.
 */
import { describe, expect, it } from 'vitest';
import { acpiDevName, DEFAULT_HID } from './acpiName';
import { dmesgLine } from './dmesg';
import { runScenario } from './run';
import type { DeviceSpec, KernelId, RunResult, Scenario } from './types';

const lpss: DeviceSpec[] = [
  { bdf: '00:02.0', type: 'rc-endpoint', vendor: 'intel', class: '0300', driver: { name: 'i915' } },
  { bdf: '00:15.2', type: 'acpi', hid: 'INT33C4' },
  { bdf: '00:15.1', type: 'acpi', hid: 'INT33C4', driver: { name: 'dw-apb-uart', dmaMask: 32 } },
  { bdf: '00:15.3', type: 'acpi', hid: 'INTC1055' },
  { bdf: '00:15.4', type: 'acpi' },
];

const run = (kernel: KernelId, cmdline: string, steps: Scenario['steps'], devices = lpss): RunResult =>
  runScenario({ format: 'iommu-sandbox/scenario@1', kernel, cmdline, devices, steps });

const lines = (r: RunResult, step: number) => r.steps[step]!.events.filter((e) => !e.silent).map(dmesgLine);

describe('acpiDevName', () => {
  it('numbers the instances of each _HID in address order, in hex, and stands in ACPI0000 for none', () => {
    const names = lpss.filter((d) => d.type === 'acpi').map((d) => acpiDevName(lpss, d));
    expect(names).toEqual(['INT33C4:01', 'INT33C4:00', 'INTC1055:00', `${DEFAULT_HID}:00`]);
    const many = Array.from(
      { length: 17 },
      (_, i): DeviceSpec => ({
        bdf: `00:${(i + 1).toString(16).padStart(2, '0')}.0`,
        type: 'acpi',
        hid: 'INT3432',
      }),
    );
    expect(acpiDevName(many, many[16]!)).toBe('INT3432:10');
  });
});

describe('the log lines of ACPI-namespace devices', () => {
  it('5.7 on: iommu_group_add_device prints the platform device, before any driver binds', () => {
    for (const kernel of ['v5.7', 'v5.8', 'v5.11', 'v6.1'] as const) {
      const r = run(kernel, 'intel_iommu=on', [{ op: 'boot' }]);
      expect(
        lines(r, 0).filter((l) => l.includes('iommu group')),
        kernel,
      ).toEqual([
        'pci 0000:00:02.0: Adding to iommu group 0',
        'platform INT33C4:00: Adding to iommu group 1',
        'platform INT33C4:01: Adding to iommu group 2',
        'platform INTC1055:00: Adding to iommu group 3',
        'platform ACPI0000:00: Adding to iommu group 4',
      ]);
    }
  });

  it('are not PCI functions: no PCI removal, hot-plug, vfio-pci or pci-stub for them', () => {
    const r = run('v6.1', 'intel_iommu=on', [
      { op: 'boot' },
      { op: 'hot-remove', device: '00:15.2' },
      { op: 'bind', device: '00:15.2', driver: 'vfio-pci' },
      { op: 'bind', device: '00:15.2', driver: 'pci-stub' },
      { op: 'hot-add', device: { bdf: '00:15.5', type: 'acpi', hid: 'INT33C4' } },
    ]);
    expect(r.steps.map((s) => s.error?.split(':')[0] ?? null)).toEqual([
      null,
      '-ENOENT',
      '-ENODEV',
      '-ENODEV',
      '-EINVAL',
    ]);
    expect(lines(r, 1)).toEqual([]);
    expect(r.steps.at(-1)!.state.devices.map((d) => d.bdf)).not.toContain('00:15.5');
  });

  it('5.1 under iommu=pt: the static identity map and the 32-bit fallback name the platform device, then its driver', () => {
    const r = run('v5.1', 'intel_iommu=on iommu=pt', [{ op: 'boot' }, { op: 'dma', device: '00:15.1' }]);
    expect(lines(r, 0).filter((l) => l.includes('INT33C4:00'))).toEqual([
      'platform INT33C4:00: DMAR: Hardware identity mapping',
    ]);
    expect(lines(r, 1)).toEqual(['dw-apb-uart INT33C4:00: DMAR: 32bit DMA uses non-identity mapping']);
  });

  it('do not depend on the order the scenario lists the devices', () => {
    const steps: Scenario['steps'] = [{ op: 'boot' }];
    const forward = lines(run('v6.1', 'intel_iommu=on', steps), 0);
    const backward = lines(run('v6.1', 'intel_iommu=on', steps, [...lpss].reverse()), 0);
    expect(backward).toEqual(forward);
  });

  it('keep the name in the result for the explained output, and the BDF as the device', () => {
    const r = run('v6.1', 'intel_iommu=on', [{ op: 'boot' }]);
    const added = r.steps[0]!.events.find((e) => e.device === '00:15.1' && !e.silent)!;
    expect(added).toMatchObject({
      device: '00:15.1',
      devName: 'INT33C4:00',
      message: 'Adding to iommu group 1',
    });
    const pci = r.steps[0]!.events.find((e) => e.device === '00:02.0' && !e.silent)!;
    expect(pci.devName).toBeUndefined();
  });
});
