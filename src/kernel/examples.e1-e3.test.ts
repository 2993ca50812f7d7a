/**
 * The worked examples E1–E3 of kernel-examples.md: iommu=pt and a 32-bit device under policies A
 * and C, and a 32-bit function in a two-function group. Run through the engine from the scenario files in scenarios/examples/; each `it`
 * asserts what the example states for one step, and titles marked "(inferred)" assert statements
 * the example tags [I] or [T].
 */

import { describe, expect, it } from 'vitest';
import { dmesgLine } from './dmesg';
import {
  allocatedBetween,
  coreView,
  D,
  device,
  dmaDomains,
  domain,
  driverView,
  example,
  expectAddedToGroup,
  expectDefault,
  expectGroups,
  expectLogged,
  expectNoDefault,
  expectOnSi,
  faults,
  freedBetween,
  hasDevice,
  logged,
  si,
  sorted,
  unusedExampleFiles,
} from './examples.helpers';
import { runScenario } from './run';

// =============================================================================================
describe('E1 — iommu=pt and a 32-bit-only device, policy A (v5.1)', () => {
  const ex = example('e01-iommu-pt-32bit-device.v5.1.json', runScenario);
  const [BOOT, DMA_NIC, BIND_SATA, DMA_SATA, REMOVE_SATA] = [0, 2, 3, 4, 5];
  const ALL = ['00:00.0', '00:02.0', '00:03.0'];

  it('boot: +si only; all three devices attached to si ("Hardware identity mapping")', () => {
    const s = ex.state(BOOT);
    const siD = si(s);
    expect(s.domains.map((d) => d.id)).toEqual([siD.id]);
    expect(siD.type).toBe('identity');
    expect(siD.freed).toBe(false);
    expect(sorted(siD.devices)).toEqual(ALL);
    for (const bdf of ALL) {
      expect(device(s, bdf).domain, `${bdf} driver view`).toBe(siD.id);
      // Its context is pass-through too, but a host bridge never masters the bus.
      expect(device(s, bdf).dma, `${bdf} DMA`).toBe('passthrough');
      // dev_prepare_static_identity_mapping's dev_info (dev_printk since 5.1): one per device.
      const lines = logged(ex.step(BOOT), 'Hardware identity mapping', bdf);
      expect(lines.map(dmesgLine)).toEqual([`pci 0000:${bdf}: DMAR: Hardware identity mapping`]);
    }
  });

  it('boot: G0 {00:00.0}, G1 {00:02.0}, G2 {00:03.0}, default=none domain=none, type unknown', () => {
    const s = ex.state(BOOT);
    expectGroups(s, [
      [0, ['00:00.0']],
      [1, ['00:02.0']],
      [2, ['00:03.0']],
    ]);
    for (const g of [0, 1, 2]) expectNoDefault(s, g);
    ALL.forEach((bdf, i) => {
      expectAddedToGroup(ex.step(BOOT), bdf, i);
    });
  });

  it("nic64's 64-bit driver, first DMA map: stays in si, DMA address = physical", () => {
    const s = ex.state(DMA_NIC);
    expect(driverView(s, '00:02.0').id).toBe(si(s).id);
    expect(device(s, '00:02.0').dma).toBe('passthrough');
    expect(allocatedBetween(ex.state(BOOT), s)).toEqual([]);
  });

  it('sata32\'s 32-bit driver, first DMA map: leaves si for +D1, "32bit DMA uses non-identity mapping"', () => {
    const s = ex.state(DMA_SATA);
    const added = allocatedBetween(ex.state(BIND_SATA), s);
    expect(added.map((d) => d.type)).toEqual(['DMA']);
    const d1 = D(s, 1);
    expect(added[0]?.id).toBe(d1.id);
    expect(d1.freed).toBe(false);
    expect(d1.devices).toEqual(['00:03.0']);
    expect(driverView(s, '00:03.0').id).toBe(d1.id);
    expect(device(s, '00:03.0').dma).toBe('translated');
    expect(sorted(si(s).devices)).toEqual(['00:00.0', '00:02.0']);
    expectLogged(ex.step(DMA_SATA), '32bit DMA uses non-identity mapping', '00:03.0');
  });

  it('sata32 translated: groups unchanged (G2 still default=none)', () => {
    const s = ex.state(DMA_SATA);
    expect(s.groups).toEqual(ex.state(BOOT).groups);
    expectNoDefault(s, 2);
  });

  it('hot-remove sata32: −D1, G2 released, si untouched', () => {
    const before = ex.state(DMA_SATA);
    const s = ex.state(REMOVE_SATA);
    expect(freedBetween(before, s)).toEqual([D(before, 1).id]);
    expectGroups(s, [
      [0, ['00:00.0']],
      [1, ['00:02.0']],
    ]);
    expect(hasDevice(s, '00:03.0')).toBe(false);
    expect(si(s).freed).toBe(false);
    expect(sorted(si(s).devices)).toEqual(['00:00.0', '00:02.0']);
    expect(ex.result().faults).toEqual([]);
  });
});

// =============================================================================================
describe('E2 — same machine and command line, policy C (5.3)', () => {
  const ex = example('e02-iommu-pt-32bit-device.v5.3.json', runScenario);
  const [BOOT, DMA_NIC, BIND_SATA, DMA_SATA, REMOVE_SATA] = [0, 2, 3, 4, 5];
  const ALL = ['00:00.0', '00:02.0', '00:03.0'];

  it('boot: +si first, then +D1 −D1, +D2 −D2, +D3 −D3 (one per group)', () => {
    const s = ex.state(BOOT);
    const byAlloc = [...s.domains].sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
    expect(byAlloc[0]?.name).toBe('si_domain');
    expect(si(s).freed).toBe(false);
    const dma = dmaDomains(s);
    expect(dma).toHaveLength(3);
    for (const d of dma) expect(d.freed, `${d.id} freed`).toBe(true);
  });

  it('boot: G0, G1, G2 each default=si(identity); "Using iommu direct mapping" ×3', () => {
    const s = ex.state(BOOT);
    expectGroups(s, [
      [0, ['00:00.0']],
      [1, ['00:02.0']],
      [2, ['00:03.0']],
    ]);
    for (const g of [0, 1, 2]) expectOnSi(s, g);
    expect(sorted(si(s).devices)).toEqual(ALL);
    expect(logged(ex.step(BOOT), 'Using iommu direct mapping')).toHaveLength(3);
    for (const bdf of ALL) expectLogged(ex.step(BOOT), 'Using iommu direct mapping', bdf);
  });

  it("nic64's driver and first DMA map: unchanged (mask check passes)", () => {
    const s = ex.state(DMA_NIC);
    expect(s.groups).toEqual(ex.state(BOOT).groups);
    expect(s.domains).toEqual(ex.state(BOOT).domains);
    expect(driverView(s, '00:02.0').id).toBe(si(s).id);
  });

  it("sata32's first DMA map: +D4, G2 default=D4(DMA), si not freed; both log lines", () => {
    const s = ex.state(DMA_SATA);
    const added = allocatedBetween(ex.state(BIND_SATA), s);
    expect(added.map((d) => d.type)).toEqual(['DMA']);
    const d4 = D(s, 4);
    expect(added[0]?.id).toBe(d4.id);
    expect(d4.private ?? false).toBe(false);
    expectDefault(s, 2, d4.id, 'DMA');
    expect(driverView(s, '00:03.0').id).toBe(d4.id);
    expect(device(s, '00:03.0').dma).toBe('translated');
    expect(si(s).freed).toBe(false);
    expectOnSi(s, 0);
    expectOnSi(s, 1);
    expectLogged(ex.step(DMA_SATA), 'Using iommu dma mapping', '00:03.0');
    expectLogged(ex.step(DMA_SATA), '32bit DMA uses non-identity mapping', '00:03.0');
  });

  it('hot-remove sata32: G2 released, −D4; G0 and G1 keep si', () => {
    const before = ex.state(DMA_SATA);
    const s = ex.state(REMOVE_SATA);
    expect(freedBetween(before, s)).toEqual([D(before, 4).id]);
    expectGroups(s, [
      [0, ['00:00.0']],
      [1, ['00:02.0']],
    ]);
    expectOnSi(s, 0);
    expectOnSi(s, 1);
    expect(ex.result().faults).toEqual([]);
  });
});

// =============================================================================================
describe('E3 — 32-bit function inside a two-function group, policy C (5.3)', () => {
  const ex = example('e03-32bit-function-in-two-function-group.v5.3.json', runScenario);
  const [BOOT, BIND_F1, DMA_F1, REMOVE_F1, RESCAN, BIND_AGAIN, DMA_AGAIN] = [0, 1, 2, 3, 4, 5, 6];

  it('boot: G0 {00:1c.0} default=si (+D1 −D1); G1 {01:00.0, 01:00.1} default=si (+D2 −D2)', () => {
    const s = ex.state(BOOT);
    expectGroups(s, [
      [0, ['00:1c.0']],
      [1, ['01:00.0', '01:00.1']],
    ]);
    expectOnSi(s, 0);
    expectOnSi(s, 1);
    const dma = dmaDomains(s);
    expect(dma).toHaveLength(2);
    for (const d of dma) expect(d.freed).toBe(true);
    expect(sorted(si(s).devices)).toEqual(['00:1c.0', '01:00.0', '01:00.1']);
  });

  it('boot: ctl-f1 joins the identity group without a request of its own', () => {
    expect(logged(ex.step(BOOT), 'Using iommu direct mapping', '01:00.1')).toEqual([]);
    expect(driverView(ex.state(BOOT), '01:00.1').id).toBe(si(ex.state(BOOT)).id);
  });

  it('ctl-f1 32-bit first DMA map: request fails (2 devices) → private +D3; core view si, driver view D3', () => {
    const s = ex.state(DMA_F1);
    const added = allocatedBetween(ex.state(BIND_F1), s);
    expect(added).toHaveLength(1);
    const d3 = D(s, 3);
    expect(added[0]?.id).toBe(d3.id);
    expect(d3.type).toBe('DMA');
    expect(d3.kind).toBe('private');
    expect(d3.devices).toEqual(['01:00.1']);
    expect(driverView(s, '01:00.1').id).toBe(d3.id);
    expect(coreView(s, '01:00.1').id).toBe(si(s).id);
    expectOnSi(s, 1);
    expect(sorted(si(s).devices)).toEqual(['00:1c.0', '01:00.0']);
    expectLogged(ex.step(DMA_F1), '32bit DMA uses non-identity mapping', '01:00.1');
  });

  it('hot-remove ctl-f1: G1 keeps ctl-f0; D3 is not freed', () => {
    const s = ex.state(REMOVE_F1);
    expectGroups(s, [
      [0, ['00:1c.0']],
      [1, ['01:00.0']],
    ]);
    const d3 = domain(s, D(ex.state(DMA_F1), 3).id);
    expect(d3.freed).toBe(false);
    expect(d3.devices).toEqual([]);
    expectOnSi(s, 1);
  });

  it('hot-remove ctl-f1: the private D3 is leaked (inferred)', () => {
    const d3 = D(ex.state(DMA_F1), 3).id;
    expect(faults(ex.result(), { step: REMOVE_F1, kind: 'leak', domain: d3 }).length).toBeGreaterThan(0);
  });

  it('rescan: ctl-f1 rejoins G1 and is attached to si again', () => {
    const s = ex.state(RESCAN);
    expectGroups(s, [
      [0, ['00:1c.0']],
      [1, ['01:00.0', '01:00.1']],
    ]);
    expectOnSi(s, 1);
    expect(si(s).devices).toContain('01:00.1');
    expect(driverView(s, '01:00.1').id).toBe(si(s).id);
    expect(allocatedBetween(ex.state(REMOVE_F1), s)).toEqual([]);
  });

  it("rescan, then the driver's first DMA map repeats step 2: private +D4", () => {
    const s = ex.state(DMA_AGAIN);
    const added = allocatedBetween(ex.state(BIND_AGAIN), s);
    expect(added).toHaveLength(1);
    const d4 = D(s, 4);
    expect(added[0]?.id).toBe(d4.id);
    expect(d4.kind).toBe('private');
    expect(driverView(s, '01:00.1').id).toBe(d4.id);
    expect(coreView(s, '01:00.1').id).toBe(si(s).id);
    expect(D(s, 3).freed).toBe(false);
  });
});

// =============================================================================================
describe('coverage', () => {
  it('every scenario file of E1–E3 in scenarios/examples/ is exercised by a test above', () => {
    expect(unusedExampleFiles(1, 3)).toEqual([]);
  });
});
