/**
 * The worked examples of kernel-examples.md (E1–E15), run through the engine from the scenario
 * files in scenarios/examples/. Each `it` asserts what the example states for one step; titles
 * marked "(inferred)" assert statements the example tags [I] or [T].
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STEP_OPS } from '../scenario/schema';
import {
  allocatedBetween,
  B,
  blockingDomains,
  coreView,
  D,
  device,
  dmaDomains,
  dmesg,
  domain,
  driverView,
  EXAMPLES_DIR,
  type Example,
  errno,
  errorAndLog,
  example,
  exampleFiles,
  faults,
  freedBetween,
  group,
  groupDefault,
  groupDomain,
  groupMembers,
  hasDevice,
  loadScenario,
  logged,
  messages,
  si,
  U,
  unmanagedDomains,
  usedExampleFiles,
} from './examples.helpers';
import { runScenario } from './run';
import type { StateSnapshot, StepResult } from './types';
import { DEVICE_TYPES, FIX_IDS, KERNELS } from './types';

const sorted = (xs: readonly string[]): string[] => [...xs].sort();

/** "Adding to iommu group N" for a device (iommu_group_add_device). */
function expectAddedToGroup(step: StepResult, bdf: string, id: number): void {
  const hit = dmesg(step).some((e) => e.device === bdf && e.message.trim() === `Adding to iommu group ${id}`);
  expect(hit, `"${bdf}: Adding to iommu group ${id}" in\n${messages(step).join('\n')}`).toBe(true);
}

/** A dmesg line containing `text` (for `device`, if given) was printed in the step. */
function expectLogged(step: StepResult, text: string, device?: string): void {
  expect(
    logged(step, text, device).length,
    `"${text}"${device ? ` for ${device}` : ''} in\n${messages(step).join('\n')}`,
  ).toBeGreaterThan(0);
}

/** Groups in the examples' notation: each id's members, in the order they joined. */
function expectGroups(s: StateSnapshot, want: Array<[number, string[]]>): void {
  expect(groupMembers(s)).toEqual(want);
}

/** `G<id> default=<dom>(<type>)` with `domain=` the same. */
function expectDefault(s: StateSnapshot, gid: number, domId: string, type: string): void {
  const g = group(s, gid);
  expect(g.defaultDomain, `G${gid} default`).toBe(domId);
  expect(g.domain, `G${gid} domain`).toBe(domId);
  expect(g.type, `G${gid} type`).toBe(type);
}

function expectOnSi(s: StateSnapshot, gid: number): void {
  const siD = si(s);
  expect(siD.freed).toBe(false);
  expectDefault(s, gid, siD.id, 'identity');
}

/** Policy A: a group with no default domain. */
function expectNoDefault(s: StateSnapshot, gid: number): void {
  const g = group(s, gid);
  expect(g.defaultDomain, `G${gid} default`).toBeNull();
  expect(g.domain, `G${gid} domain`).toBeNull();
  expect(g.type, `G${gid} type`).toBe('unknown');
}

function expectRefused(step: StepResult, err: string): void {
  expect(step.ok, `step refused: ${step.error}`).toBe(false);
  expect(errno(step)).toBe(err);
}

function expectAccepted(step: StepResult): void {
  expect(step.error).toBeNull();
  expect(step.ok).toBe(true);
}

// =============================================================================================
describe('scenario files (scenario-format.md)', () => {
  const files = exampleFiles();
  const PCIE_TYPES = new Set([
    'root-port',
    'switch-upstream',
    'switch-downstream',
    'endpoint',
    'rc-endpoint',
    'legacy-endpoint',
    'pcie-to-pci-bridge',
    'pci-to-pcie-bridge',
  ]);
  const OPS = new Set<string>(STEP_OPS);

  it('there are example files', () => {
    expect(files.length).toBeGreaterThan(15);
  });

  it.each(files)('%s parses and follows the format', (file) => {
    const s = loadScenario(file) as unknown as Record<string, unknown> & ReturnType<typeof loadScenario>;
    expect(s.format).toBe('iommu-sandbox/scenario@1');
    expect(typeof s.name === 'string' && s.name.length > 0).toBe(true);
    expect(typeof s.description === 'string' && s.description.length > 0).toBe(true);
    expect(KERNELS).toContain(s.kernel);
    expect(file.endsWith(`.${s.kernel}.json`), `file name ends with .${s.kernel}.json`).toBe(true);
    for (const k of Object.keys(s.fixes ?? {})) expect(FIX_IDS).toContain(k);
    if (s.cmdline !== undefined) expect(typeof s.cmdline).toBe('string');
    const known = new Set<string>();
    const check = (d: (typeof s.devices)[number], where: string): void => {
      expect(d.bdf, where).toMatch(/^([0-9a-f]{4}:)?[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/);
      expect(DEVICE_TYPES, where).toContain(d.type);
      if (d.parent !== undefined)
        expect(known.has(d.parent), `${where}: parent ${d.parent} listed before`).toBe(true);
      if (d.class !== undefined) expect(d.class, where).toMatch(/^[0-9a-f]{2,6}$/);
      if (d.acs !== undefined)
        expect(PCIE_TYPES.has(d.type), `${where}: acs only on PCIe functions`).toBe(true);
      if (d.label !== undefined) expect(typeof d.label).toBe('string');
      if (d.driver) {
        expect(typeof d.driver.name).toBe('string');
        if (d.driver.dmaMask !== undefined) expect([32, 64]).toContain(d.driver.dmaMask);
      }
      known.add(d.bdf);
    };
    s.devices.forEach((d, i) => {
      expect(known.has(d.bdf), `devices[${i}] ${d.bdf} is unique`).toBe(false);
      check(d, `devices[${i}]`);
    });
    expect(s.steps[0]?.op).toBe('boot');
    s.steps.forEach((st, i) => {
      expect(OPS.has(st.op), `steps[${i}].op`).toBe(true);
      if (st.op === 'hot-add') {
        if (!known.has(st.device.bdf)) check(st.device, `steps[${i}].device`);
      } else if ('device' in st) {
        expect(known.has(st.device), `steps[${i}].device ${st.device} in the topology`).toBe(true);
      }
      if ('group' in st) expect(Number.isInteger(st.group) && st.group >= 0).toBe(true);
      if (st.op === 'bind' && typeof st.driver === 'object') expect(typeof st.driver.name).toBe('string');
    });
  });

  it('README.md lists every file', () => {
    const readme = readFileSync(new URL('README.md', EXAMPLES_DIR), 'utf8');
    for (const f of files) expect(readme, f).toContain(f);
  });
});

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
      expect(device(s, bdf).dma, `${bdf} DMA`).toBe('passthrough');
      const line = logged(ex.step(BOOT), 'Hardware identity mapping').some(
        (e) => e.device === bdf || e.message.includes(bdf),
      );
      expect(line, `"Hardware identity mapping" for ${bdf}`).toBe(true);
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

  it('A: a vfio attach of G1 fails with -EPERM (platform RMRR requirement)', () => {
    const step = a.step(1);
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

  it('D 6.1: a vfio claim of G1 fails with -EPERM; +B1 (empty UNMANAGED); G1 stays on si', () => {
    const step = d.step(1);
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
describe('E6 — conflicting needs inside one group, policy D', () => {
  const WARNING =
    'Device needs domain type Passthrough, but device 0000:03:00.0 in the same iommu group requires type Translated - using default';
  const ALL = ['00:1c.0', '01:00.0', '02:00.0', '02:01.0', '03:00.0', '04:00.0'];
  const pt61 = example('e06-conflicting-needs-in-one-group.v6.1.json', runScenario);
  const gfx61 = example('e06-conflicting-needs-in-one-group.igfx-off-only.v6.1.json', runScenario);
  const pt58 = example('e06-conflicting-needs-in-one-group.v5.8.json', runScenario);
  const gfx58 = example('e06-conflicting-needs-in-one-group.igfx-off-only.v5.8.json', runScenario);

  for (const ex of [pt61, gfx61, pt58, gfx58]) {
    const k = `${ex.scenario.kernel} ${ex.scenario.cmdline}`;
    it(`${k}: one group G0 of all six devices, and the warning`, () => {
      expectGroups(ex.state(0), [[0, ALL]]);
      const lines = logged(ex.step(0), WARNING);
      expect(lines.length, messages(ex.step(0)).join('\n')).toBeGreaterThan(0);
      expect(lines[0]?.level).toBe('warn');
    });
  }

  for (const ex of [pt61, pt58]) {
    it(`${ex.scenario.kernel} iommu=pt igfx_off: G0 default=si(identity); the untrusted device runs untranslated`, () => {
      const s = ex.state(0);
      expectOnSi(s, 0);
      expect(dmaDomains(s)).toEqual([]);
      expect(device(s, '03:00.0').dma).toBe('passthrough');
    });
  }

  it('6.1 igfx_off only: +D1, G0 default=D1(DMA-FQ); the display is translated', () => {
    const s = gfx61.state(0);
    expect(dmaDomains(s)).toHaveLength(1);
    expectDefault(s, 0, D(s, 1).id, 'DMA-FQ');
    expect(driverView(s, '04:00.0').id).toBe(D(s, 1).id);
    expect(device(s, '04:00.0').dma).toBe('translated');
  });

  it('5.8 igfx_off only: G0 default=D1(DMA)', () => {
    const s = gfx58.state(0);
    expect(dmaDomains(s)).toHaveLength(1);
    expectDefault(s, 0, D(s, 1).id, 'DMA');
  });

  it('6.1 echo identity > /sys/kernel/iommu_groups/0/type: -EINVAL (6 devices)', () => {
    const step = gfx61.step(1);
    expectRefused(step, '-EINVAL');
    expect(step.state.groups).toEqual(gfx61.state(0).groups);
  });
});

// =============================================================================================
describe('E7 — si_domain freed when a group is released: without vs with the guard (policy C)', () => {
  const guard = example('e07-si-domain-freed-on-group-release.v5.3.json', runScenario);
  const noGuard = example('e07-si-domain-freed-on-group-release.no-si-guard.v5.3.json', runScenario);
  const [BOOT, REMOVE_NIC, ADD_NIC, REMOVE_NVME] = [0, 1, 2, 3];

  for (const ex of [guard, noGuard]) {
    const k = ex.scenario.fixes?.['si-domain-free-guard'] ? 'with guard' : 'without guard';
    it(`${k} boot: G0, G1, G2 all default=si(identity); no DMA domain`, () => {
      const s = ex.state(BOOT);
      expectGroups(s, [
        [0, ['00:00.0']],
        [1, ['00:02.0']],
        [2, ['00:03.0']],
      ]);
      for (const g of [0, 1, 2]) expectOnSi(s, g);
      expect(dmaDomains(s)).toEqual([]);
    });
  }

  it('with guard, hot-remove nic: nothing freed; G0 and G2 unaffected; id 1 free', () => {
    const s = guard.state(REMOVE_NIC);
    expectGroups(s, [
      [0, ['00:00.0']],
      [2, ['00:03.0']],
    ]);
    expect(freedBetween(guard.state(BOOT), s)).toEqual([]);
    expectOnSi(s, 0);
    expectOnSi(s, 2);
    expect(sorted(si(s).devices)).toEqual(['00:00.0', '00:03.0']);
    expect(device(s, '00:03.0').dma).toBe('passthrough');
  });

  it('with guard, hot-add a new nic: new G1 (id reused), default=si, attached', () => {
    const s = guard.state(ADD_NIC);
    expectGroups(s, [
      [0, ['00:00.0']],
      [1, ['00:02.0']],
      [2, ['00:03.0']],
    ]);
    expectOnSi(s, 1);
    expect(device(s, '00:02.0').attach).toBe('attached');
    expect(si(s).devices).toContain('00:02.0');
    expectAddedToGroup(guard.step(ADD_NIC), '00:02.0', 1);
  });

  it('with guard, hot-remove nvme: G2 released, no-op on si; no faults at all', () => {
    const s = guard.state(REMOVE_NVME);
    expectGroups(s, [
      [0, ['00:00.0']],
      [1, ['00:02.0']],
    ]);
    expect(si(s).freed).toBe(false);
    expect(guard.result().faults).toEqual([]);
  });

  it("without guard, hot-remove nic: si freed under G0 and G2; 00:00.0's and nvme's DMA faults (inferred)", () => {
    const s = noGuard.state(REMOVE_NIC);
    const siD = si(s);
    expect(siD.freed).toBe(true);
    expect(siD.devices).toEqual([]);
    expect(group(s, 0).defaultDomain).toBe(siD.id);
    expect(group(s, 2).defaultDomain).toBe(siD.id);
    expect(device(s, '00:00.0').dma).toBe('faults');
    expect(device(s, '00:03.0').dma).toBe('faults');
  });

  it('without guard, hot-add a new nic: G1 gets the freed si → use-after-free (inferred)', () => {
    const s = noGuard.state(ADD_NIC);
    const siD = si(s);
    expect(group(s, 1).devices).toEqual(['00:02.0']);
    expect(group(s, 1).defaultDomain).toBe(siD.id);
    expect(
      faults(noGuard.result(), { step: ADD_NIC, kind: 'use-after-free', domain: siD.id }).length,
    ).toBeGreaterThan(0);
  });

  it('without guard, hot-remove nvme: si freed a second time → double free (inferred)', () => {
    const siId = si(noGuard.state(REMOVE_NVME)).id;
    expect(
      faults(noGuard.result(), { step: REMOVE_NVME, kind: 'double-free', domain: siId }).length,
    ).toBeGreaterThan(0);
  });
});

// =============================================================================================
describe('E8 — kdump kernel with and without is_attach_deferred (policy C)', () => {
  const defer53 = example('e08-kdump-deferred-attach.v5.3.json', runScenario);
  const defer57 = example('e08-kdump-deferred-attach.v5.7.json', runScenario);
  const noDefer = example('e08-kdump-deferred-attach.no-defer.v5.3.json', runScenario);
  const hazard = example('e08-kdump-deferred-attach.defer-order-hazard.v5.3.json', runScenario);
  const [BOOT, DMA_NVME] = [0, 2];
  const ALL = ['00:00.0', '00:02.0', '00:03.0'];

  for (const ex of [defer53, defer57, noDefer, hazard]) {
    it(`${ex.file} boot: tables copied; G0, G1, G2 with +D1 +D2 +D3 as defaults`, () => {
      expectLogged(ex.step(BOOT), 'Copied translation tables from previous kernel for dmar0');
      const s = ex.state(BOOT);
      expectGroups(s, [
        [0, ['00:00.0']],
        [1, ['00:02.0']],
        [2, ['00:03.0']],
      ]);
      expect(dmaDomains(s)).toHaveLength(3);
      for (const g of [0, 1, 2]) expectDefault(s, g, D(s, g + 1).id, 'DMA');
    });
  }

  for (const ex of [defer53, defer57, hazard]) {
    it(`${ex.file} boot with deferral: attach skipped, copied contexts in use; core view D1–D3, driver view none`, () => {
      const s = ex.state(BOOT);
      for (const bdf of ALL) {
        expect(device(s, bdf).attach, `${bdf} attach`).toBe('deferred');
        expect(device(s, bdf).domain, `${bdf} driver view`).toBeNull();
        expect(coreView(s, bdf).id).toBe(D(s, ALL.indexOf(bdf) + 1).id);
      }
      expect(device(s, '00:02.0').dma).toBe('old-kernel');
      expect(device(s, '00:03.0').dma).toBe('old-kernel');
      for (const d of dmaDomains(s)) expect(d.devices, d.id).toEqual([]);
      expect(faults(ex.result(), { step: BOOT })).toEqual([]);
    });
  }

  for (const ex of [defer53, defer57]) {
    it(`${ex.file} nvme probes, first DMA map: the deferred attach installs D3`, () => {
      const s = ex.state(DMA_NVME);
      const d3 = D(s, 3);
      expect(device(s, '00:03.0').attach).toBe('attached');
      expect(driverView(s, '00:03.0').id).toBe(d3.id);
      expect(device(s, '00:03.0').dma).toBe('translated');
      expect(d3.devices).toEqual(['00:03.0']);
      expect(faults(ex.result(), { kind: 'kernel-crash' })).toEqual([]);
    });

    it(`${ex.file} nic never gets a driver: it stays on the copied context`, () => {
      const s = ex.state(DMA_NVME);
      expect(device(s, '00:02.0').attach).toBe('deferred');
      expect(device(s, '00:02.0').domain).toBeNull();
      expect(device(s, '00:02.0').dma).toBe('old-kernel');
    });
  }

  it('5.3.1 ordering: identity_mapping() reads the DEFER marker at the first DMA map → crash (inferred)', () => {
    expect(faults(hazard.result(), { step: DMA_NVME, kind: 'kernel-crash' }).length).toBeGreaterThan(0);
  });

  it('without deferral, boot: D1–D3 attached now, copied contexts replaced → nic and nvme DMAR faults (inferred)', () => {
    const s = noDefer.state(BOOT);
    for (const bdf of ALL) {
      expect(device(s, bdf).attach, `${bdf} attach`).toBe('attached');
      expect(driverView(s, bdf).id).toBe(D(s, ALL.indexOf(bdf) + 1).id);
    }
    for (const bdf of ['00:02.0', '00:03.0']) {
      expect(device(s, bdf).dma, `${bdf} DMA`).toBe('faults');
      expect(
        faults(noDefer.result(), { step: BOOT, kind: 'dma-fault', device: bdf }).length,
        bdf,
      ).toBeGreaterThan(0);
    }
  });

  it('without deferral: the faults last until the driver resets the device (inferred)', () => {
    const s = noDefer.state(DMA_NVME);
    expect(device(s, '00:03.0').dma).toBe('translated');
    expect(driverView(s, '00:03.0').id).toBe(D(s, 3).id);
    expect(device(s, '00:02.0').dma).toBe('faults');
  });
});

// =============================================================================================
describe("E9 — James Sewart v3's extra group breaks vfio isolation (policy B vs C)", () => {
  const b = example('e09-extra-group-breaks-vfio-isolation.v3-sewart.json', runScenario);
  const c = example('e09-extra-group-breaks-vfio-isolation.v5.3.json', runScenario);
  const GPU = '01:00.0';
  const HDA = '01:00.1';

  it('B boot: gpu moved to a new group: G1 {01:00.1} default=D2(DMA), G2 {01:00.0} default=si (inferred)', () => {
    const s = b.state(0);
    expectGroups(s, [
      [0, ['00:01.0']],
      [1, [HDA]],
      [2, [GPU]],
    ]);
    expectDefault(s, 0, D(s, 1).id, 'DMA');
    expectDefault(s, 1, D(s, 2).id, 'DMA');
    expectOnSi(s, 2);
  });

  it('B: hda to vfio-pci, VM with group 1 → allowed while the host keeps driving gpu in G2 (inferred)', () => {
    const step = b.step(2);
    expectAccepted(step);
    const s = step.state;
    expect(group(s, 1).owner).toBe('user');
    expect(groupDomain(s, 1).kind).toBe('unmanaged');
    expect(group(s, 2).owner).toBe('kernel');
    expect(device(s, GPU).driver).toBe('gpu-driver');
    expectOnSi(s, 2);
  });

  it('B: the split functions are not isolated from each other: isolation broken (inferred)', () => {
    const hits = b.result().faults.filter((f) => f.kind === 'isolation-broken' && f.step <= 2);
    expect(hits.length).toBeGreaterThan(0);
  });

  it('C boot: G0 {00:01.0} default=D1(DMA); G1 {01:00.0, 01:00.1} default=si (+D2 −D2)', () => {
    const s = c.state(0);
    expectGroups(s, [
      [0, ['00:01.0']],
      [1, [GPU, HDA]],
    ]);
    expect(dmaDomains(s)).toHaveLength(2);
    expectDefault(s, 0, D(s, 1).id, 'DMA');
    expect(D(s, 1).freed).toBe(false);
    expect(D(s, 2).freed).toBe(true);
    expectOnSi(s, 1);
  });

  it('C: hda to vfio-pci while gpu keeps its host driver → G1 not viable, -EINVAL', () => {
    const step = c.step(2);
    expectRefused(step, '-EINVAL');
    expect(group(step.state, 1).owner).toBe('kernel');
    expectOnSi(step.state, 1);
  });

  it('C: unbind gpu, start the VM → +U1 for the whole group (G1 domain=U1)', () => {
    const step = c.step(4);
    expectAccepted(step);
    const s = step.state;
    const u1 = U(s, 1);
    expect(u1.type).toBe('unmanaged');
    const g = group(s, 1);
    expect(g.domain).toBe(u1.id);
    expect(g.defaultDomain).toBe(si(s).id);
    expect(g.owner).toBe('user');
    expect(sorted(u1.devices)).toEqual([GPU, HDA]);
  });

  it('C: binding the host GPU driver while the VM runs → BUG_ON in vfio_iommu_group_notifier', () => {
    const hits = faults(c.result(), { step: 5, kind: 'kernel-crash' });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.some((f) => f.fn.includes('vfio_iommu_group_notifier'))).toBe(true);
  });
});

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
    expectRefused(dVfio.step(1), '-EPERM');
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
describe('E14 — command-line precedence and garbled values across policies', () => {
  /** What the example's table says for the nic's group. */
  type Outcome =
    | 'A-si' // A: nic in si_domain, group type unknown
    | 'A-translated' // A: translated at the first DMA map
    | 'identity' // C/D: group default si_domain
    | 'DMA'
    | 'DMA-FQ'
    | 'on' // the IOMMU is on (the table gives no group result)
    | 'off'; // IOMMU off, no groups
  interface Row {
    slug: string;
    a: Outcome;
    c: Outcome;
    d: Outcome;
    inferredC?: boolean;
    extra?: (k: 'A' | 'C' | 'D', boot: StepResult) => void;
  }
  const ROWS: Row[] = [
    {
      slug: 'pt-then-passthrough0',
      a: 'A-si',
      c: 'identity',
      d: 'DMA-FQ',
      extra: (k, boot) => {
        if (k !== 'C') return;
        // +D −D: the group is created with a DMA default that request_dm replaces.
        expect(dmaDomains(boot.state).some((x) => x.freed)).toBe(true);
        expectLogged(boot, 'Using iommu direct mapping', '00:02.0');
      },
    },
    { slug: 'passthrough0-then-pt', a: 'A-si', c: 'identity', d: 'identity' },
    { slug: 'pt-nopt', a: 'A-translated', c: 'DMA', d: 'DMA-FQ' },
    {
      slug: 'passthrough-maybe',
      a: 'A-translated',
      c: 'DMA',
      d: 'DMA-FQ',
      extra: (_k, boot) => expectLogged(boot, "Malformed early option 'iommu.passthrough'"),
    },
    {
      slug: 'intel-iommu-on-foo',
      a: 'on',
      c: 'on',
      d: 'on',
      extra: (k, boot) => {
        if (k === 'D') expectLogged(boot, "Unknown option - 'foo'");
        else expect(logged(boot, 'Unknown option'), 'foo ignored silently').toEqual([]);
      },
    },
    { slug: 'nopt-with-config-passthrough', a: 'A-translated', c: 'identity', d: 'DMA-FQ', inferredC: true },
    { slug: 'iommu-offline', a: 'off', c: 'off', d: 'off' },
  ];
  const KERNEL: Record<'A' | 'C' | 'D', string> = { A: 'v5.1', C: 'v5.3', D: 'v6.1' };
  const NIC = '00:02.0';

  function check(outcome: Outcome, boot: StateSnapshot, last: StateSnapshot): void {
    const nicGroup = (s: StateSnapshot): number => {
      const g = device(s, NIC).group;
      if (g === null) throw new Error('the nic has no group');
      return g;
    };
    switch (outcome) {
      case 'A-si':
        for (const s of [boot, last]) {
          expectNoDefault(s, nicGroup(s));
          expect(driverView(s, NIC).id).toBe(si(s).id);
        }
        expect(device(last, NIC).dma).toBe('passthrough');
        return;
      case 'A-translated': {
        expectNoDefault(boot, nicGroup(boot));
        expectNoDefault(last, nicGroup(last));
        const dv = driverView(last, NIC);
        expect(dv.type).toBe('DMA');
        expect(dv.freed).toBe(false);
        expect(device(last, NIC).dma).toBe('translated');
        return;
      }
      case 'identity':
        expectOnSi(boot, nicGroup(boot));
        expectOnSi(last, nicGroup(last));
        return;
      case 'DMA':
      case 'DMA-FQ':
        for (const s of [boot, last]) {
          const gid = nicGroup(s);
          const dflt = groupDefault(s, gid);
          expectDefault(s, gid, dflt.id, outcome);
          expect(dflt.freed).toBe(false);
        }
        expect(driverView(last, NIC).id).toBe(groupDefault(last, nicGroup(last)).id);
        expect(device(last, NIC).dma).toBe('translated');
        return;
      case 'on':
        expect(device(boot, NIC).group).not.toBeNull();
        return;
      case 'off':
        expect(boot.groups).toEqual([]);
        expect(last.groups).toEqual([]);
        expect(device(last, NIC).group).toBeNull();
        expect(device(last, NIC).dma).toBe('physical');
        return;
    }
  }

  for (const row of ROWS) {
    for (const k of ['A', 'C', 'D'] as const) {
      const ex = example(`e14-cmdline-${row.slug}.${KERNEL[k]}.json`, runScenario);
      const outcome = k === 'A' ? row.a : k === 'C' ? row.c : row.d;
      const inferred = k === 'C' && row.inferredC ? ' (inferred)' : '';
      it(`${k} \`${ex.scenario.cmdline}\`${ex.scenario.kconfig ? ' +CONFIG_IOMMU_DEFAULT_PASSTHROUGH' : ''}: ${outcome}${inferred}`, () => {
        check(outcome, ex.state(0), ex.state(2));
        row.extra?.(k, ex.step(0));
      });
    }
  }
});

// =============================================================================================
describe('E15 — hot-add, hot-remove and group-id reuse (6.1)', () => {
  const ex = example('e15-hotplug-and-group-id-reuse.v6.1.json', runScenario);
  const [BOOT, ADD_NVME, REMOVE_NIC, REMOVE_NVME, ADD_AGAIN, RESCAN] = [0, 1, 2, 3, 4, 5];

  it('boot: G0 {00:00.0} D1, G1 {00:02.0} D2, G2 {00:1c.0} D3, G3 {00:1f.0, 00:1f.2, 00:1f.3} D4', () => {
    const s = ex.state(BOOT);
    expectGroups(s, [
      [0, ['00:00.0']],
      [1, ['00:02.0']],
      [2, ['00:1c.0']],
      [3, ['00:1f.0', '00:1f.2', '00:1f.3']],
    ]);
    for (const g of [0, 1, 2, 3]) expectDefault(s, g, D(s, g + 1).id, 'DMA-FQ');
  });

  it('hot-plug an NVMe drive at 01:00.0: G4 {01:00.0} default=D5(DMA-FQ); nvme binds', () => {
    const step = ex.step(ADD_NVME);
    const s = step.state;
    expect(group(s, 4).devices).toEqual(['01:00.0']);
    expect(allocatedBetween(ex.state(BOOT), s).map((d) => d.id)).toEqual([D(s, 5).id]);
    expectDefault(s, 4, D(s, 5).id, 'DMA-FQ');
    expect(device(s, '01:00.0').driver).toBe('nvme');
    expectAddedToGroup(step, '01:00.0', 4);
  });

  it('remove 00:02.0: e1000e unbinds, G1 released, −D2', () => {
    const s = ex.state(REMOVE_NIC);
    expect(s.groups.map((g) => g.id)).toEqual([0, 2, 3, 4]);
    expect(hasDevice(s, '00:02.0')).toBe(false);
    expect(freedBetween(ex.state(ADD_NVME), s)).toEqual([D(s, 2).id]);
  });

  it('surprise-remove the NVMe: G4 released, −D5', () => {
    const s = ex.state(REMOVE_NVME);
    expect(s.groups.map((g) => g.id)).toEqual([0, 2, 3]);
    expect(freedBetween(ex.state(REMOVE_NIC), s)).toEqual([D(s, 5).id]);
  });

  it('plug the NVMe back: it gets G1 (lowest free id), +D6', () => {
    const step = ex.step(ADD_AGAIN);
    const s = step.state;
    expect(group(s, 1).devices).toEqual(['01:00.0']);
    expect(allocatedBetween(ex.state(REMOVE_NVME), s).map((d) => d.id)).toEqual([D(s, 6).id]);
    expectDefault(s, 1, D(s, 6).id, 'DMA-FQ');
    expectAddedToGroup(step, '01:00.0', 1);
  });

  it('rescan: the nic comes back as G4, +D7', () => {
    const step = ex.step(RESCAN);
    const s = step.state;
    expect(group(s, 4).devices).toEqual(['00:02.0']);
    expect(allocatedBetween(ex.state(ADD_AGAIN), s).map((d) => d.id)).toEqual([D(s, 7).id]);
    expectDefault(s, 4, D(s, 7).id, 'DMA-FQ');
    expect(s.groups.map((g) => g.id)).toEqual([0, 1, 2, 3, 4]);
    expectAddedToGroup(step, '00:02.0', 4);
  });
});

// =============================================================================================
describe('coverage', () => {
  it('every scenario file in scenarios/examples/ is exercised by a test above', () => {
    const unused = exampleFiles().filter((f) => !usedExampleFiles.has(f));
    expect(unused).toEqual([]);
  });
});
