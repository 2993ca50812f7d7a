/**
 * What happens to DMA the crashed kernel programmed, by the kind of address it uses: IOVAs (the
 * device was in a DMA domain) only the copied tables map; physical addresses (it was in the
 * identity domain, 1:1 or pass-through) survive a 1:1 mapping or no translation at all.
 */
import { describe, expect, it } from 'vitest';
import { dmaBehaviour } from './dma';
import { dmesgLine } from './dmesg';
import { applyStep, createMachine, runScenario } from './run';
import type { FixId, KernelId, Scenario, Step } from './types';

const NIC = '00:02.0';

// The NIC's driver is bound in the first kernel only: the kdump kernel has none for it, so
// nothing resets the card and it keeps doing the DMA the crashed kernel set up.
function scenario(
  kernel: KernelId,
  cmdline: string,
  steps: Step[],
  fixes?: Partial<Record<FixId, boolean>>,
): Scenario {
  return {
    format: 'iommu-sandbox/scenario@1',
    kernel,
    cmdline,
    ...(fixes ? { fixes } : {}),
    devices: [
      { bdf: '00:00.0', type: 'host-bridge' },
      { bdf: NIC, type: 'rc-endpoint', class: '0200' },
    ],
    steps,
  };
}

const running: Step[] = [
  { op: 'boot' },
  { op: 'bind', device: NIC, driver: 'e1000e' },
  { op: 'dma', device: NIC },
];
const crashTo = (cmdline: string): Step => ({ op: 'crash', cmdline });
const kernelLines = (r: ReturnType<typeof runScenario>, step: number) =>
  r.steps[step]!.events.filter((e) => !e.silent).map(dmesgLine);

describe('a kdump kernel booted with VT-d off (intel_disable_iommus)', () => {
  it('sends DMA the crashed kernel set up with IOVAs to physical memory: corruption', () => {
    const r = runScenario(scenario('v6.1', 'intel_iommu=on', [...running, crashTo('intel_iommu=off')]));
    const crash = r.steps[3]!;
    expect(crash.ok).toBe(true);
    expect(r.faults).toEqual([
      expect.objectContaining({
        kind: 'dma-fault',
        fn: 'intel_disable_iommus',
        device: NIC,
        step: 3,
        message: expect.stringMatching(/IOVAs.*physical addresses: memory corruption$/),
      }),
    ]);
    expect(crash.state.devices.find((d) => d.bdf === NIC)!.dma).toBe('physical');
  });

  it('leaves DMA to physical addresses alone (the crashed kernel ran the NIC in pass-through)', () => {
    const r = runScenario(
      scenario('v6.1', 'intel_iommu=on iommu=pt', [...running, crashTo('intel_iommu=off')]),
    );
    expect(r.steps[3]!.ok).toBe(true);
    expect(r.faults).toEqual([]);
  });

  it('has nothing to corrupt when the crashed kernel did not translate either', () => {
    const r = runScenario(scenario('v6.1', 'intel_iommu=off', [...running, crashTo('intel_iommu=off')]));
    expect(r.faults).toEqual([]);
  });

  it.each(['v5.1', 'v5.3', 'v5.11'] as const)(
    '%s does the same (the switch-off is in every version)',
    (k) => {
      const r = runScenario(scenario(k, 'intel_iommu=on', [...running, crashTo('intel_iommu=off')]));
      expect(r.faults.map((f) => [f.fn, f.device])).toEqual([['intel_disable_iommus', NIC]]);
    },
  );
});

describe('5.3 without the deferral, iommu=pt in the kdump kernel: DMA domain first, then si_domain', () => {
  const crashed = (firstCmdline: string) =>
    runScenario(
      scenario('v5.3', firstCmdline, [...running, crashTo('intel_iommu=on iommu=pt')], {
        'defer-attach-in-kdump': false,
      }),
    );

  it('IOVAs fault in the DMA domain, then identity mapping sends them to physical memory', () => {
    const r = crashed('intel_iommu=on');
    expect(r.faults.map((f) => [f.fn, f.step])).toEqual([
      ['dmar_fault', 3],
      ['domain_context_mapping', 3],
    ]);
    expect(r.faults[0]!.message).toMatch(
      /still DMAs to the crashed kernel's IOVAs, which d\d+ does not map: the IOMMU blocks them \(fault reason 5: PTE Write access is not set\)/,
    );
    // The kernel's own lines, in 5.3's words; identity mapping's corruption prints nothing.
    expect(kernelLines(r, 3).filter((l) => l.startsWith('DMAR: [') || l.includes('DRHD'))).toEqual([
      'DMAR: DRHD: handling fault status reg …',
      'DMAR: [DMA Write] Request device [00:02.0] fault addr … [fault reason 05] PTE Write access is not set',
    ]);
    expect(r.faults[1]!.message).toMatch(/memory corruption$/);
  });

  it('1:1 addresses (the crashed kernel was iommu=pt too) fault only in the DMA domain', () => {
    const r = crashed('intel_iommu=on iommu=pt');
    expect(r.faults.map((f) => f.fn)).toEqual(['dmar_fault']);
    expect(r.faults[0]!.message).toMatch(/crashed kernel's 1:1 addresses, which d\d+ does not map/);
    expect(r.steps[3]!.state.devices.find((d) => d.bdf === NIC)!.dma).toBe('passthrough');
  });
});

it('an attach to a DMA domain faults the old physical addresses (they are not mapped there)', () => {
  let m = createMachine(scenario('v5.3', 'intel_iommu=on iommu=pt', [], { 'defer-attach-in-kdump': false }));
  for (const step of [...running, crashTo('intel_iommu=on')]) m = applyStep(m, step).machine;
  expect(dmaBehaviour(m, m.devices[NIC]!)).toBe('faults');
  expect(m.faults.map((f) => f.fn)).toEqual(['dmar_fault']);
});

describe('kdump-identity (5.8+): dma-direct never performs the deferred attach', () => {
  // The NIC's driver is the device's own here, so the kdump kernel binds it too.
  const crashed = (firstCmdline: string) =>
    runScenario({
      format: 'iommu-sandbox/scenario@1',
      kernel: 'v6.1',
      cmdline: firstCmdline,
      devices: [
        { bdf: '00:00.0', type: 'host-bridge' },
        { bdf: NIC, type: 'rc-endpoint', class: '0200', driver: { name: 'e1000e' } },
      ],
      steps: [{ op: 'boot' }, crashTo('iommu=pt'), { op: 'dma', device: NIC }],
    });

  it("faults: the crashed kernel's copied tables do not map the physical addresses dma-direct hands out", () => {
    const r = crashed('intel_iommu=on');
    expect(r.faults).toEqual([
      expect.objectContaining({
        kind: 'dma-fault',
        step: 2,
        device: NIC,
        inferred: true,
        message: expect.stringMatching(
          /a physical address \(dma-direct\), which the crashed kernel's copied tables do not map: the IOMMU blocks its DMA \(fault reason 6: PTE Read access is not set\)/,
        ),
      }),
    ]);
    // 6.1's dmar_fault_do_one: no PASID in the request, hex address and reason.
    expect(kernelLines(r, 2).filter((l) => l.startsWith('DMAR: '))).toEqual([
      'DMAR: DRHD: handling fault status reg …',
      'DMAR: [DMA Read NO_PASID] Request device [00:02.0] fault addr 0x… [fault reason 0x06] PTE Read access is not set',
    ]);
    const nic = r.steps[2]!.state.devices.find((d) => d.bdf === NIC)!;
    expect([nic.attach, nic.dma]).toEqual(['deferred', 'faults']);
  });

  it('works by chance when the crashed kernel had the device 1:1 too (iommu=pt in both)', () => {
    const r = crashed('iommu=pt');
    expect(r.faults).toEqual([]);
    expect(r.steps[2]!.state.devices.find((d) => d.bdf === NIC)!.dma).toBe('old-kernel');
  });
});
