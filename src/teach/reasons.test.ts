/**
 * The reasons the page shows for the worked examples E1–E15: every device in a group says why it
 * is there, every group with a default domain says why it has its type, every device's DMA says why
 * it behaves so, each naming the kernel function that decided it; and the examples' key reasons say what the example
 * is about.
 */
import { describe, expect, it } from 'vitest';
import lesson7 from '../../scenarios/lessons/l07-sysfs-type.json';
import { dmaBehaviour } from '../kernel/dma';
import { exampleFiles, loadScenario } from '../kernel/examples.helpers';
import { applyStep, createMachine } from '../kernel/run';
import type { KernelId, Machine, Scenario, Step } from '../kernel/types';
import { dmaWhy } from './dmaWhy';

/** Every machine state the scenario passes through, after each step. */
function states(file: string | Scenario): Machine[] {
  const s = typeof file === 'string' ? loadScenario(file) : file;
  let m = createMachine(s);
  const out: Machine[] = [];
  for (const step of s.steps) {
    m = applyStep(m, step).machine;
    out.push(m);
  }
  return out;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

describe.each(exampleFiles())('%s', (file) => {
  const all = states(file);
  it('gives every grouped device a group reason and a DMA reason with a kernel function', () => {
    for (const m of all)
      for (const d of Object.values(m.devices)) {
        const why = dmaWhy(m, d);
        expect(why.text.length, `${d.bdf} DMA at step ${m.step}`).toBeGreaterThan(20);
        expect(why.fn).toMatch(IDENT);
        if (d.group === null) continue;
        expect(d.groupWhy, `${d.bdf} at step ${m.step}`).toBeTruthy();
        expect(d.groupWhyFn, `${d.bdf} at step ${m.step}`).toMatch(IDENT);
      }
  });
  it('gives every group with a default domain a type reason', () => {
    for (const m of all)
      for (const g of Object.values(m.groups))
        if (g.defaultDomain !== null) {
          expect(g.typeWhy, `group ${g.id} at step ${m.step}`).toBeTruthy();
          expect(g.typeWhyFn, `group ${g.id} at step ${m.step}`).toMatch(IDENT);
        }
  });
});

const at = (file: string, step = 0) => states(file)[step]!;

describe('the reasons the examples are about', () => {
  it('E11: a conventional device shares the PCIe-to-PCI bridge’s group because the bridge DMAs for it', () => {
    const m = at('e11-conventional-behind-pcie-to-pci-bridge.pt.v6.1.json');
    const conventional = Object.values(m.devices).filter((d) => d.spec.type === 'pci');
    expect(conventional.length).toBeGreaterThan(0);
    for (const d of conventional) expect(d.groupWhy).toMatch(/01:00\.0/);
  });
  it('E10: a device below switch ports with ACS gets a group of its own, and the reason says ACS', () => {
    const m = at('e10-pcie-switch-with-acs.v6.1.json');
    const below = Object.values(m.devices).filter((d) => d.spec.type === 'endpoint');
    expect(below.length).toBeGreaterThan(1);
    for (const d of below) expect(d.groupWhy).toMatch(/ACS/);
  });
  it('E15: a group formed at boot and one formed by a hot-added device name the function that chose each type', () => {
    const all = states('e15-hotplug-and-group-id-reuse.v6.1.json');
    const s = loadScenario('e15-hotplug-and-group-id-reuse.v6.1.json');
    const added = s.steps.findIndex((st) => st.op === 'hot-add');
    const boot = all[0]!;
    for (const g of Object.values(boot.groups)) expect(g.typeWhyFn).toBe('probe_get_default_domain_type');
    const m = all[added]!;
    const bdf = (s.steps[added] as { device: { bdf: string } }).device.bdf;
    const g = m.groups[String(m.devices[bdf]!.group)]!;
    expect(g.createdAt).toBe(added);
    expect(g.typeWhyFn).toBe('iommu_alloc_default_domain');
  });
  it('E6: the group whose members need different types says it fell back to the default type', () => {
    const m = at('e06-conflicting-needs-in-one-group.v6.1.json');
    expect(Object.values(m.groups).some((g) => /different types/.test(g.typeWhy ?? ''))).toBe(true);
  });
  it('E13: a type written through sysfs says so', () => {
    const all = states('e13-sysfs-group-type.v6.1.json');
    const last = all[all.length - 1]!;
    expect(Object.values(last.groups).some((g) => /iommu_groups\/\d+\/type/.test(g.typeWhy ?? ''))).toBe(
      true,
    );
  });
  it('E7 without the guard: a nic attached to the freed si_domain passes through, explained as a use-after-free', () => {
    const file = 'e07-si-domain-freed-on-group-release.no-si-guard.v5.3.json';
    // Step 2, the new nic: its context entry is written from the freed si_domain, which under
    // hardware pass-through has no page tables, so it still says pass-through.
    const nic = (m: Machine) => m.devices['00:02.0']!;
    const m = states(file)[2]!;
    expect(dmaBehaviour(m, nic(m))).toBe('passthrough');
    expect(dmaWhy(m, nic(m))).toMatchObject({
      fn: 'domain_context_mapping_one',
      text: expect.stringMatching(/freed \(use-after-free\)/),
    });
    // With 1:1 page tables instead (no hardware pass-through), domain_exit freed them: DMA walks freed memory.
    const soft = loadScenario(file);
    const tables = states({ ...soft, machine: { ...soft.machine, hwPassThrough: false } })[2]!;
    expect(dmaBehaviour(tables, nic(tables))).toBe('faults');
    expect(dmaWhy(tables, nic(tables))).toMatchObject({
      fn: 'domain_exit',
      text: expect.stringMatching(/freed page tables/),
    });
  });
  it('E8 with deferred attach: a device still on the crashed kernel’s tables is explained so', () => {
    const m = at('e08-kdump-deferred-attach.v5.3.json');
    const whys = Object.values(m.devices).map((d) => dmaWhy(m, d));
    expect(whys.some((w) => w.fn === 'copy_translation_tables' && /crashed kernel/.test(w.text))).toBe(true);
  });
  it('a kdump kernel with VT-d off: DMA still in flight with IOVAs is explained as memory corruption', () => {
    let m = createMachine({
      format: 'iommu-sandbox/scenario@1',
      kernel: 'v6.1',
      cmdline: 'intel_iommu=on',
      devices: [{ bdf: '00:02.0', type: 'rc-endpoint', class: '0200' }],
      steps: [],
    });
    for (const step of [
      { op: 'boot' },
      { op: 'bind', device: '00:02.0', driver: 'e1000e' },
      { op: 'dma', device: '00:02.0' },
      { op: 'crash', cmdline: 'intel_iommu=off' },
    ] as const)
      m = applyStep(m, step).machine;
    const why = dmaWhy(m, m.devices['00:02.0']!);
    expect(why.fn).toBe('intel_disable_iommus');
    expect(why.text).toMatch(/memory corruption/);
  });
  it('physical DMA says why: powered off, or the IOMMU switched off by what the command line said', () => {
    const s: Scenario = {
      format: 'iommu-sandbox/scenario@1',
      kernel: 'v6.1',
      cmdline: 'intel_iommu=off',
      devices: [{ bdf: '00:02.0', type: 'rc-endpoint', class: '0200' }],
      steps: [],
    };
    const off = createMachine(s);
    expect(dmaWhy(off, off.devices['00:02.0']!).text).toMatch(/powered off/);
    const m = applyStep(createMachine(s), { op: 'boot' }).machine;
    expect(dmaWhy(m, m.devices['00:02.0']!).text).toMatch(/intel_iommu=off on the kernel command line/);
  });
  it('identity from 5.8 with a 32-bit mask: the reason says buffers above 4 GiB bounce through swiotlb', () => {
    // Lesson 7's machine: iommu=pt, an old SATA controller with a 32-bit mask, RAM above 4 GiB.
    const run = (kernel: KernelId, machine: Scenario['machine'] = {}, more: Step[] = []) => {
      let m = createMachine({ ...(lesson7 as Scenario), kernel, machine });
      for (const step of [{ op: 'boot' } as Step, ...more]) m = applyStep(m, step).machine;
      return (bdf: string) => dmaWhy(m, m.devices[bdf]!);
    };
    for (const k of ['v5.8', 'v5.11', 'v6.1'] as const) {
      const why = run(k)('00:03.0');
      expect(why.fn, k).toBe('dma_direct_map_page');
      expect(why.text, k).toMatch(/^It is attached to si_domain, an identity domain .*pass-through/);
      expect(why.text, k).toMatch(/32-bit DMA mask.*above 4 GiB into a swiotlb bounce buffer below it/);
      // The 64-bit network card reaches all of RAM: nothing to bounce.
      expect(run(k)('00:02.0').text, k).not.toMatch(/swiotlb/);
    }
    // 1:1 page tables instead of hardware pass-through: the same copy.
    expect(run('v6.1', { hwPassThrough: false })('00:03.0').text).toMatch(/1:1 page tables.*swiotlb/);
    // All of RAM below 4 GiB: the mask reaches it.
    expect(run('v6.1', { ramAbove4G: false })('00:03.0').text).not.toMatch(/swiotlb/);
    // Up to 5.7 the first DMA map moves it to a DMA domain instead.
    expect(run('v5.7', {}, [{ op: 'dma', device: '00:03.0' }])('00:03.0').text).not.toMatch(/swiotlb/);
    // Its group made DMA through sysfs: iommu-dma gives it IOVAs below 4 GiB, no bouncing.
    const dma = run('v6.1', {}, [
      { op: 'unbind', device: '00:03.0' },
      { op: 'set-group-type', group: 2, value: 'DMA' },
      { op: 'bind', device: '00:03.0', driver: { name: 'sata_sil', dmaMask: 32 } },
    ])('00:03.0');
    expect(dma.text).toMatch(/a DMA domain/);
    expect(dma.text).not.toMatch(/swiotlb/);
  });
});
