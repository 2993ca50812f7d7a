import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../kernel/run';
import type { Fault, KernelId, RunResult, Scenario, StateSnapshot } from '../kernel/types';
import { compareRuns, type Difference, newAt } from './diff';
import { reviewSummary } from './summary';
import { configOf, withConfig } from './variant';
import { viaText } from './via';

const load = (f: string): Scenario =>
  JSON.parse(readFileSync(new URL(`../../scenarios/examples/${f}`, import.meta.url), 'utf8'));
const diff = (a: Scenario, b: Scenario) => compareRuns(runScenario(a), runScenario(b));
/** A difference in a few words, to compare whole lists exactly. */
const brief = (d: Difference) => `${d.step} ${d.kind} ${d.devices.join(',')}: ${d.left} | ${d.right}`;

describe('E7: si_domain freed on group release, guard on (left) vs off (right)', () => {
  const e7 = load('e07-si-domain-freed-on-group-release.v5.3.json');
  const diffs = diff(e7, withConfig(e7, { fixes: { 'si-domain-free-guard': false } }));

  it('boot is the same in both worlds', () => {
    expect(diffs.filter((d) => d.step === 0)).toEqual([]);
  });

  it('releasing the nic group frees si_domain only without the guard, and the other devices lose their context', () => {
    expect(diffs.filter((d) => d.step === 1).map(brief)).toEqual([
      // The host bridge loses its context too, but it never masters the bus: no difference.
      '1 domain : — | − si_domain',
      '1 dma 00:03.0: passthrough | faults',
      "1 driver-view 00:03.0: the group's domain | none",
      '1 fault : — | use-after-free',
    ]);
    expect(diffs.find((d) => d.kind === 'domain')?.via).toEqual({
      left: [],
      right: ['iommu_group_release', 'intel_iommu_domain_free'],
    });
  });

  it('the re-added nic gets the freed si_domain (use-after-free), and the last release frees it again', () => {
    const step2 = diffs.filter((d) => d.step === 2 && d.kind === 'fault').map(brief);
    expect(step2).toEqual(['2 fault : — | use-after-free', '2 fault 00:02.0: — | use-after-free on 00:02.0']);
    expect(diffs.filter((d) => d.step === 3 && d.kind === 'fault').map(brief)).toEqual([
      '3 fault : — | double-free',
    ]);
    expect(newAt(diffs, 3).map(brief)).toEqual(['3 fault : — | double-free']);
  });

  it('never reports a difference where there is none', () => {
    expect(diff(e7, e7)).toEqual([]);
  });
});

describe('E8: kdump kernel with deferred attach (left) vs without (right)', () => {
  const e8 = load('e08-kdump-deferred-attach.v5.3.json');
  const diffs = diff(e8, withConfig(e8, { fixes: { 'defer-attach-in-kdump': false } }));

  it('at boot the devices doing DMA fault only without deferral, and nothing is attached with it', () => {
    expect(diffs.filter((d) => d.step === 0).map(brief)).toEqual([
      '0 dma 00:02.0: old-kernel | faults',
      "0 driver-view 00:02.0: none | the group's domain",
      '0 dma 00:03.0: old-kernel | faults',
      "0 driver-view 00:03.0: none | the group's domain",
      '0 fault 00:02.0: — | dma-fault (blocked) on 00:02.0',
      '0 fault 00:03.0: — | dma-fault (blocked) on 00:03.0',
    ]);
  });

  it("once nvme's driver resets it, nvme is translated in both worlds; the nic still faults without deferral", () => {
    const last = diffs.filter((d) => d.step === 2 && d.kind === 'dma');
    expect(last.map(brief)).toEqual([
      '2 dma 00:02.0: old-kernel | faults',
      // The deferred attach at nvme's first DMA map: the difference ends, and the row says how.
      '2 dma 00:03.0: old-kernel → translated | translated',
    ]);
    expect(last[1]).toMatchObject({ ended: true, via: { left: ['iommu_need_mapping'], right: [] } });
  });
});

describe('E5: two functions with different needs, v5.3 against each other policy', () => {
  const e5 = load('e05-two-functions-different-needs.v5.3.json');
  const against = (kernel: KernelId) => diff(e5, withConfig(e5, { kernel })).map(brief);

  it('v5.1: no default domains; the RMRR function gets a private domain, the others sit in si_domain', () => {
    expect(against('v5.1')).toEqual([
      '0 group-type 00:1c.0: identity | unknown',
      '0 group-type 01:00.0,01:00.1: DMA (lazy) | unknown',
      '0 domain 01:00.0,01:00.1: + default DMA (lazy) domain of group {01:00.0, 01:00.1} | —',
      '0 domain 01:00.0: — | + private DMA (lazy) domain of {01:00.0}',
      // The root port sits in si_domain in 5.1, but it never masters the bus: no difference.
      "0 driver-view 01:00.0: the group's domain | private DMA (lazy) domain of {01:00.0}",
    ]);
  });

  it('v3-sewart: the identity-needing function gets a group of its own, which breaks isolation', () => {
    expect(against('v3-sewart')).toEqual([
      // One split, one row: the two functions' one group against v3's two.
      '0 partition 01:00.0,01:00.1: {01:00.0, 01:00.1} | {01:00.0} {01:00.1}',
      '0 group-type 01:00.1: DMA (lazy) | identity',
      '0 domain 01:00.0,01:00.1: + default DMA (lazy) domain of group {01:00.0, 01:00.1} | —',
      '0 domain 01:00.0: — | + default DMA (lazy) domain of group {01:00.0}',
      "0 driver-view 01:00.1: si_domain | the group's domain",
      '0 fault 01:00.1: — | isolation-broken on 01:00.1',
    ]);
  });

  it('v6.1: the RMRR rule is gone, so the whole group is identity-mapped', () => {
    expect(against('v6.1')).toEqual([
      '0 group-type 01:00.0,01:00.1: DMA (lazy) | identity',
      '0 domain 01:00.0,01:00.1: + default DMA (lazy) domain of group {01:00.0, 01:00.1} | —',
      '0 dma 01:00.0: translated | passthrough',
      "0 driver-view 01:00.1: si_domain | the group's domain",
    ]);
  });
});

describe('E12: a vfio claim on 6.1 (left) and 5.3 (right)', () => {
  const e12 = load('e12-vfio-dma-ownership.v6.1.json');
  const diffs = diff(e12, withConfig(e12, { kernel: 'v5.3' }));

  it("names 6.1's blocking domain by the group it belongs to", () => {
    const blocking = diffs.filter((d) => d.kind === 'domain' && d.left.includes('blocking'));
    expect(blocking.length).toBeGreaterThan(0);
    for (const d of blocking) expect(d.left).toMatch(/^\+ blocking domain of group \{[^}]+\}$/);
  });
});

describe('review summary', () => {
  const e7 = load('e07-si-domain-freed-on-group-release.v5.3.json');
  const right = withConfig(e7, { fixes: { 'si-domain-free-guard': false } });
  const text = reviewSummary(e7, configOf(e7), configOf(right), diff(e7, right));

  it('fits in 80 columns and names the machine, both configurations, the steps and the kernel functions', () => {
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(text).toContain('si-domain-free-guard=on');
    expect(text).toContain('si-domain-free-guard=off');
    expect(text).toMatch(/1\s+hot-remove 00:02\.0/);
    expect(text).toContain('− si_domain');
    expect(text).toContain('intel_iommu_domain_free()');
    expect(text).toContain('double-free');
  });
});

describe('each world’s own functions, and DMA faults told apart by what became of the DMA', () => {
  const e8 = load('e08-kdump-deferred-attach.defer-order-pt.v5.7.json');
  const diffs = diff(e8, withConfig(e8, { kernel: 'v5.8' }));

  it('5.7’s IOVA through a pass-through context and 5.8’s blocked DMA are two faults, one row', () => {
    expect(diffs.filter((d) => d.step === 1 && d.kind === 'fault')).toEqual([
      {
        step: 1,
        kind: 'fault',
        devices: ['00:03.0'],
        // What became of the DMA: through the pass-through context to the wrong memory, or blocked.
        left: 'dma-fault (misdirected) on 00:03.0',
        right: 'dma-fault (blocked) on 00:03.0',
        via: { left: ['__intel_map_single'], right: ['dmar_fault'] },
      },
    ]);
  });

  it('never credits 5.8 with 5.7’s deferred_attach_domain()', () => {
    const dma = diffs.find((d) => d.step === 1 && d.kind === 'dma');
    expect(dma?.via).toEqual({
      left: ['deferred_attach_domain', '__intel_map_single'],
      right: ['dmar_fault'],
    });
    const text = reviewSummary(e8, configOf(e8), { ...configOf(e8), kernel: 'v5.8' }, diffs);
    expect(text).toContain(
      '     left via deferred_attach_domain(), __intel_map_single()\n     right via dmar_fault()\n',
    );
  });

  it('says one "via" when both worlds name the same functions, and nothing when neither names any', () => {
    expect(viaText({ left: ['a', 'b'], right: ['a', 'b'] })).toBe('via a(), b()');
    expect(viaText({ left: [], right: ['b'] })).toBe('right via b()');
    expect(viaText({ left: [], right: [] })).toBe('');
  });
});

describe('a world whose kernel died', () => {
  const hazard = load('e08-kdump-deferred-attach.defer-order-hazard.v5.3.json');
  const s: Scenario = {
    ...hazard,
    steps: [
      ...hazard.steps,
      { op: 'hot-remove', device: '00:02.0' },
      { op: 'boot' },
      { op: 'hot-remove', device: '00:02.0' },
    ],
  };
  const diffs = diff(s, withConfig(s, { kernel: 'v5.7' }));

  it('is compared by its answers only until it boots again', () => {
    // 5.3 oopses at step 2 (identity_mapping() reads the DEFER marker); 5.7 goes on.
    // Its death is the answer row, naming where it died; no kernel-crash fault row says it again.
    const died = diffs.filter((d) => d.step === 2);
    expect(died.map((d) => d.kind)).toEqual(['error', 'dma', 'driver-view']);
    expect(died[0]!.via.left).toEqual(['identity_mapping']);
    expect(diffs.filter((d) => d.step === 3).map(brief)).toEqual([
      '3 error : -EIO: the kdump kernel has crashed; only boot (a reboot) goes on | ok',
    ]);
    // Booted again (the machine is still a kdump one), the worlds are alike until the second
    // hot-remove, where 5.3 oopses again on the DEFER marker, in __dmar_remove_one_dev_info().
    expect(diffs.filter((d) => d.step === 4)).toEqual([]);
    expect(diffs.find((d) => d.step === 5 && d.kind === 'error')?.via).toEqual({
      left: ['__dmar_remove_one_dev_info'],
      right: [],
    });
  });
});

describe('a kernel that starts again', () => {
  const e9 = load('e09-extra-group-breaks-vfio-isolation.v5.3.json');

  it('lists the domains a reboot allocates, though their ids start again at d1', () => {
    const s: Scenario = { ...e9, steps: [...e9.steps, { op: 'boot' }] };
    const diffs = diff(s, withConfig(s, { kernel: 'v3-sewart' }));
    const boot = diffs
      .filter((d) => d.step === 0 && d.kind === 'domain')
      .map((d) => `${d.left} | ${d.right}`);
    const reboot = diffs.filter((d) => d.step === s.steps.length - 1 && d.kind === 'domain');
    expect(boot.length).toBeGreaterThan(0);
    expect(reboot.map((d) => `${d.left} | ${d.right}`)).toEqual(boot);
  });

  it('a crash into the kdump kernel brings a dead world back, and two oopses in different code differ', () => {
    // 5.3 dies at step 5 (vfio's BUG_ON when a host driver binds into the claimed group), 6.1 refuses.
    const s: Scenario = {
      ...e9,
      steps: [...e9.steps, { op: 'crash' }, { op: 'hot-remove', device: '01:00.1' }],
    };
    const diffs = diff(s, withConfig(s, { kernel: 'v6.1' }));
    expect(diffs.find((d) => d.step === 5)?.left).toMatch(
      /^-EFAULT: kernel BUG in vfio_iommu_group_notifier/,
    );
    // Both kdump kernels remove the device whose attach they deferred, and both oops: in other code.
    expect(diffs.filter((d) => d.step === 7)).toMatchObject([
      {
        kind: 'error',
        left: expect.stringMatching(/^-EFAULT: kernel oops in __dmar_remove_one_dev_info\(\)/),
        right: expect.stringMatching(/^-EFAULT: kernel oops in dmar_remove_one_dev_info\(\)/),
        via: { left: ['__dmar_remove_one_dev_info'], right: ['dmar_remove_one_dev_info'] },
      },
    ]);
  });
});

describe('what is new at a step', () => {
  it('a group type that lasted is not new again when another group of the same row changes', () => {
    const e1 = load('e01-iommu-pt-32bit-device.v5.1.json');
    const diffs = diff(e1, withConfig(e1, { kernel: 'v5.3' }));
    // At step 4 the sata controller's group turns DMA in 5.3: the others stay identity, as since boot.
    expect(diffs.filter((d) => d.step === 4 && d.kind === 'group-type').map(brief)).toEqual([
      '4 group-type 00:00.0,00:02.0: unknown | identity',
      '4 group-type 00:03.0: unknown | DMA (lazy)',
    ]);
    expect(
      newAt(diffs, 4)
        .filter((d) => d.kind === 'group-type')
        .map(brief),
    ).toEqual(['4 group-type 00:03.0: unknown | DMA (lazy)']);
  });
});

describe('the review summary of a comparison with v3', () => {
  it('says that v3 is reconstructed, so its functions are inferred', () => {
    const e9 = load('e09-extra-group-breaks-vfio-isolation.v5.3.json');
    const v3 = withConfig(e9, { kernel: 'v3-sewart' });
    const text = reviewSummary(e9, configOf(e9), configOf(v3), diff(e9, v3));
    expect(text).toMatch(
      /Right: v3-sewart, [^\n]*\n( {2}[^\n]*\n)* {2}reconstructed from the 2019 review thread: its functions are inferred\n/,
    );
    expect(text).not.toMatch(/Left: v5\.3[^\n]*\n( {2}[^\n]*\n)* {2}reconstructed/);
  });
});

describe('a DMA fault is what became of the DMA', () => {
  const run = (faults: Fault[]): RunResult => ({
    format: 'iommu-sandbox/result@1',
    kernel: 'v5.3',
    steps: [
      { op: 'boot', ok: true, error: null, events: [], state: { groups: [], domains: [], devices: [] } },
    ],
    faults,
  });
  const blocked = (fn: string): Fault => ({
    step: 0,
    kind: 'dma-fault',
    dma: 'blocked',
    fn,
    device: '00:03.0',
    message: 'DMA blocked',
  });

  it('one blocked DMA reported through different code in the two worlds is no difference', () => {
    expect(compareRuns(run([blocked('dmar_fault')]), run([blocked('domain_exit')]))).toEqual([]);
  });

  it('blocked against misdirected is one row naming both', () => {
    const diffs = compareRuns(
      run([blocked('dmar_fault')]),
      run([{ ...blocked('__intel_map_single'), dma: 'misdirected' }]),
    );
    expect(diffs.map(brief)).toEqual([
      '0 fault 00:03.0: dma-fault (blocked) on 00:03.0 | dma-fault (misdirected) on 00:03.0',
    ]);
  });
});

describe('a crash that starts no kernel', () => {
  // E8's machine booted as a first kernel (left) and as the kdump kernel (right); both crash.
  const e8 = load('e08-kdump-deferred-attach.v5.3.json');
  const steps: Scenario['steps'] = [
    { op: 'boot' },
    { op: 'dma', device: '00:03.0' },
    { op: 'crash' },
    { op: 'bind', device: '00:02.0', driver: { name: 'e1000e' } },
    { op: 'dma', device: '00:02.0' },
  ];
  const first: Scenario = { ...e8, machine: { ...e8.machine, kdump: false }, steps };
  const diffs = diff(first, withConfig({ ...e8, steps }, {}));

  it('says the kdump kernel stays in panic(), and compares its later steps by their answers only', () => {
    expect(diffs.find((d) => d.step === 2 && d.kind === 'error')).toMatchObject({
      left: 'ok',
      right: 'ok, and the kernel stays in panic(): nothing boots',
    });
    expect(diffs.filter((d) => d.step >= 3).map((d) => d.kind)).toEqual(['error', 'error']);
  });

  it('names no kernel function for the sandbox answering for a dead kernel, and says it once', () => {
    const later = diffs.filter((d) => d.step >= 3);
    for (const d of later) expect(d.via).toEqual({ left: [], right: [] });
    expect(newAt(diffs, 3)).toHaveLength(1);
    expect(newAt(diffs, 4)).toEqual([]);
  });
});

describe('group-type rows', () => {
  // One world's groups all identity, the other's all DMA; a second group appears at step 1.
  const state = (type: 'identity' | 'DMA', bdfs: string[]): StateSnapshot => ({
    groups: bdfs.map((bdf, id) => ({
      id,
      devices: [bdf],
      defaultDomain: `d${id}`,
      domain: `d${id}`,
      type,
      owner: 'kernel',
    })),
    domains: bdfs.map((bdf, id) => ({
      id: `d${id}`,
      type,
      kind: 'default',
      private: false,
      freed: false,
      devices: [bdf],
    })),
    devices: bdfs.map((bdf, id) => ({
      bdf,
      group: id,
      domain: `d${id}`,
      attach: 'attached',
      driver: null,
      dma: 'translated',
    })),
  });
  const run = (type: 'identity' | 'DMA'): RunResult => ({
    format: 'iommu-sandbox/result@1',
    kernel: 'v5.3',
    steps: [
      { op: 'boot', ok: true, error: null, events: [], state: state(type, ['00:02.0']) },
      { op: 'rescan', ok: true, error: null, events: [], state: state(type, ['00:02.0', '00:03.0']) },
    ],
    faults: [],
  });

  it('keep a group that differed all along apart from one that differs from this step', () => {
    const diffs = compareRuns(run('identity'), run('DMA'));
    expect(diffs.filter((d) => d.step === 1 && d.kind === 'group-type').map(brief)).toEqual([
      '1 group-type 00:02.0: identity | DMA',
      '1 group-type 00:03.0: identity | DMA',
    ]);
    expect(newAt(diffs, 1).map(brief)).toEqual([
      '1 group-type 00:03.0: identity | DMA',
      expect.stringMatching(/^1 domain 00:03\.0/),
    ]);
  });
});
