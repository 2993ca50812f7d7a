/**
 * kdump-defer-order, as a maintainer checks it: the log line, the function it names, the answer
 * and the faults of the first DMA map of a deferred device. 5.3.1 oopses in identity_mapping();
 * 5.7 with the switch off runs 5.5/5.6-rc1's order (a11bfde9c77d's "before").
 */
import { describe, expect, it } from 'vitest';
import { dmesgLine } from './dmesg';
import { runScenario } from './run';
import type { KernelId, MachineSpec, RunResult, StepResult } from './types';
import { CUT_HERE } from './warn';

const lines = (s: StepResult) => s.events.filter((e) => !e.silent).map(dmesgLine);
const dev = (r: RunResult, step: number, bdf: string) =>
  r.steps[step]!.state.devices.find((d) => d.bdf === bdf)!;

const NVME = '00:03.0';
const kdump = (kernel: KernelId, deferFirst: boolean, cmdline = '', machine: MachineSpec = {}): RunResult =>
  runScenario({
    format: 'iommu-sandbox/scenario@1',
    kernel,
    fixes: { 'deferred-attach-first': deferFirst },
    cmdline,
    machine: { kdump: true, ...machine },
    devices: [
      { bdf: '00:00.0', type: 'host-bridge' },
      { bdf: NVME, type: 'rc-endpoint', class: '0108' },
    ],
    steps: [
      { op: 'boot' },
      { op: 'bind', device: NVME, driver: { name: 'nvme', dmaMask: 64 } },
      { op: 'dma', device: NVME },
      { op: 'dma', device: NVME },
    ],
  });
const WARNING = 'WARNING: CPU: … PID: … at drivers/iommu/intel-iommu.c:… domain_get_iommu+0x…/0x…';

describe('kdump-defer-order: the identity check before the deferred attach', () => {
  it('5.3.1: identity_mapping() oopses on the DEFER marker at the first map', () => {
    const r = kdump('v5.3', false);
    expect(r.steps[2]!.error).toMatch(/^-EFAULT/);
    expect(lines(r.steps[2]!)).toEqual(['BUG: kernel NULL pointer dereference, address: 0000000000000056']);
    expect(r.steps[2]!.events.find((e) => e.level === 'err')?.fn).toBe('identity_mapping');
    expect(r.faults.map((f) => [f.kind, f.fn])).toEqual([['kernel-crash', 'identity_mapping']]);
  });

  it('5.7 switched off (5.5/5.6-rc1): no oops; a DMA default is attached late and translates as with the fix', () => {
    const off = kdump('v5.7', false);
    const on = kdump('v5.7', true);
    expect(off.steps[2]!.ok).toBe(true);
    expect(off.faults).toEqual([]);
    expect(lines(off.steps[2]!)).toEqual([]);
    const attach = off.steps[2]!.events.find((e) => e.kind === 'attach');
    expect(attach?.fn).toBe('deferred_attach_domain');
    expect(on.steps[2]!.events.find((e) => e.kind === 'attach')?.fn).toBe('do_deferred_attach');
    expect(off.steps[2]!.state).toEqual(on.steps[2]!.state);
  });

  it('5.7 switched off, iommu=pt: domain_get_iommu WARNs and the IOVA bypasses the pass-through context', () => {
    const r = kdump('v5.7', false, 'iommu=pt');
    const step = r.steps[2]!;
    expect(step.ok).toBe(true);
    expect(lines(step)).toEqual([CUT_HERE, WARNING]);
    const warn = step.events.find((e) => e.message === WARNING)!;
    expect([warn.fn, warn.level, warn.device]).toEqual(['domain_get_iommu', 'warn', NVME]);
    expect(r.faults.map((f) => [f.step, f.kind, f.fn, f.device, f.inferred])).toEqual([
      [2, 'dma-fault', '__intel_map_single', NVME, true],
    ]);
    expect(dev(r, 2, NVME)).toMatchObject({ attach: 'attached', dma: 'passthrough', dmaOps: 'intel' });
    expect(step.events.find((e) => e.fn === 'intel_map_page')?.message).toMatch(/an IOVA from si_domain/);
    // The second map: identity_mapping() now says yes, intel_map_page hands it to dma-direct, no WARNING.
    expect(lines(r.steps[3]!)).toEqual([]);
    expect(dev(r, 3, NVME).dmaOps).toBe('intel');
    expect(r.steps[3]!.events.find((e) => e.fn === 'intel_map_page')?.message).toMatch(/a physical address/);
  });

  it('5.7 switched off, iommu=pt, no hardware pass-through: the WARNING, but the 1:1 tables map the IOVA', () => {
    const r = kdump('v5.7', false, 'iommu=pt', { hwPassThrough: false });
    expect(lines(r.steps[2]!)).toEqual([CUT_HERE, WARNING]);
    expect(r.faults).toEqual([]);
    expect(dev(r, 2, NVME).dma).toBe('identity');
    expect(r.steps[2]!.events.find((e) => e.fn === 'intel_map_page')?.message).toMatch(
      /an IOVA that __intel_map_single added to si_domain's 1:1 page tables/,
    );
  });

  it('5.7 as shipped, iommu=pt: the attach comes first, the map goes direct, nothing is printed', () => {
    const r = kdump('v5.7', true, 'iommu=pt');
    expect(lines(r.steps[2]!)).toEqual([]);
    expect(r.faults).toEqual([]);
    expect(dev(r, 2, NVME)).toMatchObject({ attach: 'attached', dma: 'passthrough', dmaOps: 'intel' });
    expect(r.steps[2]!.events.find((e) => e.fn === 'intel_map_page')?.message).toMatch(/a physical address/);
  });
});
