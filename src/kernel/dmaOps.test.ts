/**
 * Which DMA API a device's driver ends up calling (dma_ops), as probe_finalize / add_device set
 * it: from the domain the device is in at that moment (iommu_get_domain_for_dev), bounce buffers
 * for untrusted devices in 5.4–5.10 whatever that domain, and never changed by vfio's release.
 */
import { describe, expect, it } from 'vitest';
import { dmesgLine } from './dmesg';
import { loadScenario } from './examples.helpers';
import { runScenario } from './run';
import type { DeviceSpec, KernelId, RunResult, Scenario, Step } from './types';

const machine: DeviceSpec[] = [
  { bdf: '00:00.0', type: 'host-bridge' },
  { bdf: '00:07.0', type: 'root-port', acs: true, externalFacing: true },
  { bdf: '01:00.0', type: 'endpoint', parent: '00:07.0', driver: { name: 'igc' } },
  { bdf: '00:1d.0', type: 'root-port', acs: false },
  { bdf: '02:00.0', type: 'endpoint', parent: '00:1d.0', driver: { name: 'vfio-pci' } },
];

function run(kernel: KernelId, steps: Step[] = [], cmdline = 'intel_iommu=on'): RunResult {
  const s: Scenario = {
    format: 'iommu-sandbox/scenario@1',
    kernel,
    cmdline,
    devices: machine,
    steps: [{ op: 'boot' }, ...steps],
  };
  return runScenario(s);
}
const opsOf = (r: RunResult, step: number, bdf: string) =>
  r.steps[step]!.state.devices.find((d) => d.bdf === bdf)!.dmaOps;

describe('dma_ops', () => {
  it('5.7: an untrusted device gets bounce_dma_ops, and intel_iommu_add_device says so', () => {
    const r = run('v5.7');
    expect(opsOf(r, 0, '01:00.0')).toBe('intel-bounce');
    const lines = r.steps[0]!.events.filter((e) => e.device === '01:00.0' && !e.silent).map(dmesgLine);
    expect(lines).toContain('pci 0000:01:00.0: DMAR: Use Intel IOMMU bounce page dma_ops');
    expect(opsOf(run('v5.3'), 0, '01:00.0')).toBe('intel');
  });

  it('5.8: bounce_dma_ops for an untrusted device even in an identity domain (E6)', () => {
    const r = runScenario(loadScenario('e06-conflicting-needs-in-one-group.v5.8.json'));
    const s = r.steps[0]!.state;
    const tb = s.devices.find((d) => d.bdf === '03:00.0')!;
    expect(s.domains.find((d) => d.id === tb.domain)!.type).toBe('identity');
    expect(tb.dmaOps).toBe('intel-bounce');
    expect(s.devices.find((d) => d.bdf === '04:00.0')!.dmaOps).toBe('direct');
  });

  it('6.1: a device hot-added into a claimed group is in the VM domain: dma-direct, kept after release', () => {
    const added: DeviceSpec = { bdf: '02:00.1', type: 'endpoint', parent: '00:1d.0' };
    const r = run('v6.1', [
      { op: 'vfio-claim', group: 2 },
      { op: 'hot-add', device: added },
      { op: 'vfio-release', group: 2 },
    ]);
    expect(r.steps.map((s) => s.ok)).toEqual([true, true, true, true]);
    expect(opsOf(r, 2, '02:00.1')).toBe('direct');
    expect(opsOf(r, 3, '02:00.1')).toBe('direct');
    expect(opsOf(r, 3, '02:00.0')).toBe('iommu-dma');
  });
});

describe('the external-facing port itself', () => {
  it('is untrusted before 5.9 (its group gets DMA under iommu=pt), trusted from 5.9', () => {
    const portDomainType = (kernel: KernelId) => {
      const s = run(kernel, [], 'intel_iommu=on iommu=pt').steps[0]!.state;
      const port = s.devices.find((d) => d.bdf === '00:07.0')!;
      return s.domains.find((d) => d.id === port.domain)!.type;
    };
    expect(portDomainType('v5.8')).toBe('DMA');
    expect(portDomainType('v6.1')).toBe('identity');
  });
});

describe('a DMA map says in the log what the device got (it prints nothing in the kernel)', () => {
  const mapped = (kernel: KernelId, cmdline: string) =>
    run(kernel, [{ op: 'dma', device: '01:00.0' }], cmdline).steps[1]!.events.filter((e) => e.kind === 'dma');

  it('an IOVA from the DMA domain, through the version’s map call', () => {
    expect(mapped('v6.1', 'intel_iommu=on')).toEqual([
      expect.objectContaining({
        fn: 'iommu_dma_map_page',
        device: '01:00.0',
        message: expect.stringMatching(/^igc maps a buffer: an IOVA that d\d+ now maps$/),
        silent: true,
      }),
    ]);
    // 5.7's first map keeps an untrusted device on bounce_dma_ops.
    expect(mapped('v5.7', 'intel_iommu=on')[0]).toMatchObject({ fn: 'bounce_map_page' });
    expect(opsOf(run('v5.7', [{ op: 'dma', device: '01:00.0' }]), 1, '01:00.0')).toBe('intel-bounce');
  });

  it('nothing when the map ends in a DMA fault (the fault is the line)', () => {
    const r = run('v6.1', [
      { op: 'unbind', device: '01:00.0' },
      { op: 'hot-remove', device: '00:07.0' },
    ]);
    expect(r.steps.every((s) => s.events.every((e) => e.fn !== 'iommu_dma_map_page'))).toBe(true);
  });
});

describe('dma_ops of an identity-mapped device, before and after per-device ops (5.8)', () => {
  it('5.1 and 5.3 keep the global intel_dma_ops: intel_map_page asks iommu_need_mapping() at each map', () => {
    for (const file of ['e02-iommu-pt-32bit-device.v5.3.json', 'e01-iommu-pt-32bit-device.v5.1.json']) {
      const r = runScenario(loadScenario(file));
      const nic = (step: number) => r.steps[step]!.state.devices.find((d) => d.bdf === '00:02.0')!;
      const dmaStep = r.steps.findIndex(
        (s) => s.op === 'dma' && s.events.some((e) => e.device === '00:02.0'),
      );
      expect(dmaStep, file).toBeGreaterThan(0);
      expect([nic(0).dmaOps, nic(dmaStep).dmaOps, nic(dmaStep).dma], file).toEqual([
        'intel',
        'intel',
        'passthrough',
      ]);
      const map = r.steps[dmaStep]!.events.find((e) => e.fn === 'intel_map_page' && e.device === '00:02.0');
      expect(map?.message, file).toMatch(/a physical address/);
    }
  });

  it('5.8 gives it dma-direct at probe_finalize', () => {
    const r = runScenario(loadScenario('e04-iommu-pt-32bit-device.v5.8.json'));
    expect(r.steps[0]!.state.devices.find((d) => d.bdf === '00:02.0')!.dmaOps).toBe('direct');
  });
});

describe('a 32-bit device left identity-mapped from 5.8 (E4)', () => {
  const e4 = loadScenario('e04-iommu-pt-32bit-device.v5.8.json');
  const mapped = (r: RunResult) =>
    r.steps[2]!.events.filter(
      (e) => e.kind === 'dma' && e.device === '00:03.0' && /maps a buffer/.test(e.message),
    );

  it('maps with dma-direct, which bounces a buffer above 4 GiB through swiotlb', () => {
    const [map] = mapped(runScenario(e4));
    expect(map).toMatchObject({ fn: 'swiotlb_map', message: expect.stringMatching(/swiotlb bounce buffer/) });
  });
  it('bounces nothing when RAM ends below 4 GiB', () => {
    const [map] = mapped(runScenario({ ...e4, machine: { ...e4.machine, ramAbove4G: false } }));
    expect(map).toMatchObject({ fn: 'dma_direct_map_page' });
    expect(map?.message).not.toMatch(/swiotlb/);
  });
});

describe('a map through the freed si_domain (E7 without the guard)', () => {
  it('under hardware pass-through reaches physical memory, with no DMA fault: the harm is the freed memory', () => {
    const e7 = loadScenario('e07-si-domain-freed-on-group-release.no-si-guard.v5.3.json');
    const s: Scenario = {
      ...e7,
      steps: [
        ...e7.steps.slice(0, 3),
        { op: 'bind', device: '00:02.0', driver: 'e1000e' },
        { op: 'dma', device: '00:02.0' },
      ],
    };
    const r = runScenario(s);
    const map = r.steps[4]!;
    expect(map.events.find((e) => /maps a buffer/.test(e.message))?.message).toMatch(
      /written from si_domain, freed/,
    );
    expect(r.faults.filter((f) => f.step === 4 && f.kind === 'dma-fault')).toEqual([]);
    expect(r.steps[2]!.state.devices.find((d) => d.bdf === '00:02.0')?.dma).toBe('passthrough');
  });
});
