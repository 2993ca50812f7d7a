/**
 * 5.11's flush queues: set up with a DMA domain's first trusted device's DMA ops
 * (iommu_dma_init_domain), so a domain only an untrusted device uses has none, and Caching Mode's
 * warning comes the first time a flush queue is asked for, at boot or later.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from './run';
import type { DeviceSpec, MachineSpec, Step } from './types';

const DEVICES: DeviceSpec[] = [
  { bdf: '00:00.0', type: 'host-bridge', driver: null },
  { bdf: '00:02.0', type: 'rc-endpoint', class: '0200', driver: { name: 'e1000e' } },
  { bdf: '00:03.0', type: 'rc-endpoint', class: '0200', driver: null },
  {
    bdf: '00:1c.0',
    type: 'root-port',
    acs: true,
    externalFacing: true,
    driver: { name: 'pcieport', managedDma: true },
  },
  { bdf: '01:00.0', type: 'endpoint', parent: '00:1c.0', class: '0200', driver: { name: 'igb' } },
];

const run = (cmdline: string, steps: Step[], machine: MachineSpec = {}) =>
  runScenario({
    format: 'iommu-sandbox/scenario@1',
    kernel: 'v5.11',
    cmdline,
    machine,
    devices: DEVICES,
    steps,
  });

const BATCHING = 'DMAR: IOMMU batching is disabled due to virtualization';
const domainOf = (r: ReturnType<typeof run>, step: number, bdf: string) => {
  const s = r.steps[step]!.state;
  const id = s.devices.find((d) => d.bdf === bdf)!.domain;
  return s.domains.find((d) => d.id === id)!;
};

describe('5.11 flush queues', () => {
  it('a DMA domain gets one for a trusted device, none for a device below an external-facing port', () => {
    const r = run('intel_iommu=on', [{ op: 'boot' }]);
    expect(domainOf(r, 0, '00:02.0')).toMatchObject({ type: 'DMA', lazy: true });
    expect(domainOf(r, 0, '01:00.0').type).toBe('DMA');
    expect(domainOf(r, 0, '01:00.0').lazy).toBeUndefined();
    // intel_iommu=strict: none at all.
    expect(domainOf(run('intel_iommu=on,strict', [{ op: 'boot' }]), 0, '00:02.0').lazy).toBeUndefined();
  });

  it('Caching Mode: no warning when the only DMA domain is an untrusted device’s', () => {
    const r = run('intel_iommu=on iommu=pt', [{ op: 'boot' }], { cachingMode: true });
    expect(domainOf(r, 0, '01:00.0').type).toBe('DMA');
    expect(r.steps[0]!.events.map((e) => e.line)).not.toContain(BATCHING);
  });

  it('Caching Mode: the warning comes with the first trusted DMA domain after boot, once a boot', () => {
    const r = run(
      'intel_iommu=on iommu=pt',
      [
        { op: 'boot' },
        { op: 'set-group-type', group: 2, value: 'DMA' },
        { op: 'set-group-type', group: 2, value: 'identity' },
        { op: 'set-group-type', group: 2, value: 'DMA' },
        { op: 'boot' },
        { op: 'set-group-type', group: 2, value: 'DMA' },
      ],
      { cachingMode: true },
    );
    const said = r.steps.map((s) => s.events.filter((e) => e.line === BATCHING).length);
    expect(r.steps.map((s) => s.ok)).toEqual([true, true, true, true, true, true]);
    expect(said).toEqual([0, 1, 0, 0, 0, 1]);
    expect(domainOf(r, 1, '00:03.0')).toMatchObject({ type: 'DMA' });
    expect(domainOf(r, 1, '00:03.0').lazy).toBeUndefined();
  });
});

describe('before 5.11, an untrusted device is strict whatever its domain', () => {
  // intel_unmap() flushes at once for pdev->untrusted: a domain only it uses reads strict.
  const devices: DeviceSpec[] = [
    { bdf: '00:00.0', type: 'host-bridge' },
    { bdf: '00:1c.0', type: 'root-port', externalFacing: true, acs: true },
    {
      bdf: '01:00.0',
      type: 'endpoint',
      parent: '00:1c.0',
      class: '0200',
      driver: { name: 'tb-nic', dmaMask: 64 },
    },
    { bdf: '00:02.0', type: 'rc-endpoint', class: '0200', driver: { name: 'nic', dmaMask: 64 } },
  ];
  for (const kernel of ['v5.3', 'v5.7', 'v5.8'] as const)
    it(`${kernel}: the untrusted endpoint's DMA domain is strict, a trusted device's lazy`, () => {
      const r = runScenario({ format: 'iommu-sandbox/scenario@1', kernel, devices, steps: [{ op: 'boot' }] });
      const state = r.steps[0]!.state;
      const domainOf = (bdf: string) => state.domains.find((d) => d.devices.includes(bdf))!;
      expect(domainOf('01:00.0')).toMatchObject({ type: 'DMA' });
      expect(domainOf('01:00.0').lazy).toBeUndefined();
      expect(domainOf('00:02.0')).toMatchObject({ type: 'DMA', lazy: true });
    });
});
