/** vfio: binding vfio-pci, and claims that fail half-way. */
import { describe, expect, it } from 'vitest';
import { dmesgLine } from './dmesg';
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
  it('refuses a device without an IOMMU group (its probe fails with -EINVAL), whatever the reason', () => {
    for (const kernel of ['v5.1', 'v5.3', 'v6.1'] as const) {
      const off = bindVfio(kernel, 'intel_iommu=off');
      expect(off.ok, kernel).toBe(false);
      // The driver core prints the failed probe in every version.
      expect(off.events.filter((e) => !e.silent).map(dmesgLine)).toContain(
        'vfio-pci: probe of 0000:00:02.0 failed with error -22',
      );
      expect(bindVfio(kernel, 'intel_iommu=on').ok, kernel).toBe(true);
    }
    // 6.1 (from 5.14, ef6dcbdd8eb2) answers the probe's errno; before, bind_store sees
    // really_probe's 0 and answers -ENODEV.
    expect(bindVfio('v6.1', 'intel_iommu=off')).toMatchObject({
      error: '-EINVAL: vfio-pci: 0000:00:02.0 has no iommu group',
      errorFn: 'vfio_group_find_or_alloc',
    });
    expect(bindVfio('v5.3', 'intel_iommu=off')).toMatchObject({
      error:
        '-ENODEV: vfio-pci: probe of 0000:00:02.0 failed with error -22 (vfio-pci: 0000:00:02.0 has no iommu group); before 5.14 bind_store answers any failed probe with -ENODEV',
      errorFn: 'bind_store',
    });
  });

  it('a group with no vfio-pci member has no /dev/vfio/N: named after the function of the version', () => {
    const claim = (kernel: KernelId) =>
      runScenario({
        format: 'iommu-sandbox/scenario@1',
        kernel,
        cmdline: 'intel_iommu=on',
        devices: [{ bdf: '00:02.0', type: 'rc-endpoint', driver: { name: 'e1000e' } }],
        steps: [{ op: 'boot' }, { op: 'vfio-claim', group: 0 }],
      }).steps[1]!.error;
    // vfio_pci_probe registers through vfio_add_group_dev until 5.12, vfio_register_group_dev from 5.13.
    for (const kernel of ['v5.1', 'v5.3', 'v5.11'] as const)
      expect(claim(kernel)).toMatch(/\(vfio_add_group_dev creates it\)$/);
    expect(claim('v6.1')).toMatch(/\(vfio_register_group_dev creates it\)$/);
  });
});

// Two functions of a slot without ACS, the second RMRR-locked: user space claims their group,
// then a host driver binds the first and maps DMA.
const rmrrClaim = (kernel: KernelId) =>
  runScenario({
    format: 'iommu-sandbox/scenario@1',
    kernel,
    cmdline: 'intel_iommu=on',
    devices: [
      { bdf: '00:1c.0', type: 'root-port', acs: true },
      { bdf: '01:00.0', type: 'endpoint', parent: '00:1c.0', multifunction: true, acs: false, class: '0200' },
      {
        bdf: '01:00.1',
        type: 'endpoint',
        parent: '00:1c.0',
        multifunction: true,
        acs: false,
        class: '0200',
        rmrr: true,
      },
    ],
    steps: [
      { op: 'boot' },
      { op: 'bind', device: '01:00.0', driver: 'vfio-pci' },
      { op: 'vfio-claim', group: 1 },
      { op: 'unbind', device: '01:00.0' },
      { op: 'bind', device: '01:00.0', driver: 'igb' },
      { op: 'dma', device: '01:00.0' },
    ],
  });
const CLAIM = 2;

describe('6.1: a claim that fails on an RMRR-locked member', () => {
  it("leaves the members before it in the blocking domain, and their next driver's DMA faults", () => {
    const r = rmrrClaim('v6.1');
    const claim = r.steps[CLAIM]!;
    expect(claim.error).toMatch(/^-EPERM: 0000:01:00\.1: Device is ineligible/);
    const dev = (bdf: string) => claim.state.devices.find((d) => d.bdf === bdf)!;
    const group = claim.state.groups.find((g) => g.id === 1)!;
    expect(group.domain).toBe(group.defaultDomain);
    expect(group.owner).toBe('kernel');
    expect(dev('01:00.0').dma).toBe('blocked');
    expect(dev('01:00.1').domain).toBe(group.defaultDomain);
    expect(r.steps[4]!.ok).toBe(true);
    expect(r.faults.map((f) => [f.kind, f.device, f.step])).toEqual([['dma-fault', '01:00.0', 5]]);
    expect(r.faults[0]!.message).toBe(
      "01:00.0's context points at the empty blocking domain: the IOMMU blocks its DMA (fault reason 6: PTE Read access is not set)",
    );
    // The kernel's lines, in 6.1's words (no address: the sandbox has none).
    expect(r.steps[5]!.events.filter((e) => !e.silent).map((e) => [e.fn, e.message])).toEqual([
      ['dmar_fault', 'DMAR: DRHD: handling fault status reg …'],
      [
        'dmar_fault_do_one',
        'DMAR: [DMA Read NO_PASID] Request device [01:00.0] fault addr 0x… [fault reason 0x06] PTE Read access is not set',
      ],
    ]);
  });
});

describe('hot-adding an RMRR-locked device into a group user space holds', () => {
  // Two functions without ACS behind a root port, the first bound to vfio-pci and claimed; the
  // second function, RMRR-locked, is then plugged in next to it.
  const hotAdd = (kernel: KernelId) =>
    runScenario({
      format: 'iommu-sandbox/scenario@1',
      kernel,
      cmdline: 'intel_iommu=on',
      devices: [
        { bdf: '00:1c.0', type: 'root-port', acs: true, driver: { name: 'pcieport' } },
        {
          bdf: '01:00.0',
          type: 'endpoint',
          parent: '00:1c.0',
          multifunction: true,
          acs: false,
          driver: { name: 'vfio-pci' },
        },
      ],
      steps: [
        { op: 'boot' },
        { op: 'vfio-claim', group: 1 },
        {
          op: 'hot-add',
          device: {
            bdf: '01:00.1',
            type: 'endpoint',
            parent: '00:1c.0',
            multifunction: true,
            acs: false,
            rmrr: true,
          },
        },
      ],
    }).steps[2]!;

  for (const kernel of ['v5.1', 'v5.3', 'v5.8', 'v6.1'] as const)
    it(`${kernel}: the attach to the VM's domain is refused and the device ends up in no group`, () => {
      const step = hotAdd(kernel);
      const lines = step.events.filter((e) => !e.silent).map(dmesgLine);
      expect(lines).toEqual([
        'pci 0000:01:00.1: DMAR: Device is ineligible for IOMMU domain attach due to platform RMRR requirement.  Contact your platform vendor.',
        'pci 0000:01:00.1: Failed to add to iommu group 1: -1',
      ]);
      expect(step.state.groups.find((g) => g.id === 1)!.devices).toEqual(['01:00.0']);
      expect(step.state.devices.find((d) => d.bdf === '01:00.1')!.group).toBeNull();
    });
});

describe('5.3: a vfio claim that fails on an RMRR-locked member', () => {
  it("frees vfio's domain under the members it reached: they are left with no domain", () => {
    const r = rmrrClaim('v5.3');
    const claim = r.steps[CLAIM]!;
    expect(claim.error).toMatch(/^-EPERM: 0000:01:00\.1: Device is ineligible/);
    const dev = (bdf: string) => claim.state.devices.find((d) => d.bdf === bdf)!;
    expect(dev('01:00.0').domain).toBeNull();
    expect(dev('01:00.0').dma).toBe('faults');
    expect(claim.state.groups.find((g) => g.id === 1)!.owner).toBe('kernel');
    expect(claim.state.domains.find((d) => d.type === 'unmanaged')!.freed).toBe(true);
    expect(r.steps[5]!.error).toMatch(/DMA_MAPPING_ERROR/);
  });
});

describe('5.3: vfio takes a device out of its private DMA domain', () => {
  it('leaves the emptied private domain allocated and reports the leak (5.1 freed it)', () => {
    const run = (kernel: KernelId) =>
      runScenario({
        format: 'iommu-sandbox/scenario@1',
        kernel,
        cmdline: 'iommu=pt',
        devices: [
          { bdf: '00:1c.0', type: 'root-port', acs: true },
          { bdf: '01:00.0', type: 'endpoint', parent: '00:1c.0', multifunction: true, class: '0106' },
          { bdf: '01:00.1', type: 'endpoint', parent: '00:1c.0', multifunction: true, class: '0101' },
        ],
        steps: [
          { op: 'boot' },
          { op: 'bind', device: '01:00.1', driver: { name: 'pata', dmaMask: 32 } },
          { op: 'dma', device: '01:00.1' },
          { op: 'unbind', device: '01:00.1' },
          { op: 'bind', device: '01:00.0', driver: 'vfio-pci' },
          { op: 'bind', device: '01:00.1', driver: 'vfio-pci' },
          { op: 'vfio-claim', group: 1 },
        ],
      });
    const r = run('v5.3');
    const claim = r.steps.at(-1)!;
    expect(claim.ok).toBe(true);
    const leaked = r.faults.filter((f) => f.kind === 'leak');
    expect(leaked).toMatchObject([{ step: 6, fn: '__dmar_remove_one_dev_info' }]);
    const domain = claim.state.domains.find((d) => d.id === leaked[0]!.domain)!;
    expect(domain).toMatchObject({ freed: false, devices: [] });
    expect(run('v5.1').faults.filter((f) => f.kind === 'leak')).toEqual([]);
  });
});

describe('taking vfio-pci away from a device user space holds', () => {
  // A VM has group 1 (the NIC, bound to vfio-pci); the host tries to unbind or remove the NIC.
  const held = (kernel: KernelId, step: { op: 'unbind' | 'hot-remove'; device: string }) =>
    runScenario({
      format: 'iommu-sandbox/scenario@1',
      kernel,
      cmdline: 'intel_iommu=on',
      devices: [
        { bdf: '00:1c.0', type: 'root-port', acs: true, driver: { name: 'pcieport' } },
        { bdf: '01:00.0', type: 'endpoint', parent: '00:1c.0', class: '0200', driver: { name: 'vfio-pci' } },
      ],
      steps: [{ op: 'boot' }, { op: 'vfio-claim', group: 1 }, step],
    });

  it('does not fail in the kernel but waits for user space: the sandbox shows the request and refuses', () => {
    for (const [kernel, wait, fn] of [
      ['v5.3', 'vfio_del_group_dev', 'vfio_pci_request'],
      ['v6.1', 'vfio_unregister_group_dev', 'vfio_pci_core_request'],
    ] as const)
      for (const op of ['unbind', 'hot-remove'] as const) {
        const r = held(kernel, { op, device: '01:00.0' });
        const step = r.steps[2]!;
        expect(step.ok, `${kernel} ${op}`).toBe(false);
        expect(step.error).toMatch(new RegExp(`^-EBUSY: vfio-pci holds 0000:01:00\\.0 .* ${wait}\\(\\)`));
        expect(step.events.map(dmesgLine)).toEqual([
          'vfio-pci 0000:01:00.0: Relaying device request to user (#0)',
        ]);
        expect(step.events[0]!.fn).toBe(fn);
        // Nothing changed: the device keeps its driver, the group stays with user space.
        const dev = step.state.devices.find((d) => d.bdf === '01:00.0')!;
        expect(dev.driver).toBe('vfio-pci');
        expect(step.state.groups.find((g) => g.id === 1)!.owner).toBe('user');
      }
  });

  it('goes through once user space has released the group', () => {
    const r = runScenario({
      format: 'iommu-sandbox/scenario@1',
      kernel: 'v6.1',
      devices: [
        { bdf: '00:1c.0', type: 'root-port', acs: true, driver: { name: 'pcieport' } },
        { bdf: '01:00.0', type: 'endpoint', parent: '00:1c.0', driver: { name: 'vfio-pci' } },
      ],
      steps: [
        { op: 'boot' },
        { op: 'vfio-claim', group: 1 },
        { op: 'vfio-release', group: 1 },
        { op: 'unbind', device: '01:00.0' },
        { op: 'bind', device: '01:00.0', driver: 'igb' },
      ],
    });
    expect(r.steps.map((s) => s.ok)).toEqual([true, true, true, true, true]);
  });
});
