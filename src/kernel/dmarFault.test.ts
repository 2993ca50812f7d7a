/**
 * The lines a kernel developer reads when the IOMMU blocks a DMA (dmar_fault → dmar_fault_do_one),
 * in each version's words, and only where the IOMMU would report one.
 */
import { describe, expect, it } from 'vitest';
import { dmesgLine } from './dmesg';
import { loadScenario } from './examples.helpers';
import { runScenario } from './run';
import type { DeviceSpec, FixId, KernelId, RunResult, Scenario, Step } from './types';

const lines = (r: RunResult, step: number) => r.steps[step]!.events.filter((e) => !e.silent).map(dmesgLine);
const dmar = (r: RunResult, step: number) =>
  lines(r, step).filter((l) => l.startsWith('DMAR: [') || l.startsWith('DMAR: DRHD'));

// E8 without the deferral: the kdump kernel attaches fresh default domains while the nic and the
// nvme still DMA to the crashed kernel's IOVAs.
const noDefer = (kernel: KernelId) =>
  runScenario({
    ...loadScenario('e08-kdump-deferred-attach.no-defer.v5.3.json'),
    kernel,
  });

describe('kdump without deferred attach: the DMAR fault lines', () => {
  const record: Record<'v5.3' | 'v5.7' | 'v5.8' | 'v5.11' | 'v6.1', (dev: string) => string> = {
    // 5.3 (drivers/iommu/dmar.c): no PASID, reason in decimal.
    'v5.3': (dev) =>
      `DMAR: [DMA Write] Request device [${dev}] fault addr … [fault reason 05] PTE Write access is not set`,
    // 5.4 to 5.13: "PASID %x" of -1 for a request without one.
    'v5.7': (dev) =>
      `DMAR: [DMA Write] Request device [${dev}] PASID ffffffff fault addr … [fault reason 05] PTE Write access is not set`,
    'v5.8': (dev) =>
      `DMAR: [DMA Write] Request device [${dev}] PASID ffffffff fault addr … [fault reason 05] PTE Write access is not set`,
    'v5.11': (dev) =>
      `DMAR: [DMA Write] Request device [${dev}] PASID ffffffff fault addr … [fault reason 05] PTE Write access is not set`,
    // 6.1 (drivers/iommu/intel/dmar.c): NO_PASID, address and reason in hex.
    'v6.1': (dev) =>
      `DMAR: [DMA Write NO_PASID] Request device [${dev}] fault addr 0x… [fault reason 0x05] PTE Write access is not set`,
  };
  for (const [kernel, line] of Object.entries(record) as [keyof typeof record, (d: string) => string][])
    it(`${kernel}: dmar_fault's status line, then dmar_fault_do_one's record, for each device`, () => {
      expect(dmar(noDefer(kernel), 0)).toEqual([
        'DMAR: DRHD: handling fault status reg …',
        line('00:02.0'),
        'DMAR: DRHD: handling fault status reg …',
        line('00:03.0'),
      ]);
    });

  it('names the functions, marks the lines inferred (address and direction are the sandbox’s) and levels them err', () => {
    const events = noDefer('v5.3').steps[0]!.events.filter((e) => !e.silent && e.fn.startsWith('dmar_fault'));
    expect(events.map((e) => [e.fn, e.device, e.level, e.inferred])).toEqual([
      ['dmar_fault', '00:02.0', 'err', true],
      ['dmar_fault_do_one', '00:02.0', 'err', true],
      ['dmar_fault', '00:03.0', 'err', true],
      ['dmar_fault_do_one', '00:03.0', 'err', true],
    ]);
  });

  it('come with the attach that replaced the copied context, before iommu_group_add_device logs', () => {
    const l = lines(noDefer('v5.3'), 0);
    const fault = l.indexOf(record['v5.3']('00:02.0'));
    expect(fault).toBeGreaterThan(l.indexOf('pci 0000:00:00.0: Adding to iommu group 0'));
    expect(fault).toBeLessThan(l.indexOf('pci 0000:00:02.0: Adding to iommu group 1'));
  });

  it('none with the deferral: the devices keep the copied contexts', () => {
    const r = runScenario(loadScenario('e08-kdump-deferred-attach.v5.3.json'));
    for (let i = 0; i < r.steps.length; i++) expect(dmar(r, i)).toEqual([]);
  });
});

const machine = (
  kernel: KernelId,
  devices: DeviceSpec[],
  steps: Step[],
  extra: Partial<Scenario> = {},
  fixes?: Partial<Record<FixId, boolean>>,
): RunResult =>
  runScenario({
    format: 'iommu-sandbox/scenario@1',
    kernel,
    cmdline: 'intel_iommu=on',
    ...(fixes ? { fixes } : {}),
    ...extra,
    devices,
    steps,
  });

describe('only where the IOMMU translates and refuses', () => {
  const nic: DeviceSpec = { bdf: '00:02.0', type: 'rc-endpoint', class: '0200', driver: { name: 'e1000e' } };
  const host: DeviceSpec = { bdf: '00:00.0', type: 'host-bridge' };

  it('a kdump kernel with VT-d off: the old IOVAs reach memory untranslated, no DMAR line', () => {
    const r = machine('v6.1', [host, nic], [{ op: 'boot' }, { op: 'crash', cmdline: 'intel_iommu=off' }]);
    expect(r.faults.map((f) => f.fn)).toEqual(['intel_disable_iommus']);
    expect(dmar(r, 1)).toEqual([]);
  });

  it('identity mapping of old IOVAs corrupts memory without a DMAR line; the DMA domain before it faults', () => {
    const r = machine(
      'v5.3',
      [host, nic],
      [{ op: 'boot' }, { op: 'crash', cmdline: 'intel_iommu=on iommu=pt' }],
      {},
      { 'defer-attach-in-kdump': false },
    );
    expect(r.faults.map((f) => f.fn)).toEqual(['dmar_fault', 'domain_context_mapping']);
    expect(dmar(r, 1)).toHaveLength(2);
  });

  it('a conventional device behind a PCIe-to-PCI bridge is reported under the bridge’s requester ID', () => {
    const r = machine(
      'v5.3',
      [
        host,
        { bdf: '00:1c.0', type: 'root-port', acs: true },
        { bdf: '01:00.0', type: 'pcie-to-pci-bridge', parent: '00:1c.0' },
        { bdf: '02:01.0', type: 'pci', parent: '01:00.0', class: '0200', driver: { name: 'e100' } },
      ],
      [{ op: 'boot' }, { op: 'crash' }],
      {},
      { 'defer-attach-in-kdump': false },
    );
    expect(dmar(r, 1)).toContain(
      'DMAR: [DMA Write] Request device [02:00.0] fault addr … [fault reason 05] PTE Write access is not set',
    );
  });

  it('a device whose context entry domain_exit cleared reports "Present bit in context entry is clear"', () => {
    // 5.3, iommu=pt, si_domain guard off: releasing one group frees si_domain under the nvme.
    const r = machine(
      'v5.3',
      [host, { bdf: '00:02.0', type: 'rc-endpoint' }, { bdf: '00:03.0', type: 'rc-endpoint', class: '0108' }],
      [
        { op: 'boot' },
        { op: 'bind', device: '00:03.0', driver: { name: 'nvme' } },
        { op: 'dma', device: '00:03.0' },
        { op: 'hot-remove', device: '00:02.0' },
      ],
      { cmdline: 'intel_iommu=on iommu=pt' },
      { 'si-domain-free-guard': false },
    );
    expect(dmar(r, 3)).toEqual([
      'DMAR: DRHD: handling fault status reg …',
      'DMAR: [DMA Read] Request device [00:03.0] fault addr … [fault reason 02] Present bit in context entry is clear',
    ]);
  });

  it('stops after the ratelimit burst of 10 messages in a step, and says so', () => {
    const nics: DeviceSpec[] = Array.from({ length: 8 }, (_, i) => ({
      bdf: `00:0${i + 2}.0`,
      type: 'rc-endpoint',
      class: '0200',
      driver: { name: 'e1000e' },
    }));
    const r = machine(
      'v6.1',
      [host, ...nics],
      [{ op: 'boot' }, { op: 'crash' }],
      {},
      {
        'defer-attach-in-kdump': false,
      },
    );
    expect(dmar(r, 1)).toHaveLength(10);
    expect(r.faults.filter((f) => f.kind === 'dma-fault')).toHaveLength(8);
    const notes = r.steps[1]!.events.filter((e) => e.silent && e.kind === 'dma' && e.fn === 'dmar_fault');
    expect(notes.map((e) => e.message)).toEqual([
      'more DMAR faults in this step are not printed (ratelimited)',
    ]);
  });
});
