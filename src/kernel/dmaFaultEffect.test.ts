/**
 * Every DMA fault says what became of the DMA (`dma`): blocked and logged by the IOMMU, sent to the
 * wrong memory without a line, aimed at a buffer out of the device's reach, or walked through freed
 * page tables. One test per place the core raises one; then all of them, over every example.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exampleFiles, loadScenario } from './examples.helpers';
import { randomScenarioArb as scenarioArb } from './randomScenario.helpers';
import { runScenario } from './run';
import type { DeviceSpec, DmaFaultEffect, FixId, KernelId, RunResult, Step } from './types';

const host: DeviceSpec = { bdf: '00:00.0', type: 'host-bridge' };
const nic: DeviceSpec = { bdf: '00:02.0', type: 'rc-endpoint', class: '0200', driver: { name: 'e1000e' } };
const nvme: DeviceSpec = { bdf: '00:03.0', type: 'rc-endpoint', class: '0108' };

const run = (
  kernel: KernelId,
  cmdline: string,
  devices: DeviceSpec[],
  steps: Step[],
  fixes: Partial<Record<FixId, boolean>> = {},
  machine: Record<string, boolean> = {},
) => runScenario({ format: 'iommu-sandbox/scenario@1', kernel, cmdline, fixes, machine, devices, steps });

// The DMA faults as [fn, dma], in the order the core raised them.
const effects = (r: RunResult) =>
  r.faults
    .filter((f) => f.kind === 'dma-fault')
    .map((f): [string, DmaFaultEffect | undefined] => [f.fn, f.dma]);

// The kernel lines of a step that report a blocked DMA.
const dmarLines = (r: RunResult, step: number) =>
  r.steps[step]!.events.filter((e) => !e.silent && e.fn.startsWith('dmar_fault'));

describe('blocked: the IOMMU refuses the DMA and dmar_fault logs it', () => {
  it("dmar_fault at a driver's map: a context in 6.1's empty blocking domain (a claim that failed)", () => {
    // Two functions without ACS, the second RMRR-locked: user space's claim of their group fails
    // halfway, leaving the first in the blocking domain; a host driver then maps through it.
    const r = run(
      'v6.1',
      'intel_iommu=on',
      [
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
          class: '0200',
          rmrr: true,
        },
      ],
      [
        { op: 'boot' },
        { op: 'bind', device: '01:00.0', driver: 'vfio-pci' },
        { op: 'vfio-claim', group: 1 },
        { op: 'unbind', device: '01:00.0' },
        { op: 'bind', device: '01:00.0', driver: 'igb' },
        { op: 'dma', device: '01:00.0' },
      ],
    );
    expect(effects(r)).toEqual([['dmar_fault', 'blocked']]);
    expect(dmarLines(r, 5).length).toBeGreaterThan(0);
  });

  it("dmar_fault at a driver's map: dma-direct's physical address through the crashed kernel's tables", () => {
    const r = run(
      'v6.1',
      'intel_iommu=on',
      [host, nic],
      [{ op: 'boot' }, { op: 'crash', cmdline: 'iommu=pt' }, { op: 'dma', device: '00:02.0' }],
    );
    expect(effects(r)).toEqual([['dmar_fault', 'blocked']]);
  });

  it('domain_exit: a device doing DMA loses its context entry when its domain is freed', () => {
    const r = run(
      'v5.3',
      'intel_iommu=on iommu=pt',
      [host, { ...nic, driver: null }, nvme],
      [
        { op: 'boot' },
        { op: 'bind', device: '00:03.0', driver: { name: 'nvme' } },
        { op: 'dma', device: '00:03.0' },
        { op: 'hot-remove', device: '00:02.0' },
      ],
      { 'si-domain-free-guard': false },
    );
    expect(effects(r)).toEqual([['domain_exit', 'blocked']]);
    expect(dmarLines(r, 3).length).toBeGreaterThan(0);
  });

  it("domain_context_mapping into a DMA domain: the crashed kernel's IOVAs are not mapped there", () => {
    const r = runScenario(loadScenario('e08-kdump-deferred-attach.no-defer.v5.3.json'));
    expect(effects(r)).toEqual([
      ['dmar_fault', 'blocked'],
      ['dmar_fault', 'blocked'],
    ]);
    // Without iommu=pt both devices sit in DMA domains, which refuse the old IOVAs.
    for (const d of r.steps[0]!.state.devices.filter((d) => d.bdf !== '00:00.0'))
      expect(d.dma, d.bdf).toBe('faults');
  });

  it('iommu_group_create_direct_mappings (5.3): an RMRR missing from the new DMA domain', () => {
    const r = run(
      'v5.3',
      'intel_iommu=on iommu.passthrough=1',
      [
        { bdf: '00:1c.0', type: 'root-port', acs: true },
        {
          bdf: '01:00.0',
          type: 'endpoint',
          parent: '00:1c.0',
          class: '0104',
          rmrr: true,
          driver: { name: 'megaraid_sas' },
        },
      ],
      [{ op: 'boot' }],
    );
    expect(effects(r)).toEqual([['iommu_group_create_direct_mappings', 'blocked']]);
  });
});

describe('misdirected: the DMA reaches other memory and nothing is logged', () => {
  it("E8 under iommu=pt: the identity attach passes the crashed kernel's IOVAs through untranslated", () => {
    const s = loadScenario('e08-kdump-deferred-attach.no-defer.v5.3.json');
    const r = runScenario({ ...s, cmdline: 'intel_iommu=on iommu=pt' });
    // Each device is attached first to its group's DMA domain (blocked), then to si_domain.
    expect(effects(r)).toEqual([
      ['dmar_fault', 'blocked'],
      ['domain_context_mapping', 'misdirected'],
      ['dmar_fault', 'blocked'],
      ['domain_context_mapping', 'misdirected'],
    ]);
    // Its context is hardware pass-through: the format's `passthrough`, not `faults` (kernel-model §1.5).
    for (const d of r.steps[0]!.state.devices.filter((d) => d.bdf !== '00:00.0'))
      expect(d.dma, d.bdf).toBe('passthrough');
    // Only the DMA domain's refusals print dmar_fault's lines: two per blocked device.
    expect(dmarLines(r, 0)).toHaveLength(4);
  });

  it('the same under 1:1 page tables (no hardware pass-through): identity, still misdirected', () => {
    const s = loadScenario('e08-kdump-deferred-attach.no-defer.v5.3.json');
    const r = runScenario({
      ...s,
      cmdline: 'intel_iommu=on iommu=pt',
      machine: { ...s.machine, hwPassThrough: false },
    });
    expect(
      effects(r)
        .filter(([fn]) => fn === 'domain_context_mapping')
        .map(([, dma]) => dma),
    ).toEqual(['misdirected', 'misdirected']);
    expect(r.steps[0]!.state.devices.find((d) => d.bdf === '00:02.0')!.dma).toBe('identity');
  });

  it('__intel_map_single (5.5 order): an IOVA through a pass-through context (a11bfde9c77d)', () => {
    const r = runScenario(loadScenario('e08-kdump-deferred-attach.defer-order-pt.v5.7.json'));
    expect(effects(r)).toEqual([['__intel_map_single', 'misdirected']]);
    expect(dmarLines(r, 1)).toEqual([]);
  });

  it("intel_disable_iommus: a kdump kernel with VT-d off lets the crashed kernel's IOVAs through", () => {
    const r = run(
      'v6.1',
      'intel_iommu=on',
      [host, nic],
      [{ op: 'boot' }, { op: 'crash', cmdline: 'intel_iommu=off' }],
    );
    expect(effects(r)).toEqual([['intel_disable_iommus', 'misdirected']]);
    expect(r.steps[1]!.state.devices.find((d) => d.bdf === '00:02.0')!.dma).toBe('physical');
  });
});

describe('out of reach: the buffer lies above what the device can address', () => {
  it('v3 without its 32-bit fallback: a 32-bit device left identity-mapped', () => {
    const r = run(
      'v3-sewart',
      'intel_iommu=on iommu=pt',
      [host, { bdf: '00:03.0', type: 'rc-endpoint', class: '0101', driver: { name: 'pata', dmaMask: 32 } }],
      [{ op: 'boot' }, { op: 'dma', device: '00:03.0' }],
      { 'b-32bit-fallback': false },
    );
    expect(effects(r)).toEqual([['iommu_need_mapping', 'out-of-reach']]);
  });
});

describe('unpredictable: the IOMMU walks freed page tables', () => {
  it('a device attached to a freed si_domain built from 1:1 page tables maps a buffer', () => {
    // E7 without the guard and without hardware pass-through: the re-added nic gets the freed
    // si_domain (use-after-free), whose page tables went with it.
    const s = loadScenario('e07-si-domain-freed-on-group-release.no-si-guard.v5.3.json');
    const r = runScenario({
      ...s,
      machine: { hwPassThrough: false },
      steps: [
        ...s.steps.slice(0, 3),
        { op: 'bind', device: '00:02.0', driver: { name: 'e1000e' } },
        { op: 'dma', device: '00:02.0' },
      ],
    });
    expect(effects(r).at(-1)).toEqual(['dmar_fault', 'unpredictable']);
    expect(dmarLines(r, 4)).toEqual([]);
  });
});

describe('every DMA fault says what became of the DMA', () => {
  it('in every worked example', () => {
    const missing: string[] = [];
    let seen = 0;
    for (const file of exampleFiles()) {
      for (const f of runScenario(loadScenario(file)).faults) {
        if (f.kind !== 'dma-fault') {
          expect(f.dma, `${file}: a ${f.kind} has no DMA effect`).toBeUndefined();
          continue;
        }
        seen += 1;
        if (!f.dma) missing.push(`${file}: ${f.fn}`);
      }
    }
    expect(missing).toEqual([]);
    expect(seen).toBeGreaterThan(0);
  });

  it('in random scenarios', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        for (const f of runScenario(s).faults)
          expect(f.kind === 'dma-fault', `${f.kind} ${f.fn}: ${f.dma}`).toBe(f.dma !== undefined);
      }),
      { numRuns: 150 },
    );
  });
});
