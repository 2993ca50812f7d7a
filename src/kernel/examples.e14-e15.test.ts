/**
 * The worked examples E14–E15 of kernel-examples.md: command-line precedence and garbled values
 * across policies, and hot-add, hot-remove and group-id reuse. Run through the engine from the
 * scenario files in scenarios/examples/; each `it` asserts what the example states for one step,
 * and titles marked "(inferred)" assert statements the example tags [I] or [T].
 */

import { describe, expect, it } from 'vitest';
import {
  allocatedBetween,
  D,
  device,
  dmaDomains,
  driverView,
  example,
  expectAddedToGroup,
  expectDefault,
  expectGroups,
  expectLogged,
  expectNoDefault,
  expectOnSi,
  freedBetween,
  group,
  groupDefault,
  hasDevice,
  logged,
  si,
  unusedExampleFiles,
} from './examples.helpers';
import { runScenario } from './run';
import type { StateSnapshot, StepResult } from './types';

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
  it('every scenario file of E14–E15 in scenarios/examples/ is exercised by a test above', () => {
    expect(unusedExampleFiles(14, 15)).toEqual([]);
  });
});
