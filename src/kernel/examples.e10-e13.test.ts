/**
 * The worked examples E10–E13 of kernel-examples.md: a PCIe switch with ACS, conventional devices
 * behind a PCIe-to-PCI bridge, vfio DMA ownership of a two-function group, and sysfs `type` writes.
 * Run through the engine from the scenario files in scenarios/examples/; each `it` asserts what
 * the example states for one step, and titles marked "(inferred)" assert statements the example
 * tags [I] or [T].
 */

import { describe, expect, it } from 'vitest';
import {
  allocatedBetween,
  B,
  D,
  device,
  dmaDomains,
  driverView,
  type Example,
  errorAndLog,
  example,
  expectAccepted,
  expectAddedToGroup,
  expectDefault,
  expectGroups,
  expectLogged,
  expectOnSi,
  expectRefused,
  freedBetween,
  group,
  groupDomain,
  si,
  sorted,
  U,
  unusedExampleFiles,
} from './examples.helpers';
import { runScenario } from './run';
import type { ResultEvent } from './types';

// =============================================================================================
describe('E10 — PCIe switch whose ports all have ACS (6.1)', () => {
  const ex = example('e10-pcie-switch-with-acs.v6.1.json', runScenario);
  const ORDER = ['00:00.0', '00:1c.0', '01:00.0', '02:00.0', '02:01.0', '03:00.0', '04:00.0'];

  it('boot: "Default domain type: Translated", "DMA domain TLB invalidation policy: lazy mode"', () => {
    expectLogged(ex.step(0), 'Default domain type: Translated');
    expectLogged(ex.step(0), 'DMA domain TLB invalidation policy: lazy mode');
  });

  it('boot: seven groups in enumeration order, G<i> default=D<i+1>(DMA-FQ)', () => {
    const s = ex.state(0);
    expectGroups(
      s,
      ORDER.map((bdf, i) => [i, [bdf]]),
    );
    expect(dmaDomains(s)).toHaveLength(7);
    ORDER.forEach((bdf, i) => {
      expectDefault(s, i, D(s, i + 1).id, 'DMA-FQ');
      expect(D(s, i + 1).type).toBe('DMA-FQ');
      expectAddedToGroup(ex.step(0), bdf, i);
    });
  });

  it('remove 02:00.0: nic first (G5 released, −D6), then the port (G3 released, −D4); ids 3 and 5 free', () => {
    const boot = ex.state(0);
    const step = ex.step(1);
    expect(freedBetween(boot, step.state)).toEqual([D(boot, 4).id, D(boot, 6).id]);
    expect(step.state.groups.map((g) => g.id)).toEqual([0, 1, 2, 4, 6]);
    const first = (bdf: string): number => step.events.findIndex((e) => e.device === bdf);
    expect(first('03:00.0')).toBeGreaterThanOrEqual(0);
    expect(first('02:00.0')).toBeGreaterThan(first('03:00.0'));
  });

  it('rescan: the port gets G3 (+D8), the nic G5 (+D9)', () => {
    const s = ex.state(2);
    expect(allocatedBetween(ex.state(1), s).map((d) => d.id)).toEqual([D(s, 8).id, D(s, 9).id]);
    expect(group(s, 3).devices).toEqual(['02:00.0']);
    expectDefault(s, 3, D(s, 8).id, 'DMA-FQ');
    expect(group(s, 5).devices).toEqual(['03:00.0']);
    expectDefault(s, 5, D(s, 9).id, 'DMA-FQ');
    expect(s.groups.map((g) => g.id)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});

// =============================================================================================
describe('E11 — conventional devices behind a PCIe-to-PCI bridge', () => {
  const files = [
    'e11-conventional-behind-pcie-to-pci-bridge.v5.1.json',
    'e11-conventional-behind-pcie-to-pci-bridge.v3-sewart.json',
    'e11-conventional-behind-pcie-to-pci-bridge.passthrough1.v5.3.json',
    'e11-conventional-behind-pcie-to-pci-bridge.pt.v5.3.json',
    'e11-conventional-behind-pcie-to-pci-bridge.pt.v6.1.json',
    'e11-conventional-behind-pcie-to-pci-bridge.vfio.v6.1.json',
  ];
  const all = files.map((f) => example(f, runScenario));
  const [, , cPass1, cPt, dPt, dVfio] = all as [Example, Example, Example, Example, Example, Example];
  const BEHIND = ['01:00.0', '02:01.0', '02:02.0'];

  for (const ex of all) {
    it(`${ex.file}: G0 {00:1c.0}, G1 {01:00.0, 02:01.0, 02:02.0}`, () => {
      expectGroups(ex.state(0), [
        [0, ['00:1c.0']],
        [1, BEHIND],
      ]);
    });
  }

  it('C iommu.passthrough=1: G0 default=si, nothing allocated for it; G1 +D1 default=D1(DMA), all three in D1', () => {
    const s = cPass1.state(0);
    expectOnSi(s, 0);
    expect(dmaDomains(s)).toHaveLength(1);
    const d1 = D(s, 1);
    expect(d1.freed).toBe(false);
    expectDefault(s, 1, d1.id, 'DMA');
    expect(sorted(d1.devices)).toEqual(BEHIND);
    for (const bdf of BEHIND) expect(driverView(s, bdf).id, bdf).toBe(d1.id);
    expectLogged(cPass1.step(0), 'Using iommu dma mapping', '01:00.0');
  });

  it('C iommu=pt: G0 +D1 −D1 default=si; G1 +D2 default=D2(DMA)', () => {
    const s = cPt.state(0);
    expectOnSi(s, 0);
    expect(dmaDomains(s)).toHaveLength(2);
    expect(D(s, 1).freed).toBe(true);
    expectDefault(s, 1, D(s, 2).id, 'DMA');
    expect(sorted(D(s, 2).devices)).toEqual(BEHIND);
  });

  it('D 6.1 iommu=pt: G1 default=si(identity)', () => {
    expectOnSi(dPt.state(0), 1);
  });

  it('D 6.1 vfio: G1 cannot be claimed while old-nic or old-scsi is bound to a DMA-API driver', () => {
    // Before vfio-pci holds one of them there is not even a /dev/vfio/1 to open.
    expectRefused(dVfio.step(1), '-ENOENT');
    expectRefused(dVfio.step(4), '-EPERM');
    expect(group(dVfio.state(4), 1).owner).toBe('kernel');
  });

  it('D 6.1 vfio: with old-nic on vfio-pci and old-scsi on pci-stub the claim succeeds; the bridge does not count', () => {
    const step = dVfio.step(7);
    expectAccepted(step);
    expect(group(step.state, 1).owner).toBe('user');
    expect(device(step.state, '01:00.0').driver).toBeNull();
  });
});

// =============================================================================================
describe('E12 — vfio DMA ownership of a two-function group (6.1)', () => {
  const ex = example('e12-vfio-dma-ownership.v6.1.json', runScenario);
  const P0 = '01:00.0';
  const P1 = '01:00.1';

  it('boot: G0 {00:1c.0} default=D1(DMA-FQ), G1 {01:00.0, 01:00.1} default=D2(DMA-FQ); owner_cnt 0 and 2', () => {
    const s = ex.state(0);
    expectGroups(s, [
      [0, ['00:1c.0']],
      [1, [P0, P1]],
    ]);
    expectDefault(s, 0, D(s, 1).id, 'DMA-FQ');
    expectDefault(s, 1, D(s, 2).id, 'DMA-FQ');
    expect(group(s, 0).ownerCnt).toBe(0);
    expect(group(s, 1).ownerCnt).toBe(2);
  });

  it('unbind igb from port0, bind vfio-pci: G1 owner_cnt 1', () => {
    expect(group(ex.state(1), 1).ownerCnt).toBe(1);
    expectAccepted(ex.step(2));
    expect(device(ex.state(2), P0).driver).toBe('vfio-pci');
    expect(group(ex.state(2), 1).ownerCnt).toBe(1);
  });

  it('set container while port1 has igb: -EPERM', () => {
    const step = ex.step(3);
    expectRefused(step, '-EPERM');
    expect(group(step.state, 1).owner).toBe('kernel');
    expect(groupDomain(step.state, 1).id).toBe(D(step.state, 2).id);
  });

  it('unbind igb from port1, retry: +B1 (empty UNMANAGED), then type1 +U1; G1 domain=U1, owned by user space', () => {
    const step = ex.step(5);
    expectAccepted(step);
    const s = step.state;
    const b1 = B(s, 1);
    const u1 = U(s, 1);
    expect(b1.type).toBe('unmanaged');
    expect(u1.type).toBe('unmanaged');
    expect(Number(b1.id.slice(1))).toBeLessThan(Number(u1.id.slice(1)));
    const g = group(s, 1);
    expect(g.domain).toBe(u1.id);
    expect(g.defaultDomain).toBe(D(s, 2).id);
    expect(g.owner).toBe('user');
    expect(sorted(u1.devices)).toEqual([P0, P1]);
  });

  it('bind igb to port1 while claimed: -EBUSY; port1 stays driverless in U1', () => {
    const step = ex.step(6);
    expectRefused(step, '-EBUSY');
    const s = step.state;
    expect(device(s, P1).driver).toBeNull();
    expect(driverView(s, P1).id).toBe(U(s, 1).id);
    expect(U(s, 1).devices).toContain(P1);
  });

  it('container released: G1 back to domain=D2; −U1; B1 kept', () => {
    const step = ex.step(7);
    expectAccepted(step);
    const s = step.state;
    expectDefault(s, 1, D(s, 2).id, 'DMA-FQ');
    expect(group(s, 1).owner).toBe('kernel');
    expect(U(s, 1).freed).toBe(true);
    expect(B(s, 1).freed).toBe(false);
    expect(freedBetween(ex.state(6), s)).toEqual([U(s, 1).id]);
  });

  it('container released: vfio detaches into B1 (still owned), frees U1, releases ownership, then D2', () => {
    const step = ex.step(7);
    const s = step.state;
    const [u1, d2, b1] = [U(s, 1).id, D(s, 2).id, B(s, 1).id];
    const where = (e: ResultEvent) => e.device ?? (e.group === undefined ? '-' : `g${e.group}`);
    const order = step.events.map((e) => `${e.fn} ${where(e)} ${e.message}`);
    expect(order).toEqual([
      `__iommu_group_set_core_domain ${P0} attached to ${b1}`,
      `__iommu_group_set_core_domain ${P1} attached to ${b1}`,
      `vfio_iommu_type1_detach_group - freed ${u1}`,
      'iommu_group_release_dma_owner g1 group 1 back with the kernel',
      `__iommu_group_set_core_domain ${P0} attached to ${d2}`,
      `__iommu_group_set_core_domain ${P1} attached to ${d2}`,
    ]);
  });

  it('bind igb to port1 again: succeeds, owner_cnt 1', () => {
    const step = ex.step(8);
    expectAccepted(step);
    expect(device(step.state, P1).driver).toBe('igb');
    expect(group(step.state, 1).ownerCnt).toBe(1);
  });
});

// =============================================================================================
describe("E13 — changing a group's type through sysfs with no driver bound (6.1 and 5.11)", () => {
  const v61 = example('e13-sysfs-group-type.v6.1.json', runScenario);
  const v511 = example('e13-sysfs-group-type.v5.11.json', runScenario);
  const [BOOT, UNBIND, IDENTITY, DMA, DMA_FQ, AUTO, G2_IDENTITY, PASSTHROUGH] = [0, 1, 2, 3, 4, 5, 6, 7];
  const MORE_THAN_ONE = 'Cannot change default domain: Group has more than one device';

  for (const ex of [v61, v511]) {
    const k = ex.scenario.kernel;
    const translated = k === 'v6.1' ? 'DMA-FQ' : 'DMA';

    it(`${k} boot: G0 {00:00.0} D1, G1 {00:02.0} D2, G2 {00:1f.0, 00:1f.2, 00:1f.3} D3, all ${translated}`, () => {
      const s = ex.state(BOOT);
      expectGroups(s, [
        [0, ['00:00.0']],
        [1, ['00:02.0']],
        [2, ['00:1f.0', '00:1f.2', '00:1f.3']],
      ]);
      for (const g of [0, 1, 2]) expectDefault(s, g, D(s, g + 1).id, translated);
    });

    it(`${k} unbind e1000e; echo identity > …/1/type: success, G1 default=si, −D2, dma-direct`, () => {
      expect(device(ex.state(UNBIND), '00:02.0').driver).toBeNull();
      const step = ex.step(IDENTITY);
      expectAccepted(step);
      expectOnSi(step.state, 1);
      expect(freedBetween(ex.state(UNBIND), step.state)).toEqual([D(step.state, 2).id]);
      expect(device(step.state, '00:02.0').dmaOps).toBe('direct');
    });

    it(`${k} echo DMA > …/1/type: +D4, G1 default=D4(DMA), si not freed`, () => {
      const step = ex.step(DMA);
      expectAccepted(step);
      const s = step.state;
      expect(allocatedBetween(ex.state(IDENTITY), s).map((d) => d.id)).toEqual([D(s, 4).id]);
      expectDefault(s, 1, D(s, 4).id, 'DMA');
      expect(si(s).freed).toBe(false);
    });

    it(`${k} echo identity > …/2/type: -EINVAL, "${MORE_THAN_ONE}"`, () => {
      const step = ex.step(G2_IDENTITY);
      expectRefused(step, '-EINVAL');
      expect(errorAndLog(step)).toContain(MORE_THAN_ONE);
      expect(step.state.groups).toEqual(ex.state(AUTO).groups);
    });

    it(`${k} echo passthrough > …/1/type: -EINVAL (not a keyword)`, () => {
      const step = ex.step(PASSTHROUGH);
      expectRefused(step, '-EINVAL');
      expect(step.state.groups).toEqual(ex.state(G2_IDENTITY).groups);
    });
  }

  it('6.1 echo DMA-FQ > …/1/type: success, no new domain, the flush queue starts on D4; type reads DMA-FQ', () => {
    const step = v61.step(DMA_FQ);
    expectAccepted(step);
    const s = step.state;
    expect(allocatedBetween(v61.state(DMA), s)).toEqual([]);
    expect(freedBetween(v61.state(DMA), s)).toEqual([]);
    expectDefault(s, 1, D(v61.state(DMA), 4).id, 'DMA-FQ');
    expect(D(s, 4).type).toBe('DMA-FQ');
  });

  it('6.1 echo auto > …/1/type: core default DMA-FQ = current → success, no change', () => {
    const step = v61.step(AUTO);
    expectAccepted(step);
    expect(step.state.groups).toEqual(v61.state(DMA_FQ).groups);
    expect(step.state.domains).toEqual(v61.state(DMA_FQ).domains);
  });

  it('5.11 echo DMA-FQ > …/1/type: -EINVAL (no DMA-FQ keyword)', () => {
    const step = v511.step(DMA_FQ);
    expectRefused(step, '-EINVAL');
    expect(step.state.groups).toEqual(v511.state(DMA).groups);
    expectDefault(step.state, 1, D(step.state, 4).id, 'DMA');
  });

  it('5.11 echo auto > …/1/type: core default DMA = current → success, no change', () => {
    const step = v511.step(AUTO);
    expectAccepted(step);
    expect(step.state.groups).toEqual(v511.state(DMA_FQ).groups);
    expect(step.state.domains).toEqual(v511.state(DMA_FQ).domains);
  });
});

// =============================================================================================
describe('coverage', () => {
  it('every scenario file of E10–E13 in scenarios/examples/ is exercised by a test above', () => {
    expect(unusedExampleFiles(10, 13)).toEqual([]);
  });
});
