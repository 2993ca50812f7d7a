/**
 * The worked examples E4–E5 of kernel-examples.md: iommu=pt and a 32-bit device under policy D,
 * and two functions with different needs in one group under each policy. Run through the engine from the scenario files in scenarios/examples/; each `it`
 * asserts what the example states for one step, and titles marked "(inferred)" assert statements
 * the example tags [I] or [T].
 */

import { describe, expect, it } from 'vitest';
import {
  allocatedBetween,
  B,
  blockingDomains,
  coreView,
  D,
  device,
  dmaDomains,
  driverView,
  errno,
  errorAndLog,
  example,
  expectAccepted,
  expectDefault,
  expectGroups,
  expectLogged,
  expectNoDefault,
  expectOnSi,
  expectRefused,
  faults,
  freedBetween,
  group,
  si,
  sorted,
  unmanagedDomains,
  unusedExampleFiles,
} from './examples.helpers';
import { runScenario } from './run';

// =============================================================================================
describe('E4 — iommu=pt and a 32-bit-only device, policy D (5.8 and 6.1)', () => {
  const v58 = example('e04-iommu-pt-32bit-device.v5.8.json', runScenario);
  const v61 = example('e04-iommu-pt-32bit-device.v6.1.json', runScenario);
  const ALL = ['00:00.0', '00:02.0', '00:03.0'];

  for (const ex of [v58, v61]) {
    const k = ex.scenario.kernel;
    it(`${k} boot: "Default domain type: Passthrough (set via kernel command line)"`, () => {
      expectLogged(ex.step(0), 'Default domain type: Passthrough (set via kernel command line)');
    });

    it(`${k} boot: G0, G1, G2 all default=si(identity); no DMA domain at all; dma-direct`, () => {
      const s = ex.state(0);
      expectGroups(s, [
        [0, ['00:00.0']],
        [1, ['00:02.0']],
        [2, ['00:03.0']],
      ]);
      for (const g of [0, 1, 2]) expectOnSi(s, g);
      expect(dmaDomains(s)).toEqual([]);
      for (const bdf of ALL) {
        expect(device(s, bdf).dmaOps, `${bdf} DMA ops`).toBe('direct');
        // A host bridge never masters the bus, whatever its context entry says.
        expect(device(s, bdf).dma, `${bdf} DMA`).toBe('passthrough');
      }
    });

    it(`${k} sata32's 32-bit driver (and its first DMA map): no domain change`, () => {
      const s = ex.state(2);
      expect(s.domains).toEqual(ex.state(0).domains);
      for (const g of [0, 1, 2]) expectOnSi(s, g);
      expect(driverView(s, '00:03.0').id).toBe(si(s).id);
      expect(device(s, '00:03.0').dmaOps).toBe('direct');
    });
  }

  it('6.1 sata32 bound: G2 owner_cnt 0 → 1', () => {
    expect(group(v61.state(0), 2).ownerCnt).toBe(0);
    expect(group(v61.state(1), 2).ownerCnt).toBe(1);
  });

  it('5.8: the type file is read-only, a write fails with a permission error (inferred)', () => {
    const step = v58.step(4);
    expect(step.ok).toBe(false);
    expect(errno(step)).toMatch(/^-(EACCES|EPERM)$/);
    expectOnSi(step.state, 2);
    expect(dmaDomains(step.state)).toEqual([]);
  });

  it('6.1 unbind, echo DMA > …/2/type: +D1, G2 default=D1(DMA), si not freed', () => {
    const step = v61.step(4);
    expectAccepted(step);
    const s = step.state;
    const added = allocatedBetween(v61.state(3), s);
    expect(added.map((d) => d.type)).toEqual(['DMA']);
    expect(added[0]?.id).toBe(D(s, 1).id);
    expectDefault(s, 2, D(s, 1).id, 'DMA');
    expect(si(s).freed).toBe(false);
    expectOnSi(s, 0);
    expectOnSi(s, 1);
  });

  it('6.1 rebinding the driver: its DMA now goes through D1 (IOVAs below 4 GiB)', () => {
    const s = v61.state(6);
    expect(driverView(s, '00:03.0').id).toBe(D(s, 1).id);
    expect(device(s, '00:03.0').dma).toBe('translated');
  });

  it('6.1 unbind again, echo auto > …/2/type: G2 default=si, −D1', () => {
    const step = v61.step(8);
    expectAccepted(step);
    expectOnSi(step.state, 2);
    expect(freedBetween(v61.state(7), step.state)).toEqual([D(v61.state(7), 1).id]);
  });
});

// =============================================================================================
describe('E5 — two functions with different needs in one group, under each policy', () => {
  const a = example('e05-two-functions-different-needs.v5.1.json', runScenario);
  const b = example('e05-two-functions-different-needs.v3-sewart.json', runScenario);
  const c = example('e05-two-functions-different-needs.v5.3.json', runScenario);
  const d = example('e05-two-functions-different-needs.v6.1.json', runScenario);
  const BMC = '01:00.0';
  const NIC2 = '01:00.1';
  const oneGroup: Array<[number, string[]]> = [
    [0, ['00:1c.0']],
    [1, [BMC, NIC2]],
  ];

  it('A boot: +si; 00:1c.0 and nic-2 in si; nic-bmc (RMRR-locked) gets +D1; groups have no default', () => {
    const s = a.state(0);
    expectGroups(s, oneGroup);
    expectNoDefault(s, 0);
    expectNoDefault(s, 1);
    const siD = si(s);
    expect(sorted(siD.devices)).toEqual(['00:1c.0', NIC2]);
    expect(dmaDomains(s)).toHaveLength(1);
    const d1 = D(s, 1);
    expect(d1.freed).toBe(false);
    expect(d1.devices).toEqual([BMC]);
    expect(driverView(s, BMC).id).toBe(d1.id);
    expect(driverView(s, NIC2).id).toBe(siD.id);
  });

  it('A: a vfio attach of G1 (both functions on vfio-pci) fails with -EPERM (platform RMRR requirement)', () => {
    const step = a.step(3);
    expectRefused(step, '-EPERM');
    expect(errorAndLog(step)).toContain(
      'ineligible for IOMMU domain attach due to platform RMRR requirement',
    );
    expect(group(step.state, 1).owner).toBe('kernel');
  });

  it('B boot: nic-2 moved to a new group: G1 {01:00.0} default=D1(DMA), G2 {01:00.1} default=si (inferred)', () => {
    const s = b.state(0);
    expectGroups(s, [
      [0, ['00:1c.0']],
      [1, [BMC]],
      [2, [NIC2]],
    ]);
    expectDefault(s, 1, D(s, 1).id, 'DMA');
    expectOnSi(s, 2);
  });

  it('B boot: two groups where the hardware has one isolation unit (inferred)', () => {
    expect(faults(b.result(), { step: 0, kind: 'isolation-broken' }).length).toBeGreaterThan(0);
  });

  it('C boot: G0 default=si (+D1 −D1); G1 default=D2(DMA) for nic-bmc', () => {
    const s = c.state(0);
    expectGroups(s, oneGroup);
    expectOnSi(s, 0);
    expect(dmaDomains(s)).toHaveLength(2);
    expect(D(s, 1).freed).toBe(true);
    const d2 = D(s, 2);
    expect(d2.freed).toBe(false);
    expectDefault(s, 1, d2.id, 'DMA');
    expect(d2.devices).toEqual([BMC]);
    expect(driverView(s, BMC).id).toBe(d2.id);
  });

  it('C boot: nic-2 gets a private identity domain: core view D2, driver view si', () => {
    const s = c.state(0);
    expect(coreView(s, NIC2).id).toBe(D(s, 2).id);
    expect(driverView(s, NIC2).id).toBe(si(s).id);
    expect(si(s).devices).toContain(NIC2);
    expectLogged(c.step(0), 'Device uses a private identity domain.', NIC2);
  });

  it('D 6.1 boot: both functions type 0 → G1 default=si(identity)', () => {
    const s = d.state(0);
    expectGroups(s, oneGroup);
    expectOnSi(s, 1);
  });

  it('D 6.1: a vfio claim of G1 (both functions on vfio-pci) fails with -EPERM; +B1 (empty UNMANAGED); G1 stays on si', () => {
    const step = d.step(3);
    expectRefused(step, '-EPERM');
    const s = step.state;
    expect(blockingDomains(s)).toHaveLength(1);
    expect(B(s, 1).type).toBe('unmanaged');
    expect(unmanagedDomains(s)).toEqual([]);
    expectOnSi(s, 1);
    expect(group(s, 1).owner).toBe('kernel');
  });
});

// =============================================================================================
describe('coverage', () => {
  it('every scenario file of E4–E5 in scenarios/examples/ is exercised by a test above', () => {
    expect(unusedExampleFiles(4, 5)).toEqual([]);
  });
});
