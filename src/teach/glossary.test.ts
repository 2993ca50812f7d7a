import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import lesson7 from '../../scenarios/lessons/l07-sysfs-type.json';
import { dmaBehaviour } from '../kernel/dma';
import { applyStep, createMachine } from '../kernel/run';
import type { KernelId, Scenario } from '../kernel/types';
import { elixirUrl } from './elixir';
import { GLOSSARY, glossary } from './glossary';

describe('the glossary', () => {
  it('explains every term the teaching issue lists', () => {
    const terms = GLOSSARY.map((e) => e.term.toLowerCase());
    for (const t of [
      'iommu group',
      'iommu domain',
      'default domain',
      'si_domain',
      'identity',
      'pass-through',
      'dma-fq',
      'acs',
      'dma alias',
      'rmrr',
      'private domain',
      'kdump',
      'deferred attach',
      'dma mask',
      'untrusted device',
      'vfio viability',
      // Terms the page shows that a learner's review found unexplained.
      'swiotlb (bounce buffer)',
      'owner_cnt',
      'driver view / core view',
      'rc integrated endpoint (rciep)',
      'dma ops',
      'sandbox note',
    ])
      expect(terms).toContain(t);
  });
  it('has unique ids, cross-references that resolve, and functions that are C identifiers', () => {
    const ids = GLOSSARY.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of GLOSSARY) {
      for (const see of e.see ?? []) expect(() => glossary(see), `${e.id} → ${see}`).not.toThrow();
      if (e.fn) expect(elixirUrl('v6.1', e.fn), e.fn).not.toBeNull();
    }
  });
  it('keeps the hover sentence to one short sentence', () => {
    for (const e of GLOSSARY) expect(e.short.length, e.id).toBeLessThan(140);
  });
});

describe('the glossary agrees with the core', () => {
  // A 32-bit device under iommu=pt on a machine with RAM above 4 GiB, after its first DMA map.
  const firstDma = (kernel: KernelId) => {
    let m = createMachine({ ...(lesson7 as Scenario), kernel });
    for (const step of [{ op: 'boot' }, { op: 'dma', device: '00:03.0' }] as const)
      m = applyStep(m, step).machine;
    return dmaBehaviour(m, m.devices['00:03.0']!);
  };
  it('iommu=pt: a 32-bit device leaves identity up to 5.7 and stays from 5.8, as the entry says', () => {
    const text = glossary('iommu-pt').long;
    expect(text).toContain('up to 5.7');
    expect(text).toContain('From 5.8 such a device stays identity');
    for (const k of ['v5.1', 'v3-sewart', 'v5.3', 'v5.7'] as const) expect(firstDma(k), k).toBe('translated');
    for (const k of ['v5.8', 'v5.11', 'v6.1'] as const) expect(firstDma(k), k).toBe('passthrough');
  });

  const booted = (file: string) => {
    const m = applyStep(createMachine(example(file)), { op: 'boot' }).machine;
    return (bdf: string) => dmaBehaviour(m, m.devices[bdf]!);
  };
  it('untrusted: the request for a DMA domain can lose to a group member that needs identity (E6)', () => {
    expect(glossary('untrusted').long).toContain('runs untranslated (example E6)');
    expect(booted('e06-conflicting-needs-in-one-group.v6.1.json')('03:00.0')).toBe('passthrough');
  });
  it('RMRR: the device is not identity-mapped for it; up to 5.3 it is kept out of identity (E5)', () => {
    expect(glossary('rmrr').long).toContain('the device does not need an identity domain');
    const dma = booted('e05-two-functions-different-needs.v5.3.json');
    expect([dma('01:00.0'), dma('01:00.1')]).toEqual(['translated', 'passthrough']);
  });
  it('iommu=pt up to 5.6 leaves the core default alone: iommu=pt iommu.passthrough=0 differs on 5.3 and 6.1 (E14)', () => {
    expect(glossary('iommu-pt').long).toContain('leaves the core’s default domain type alone');
    const nic = (kernel: KernelId) => {
      const s: Scenario = { ...(lesson7 as Scenario), kernel, cmdline: 'iommu=pt iommu.passthrough=0' };
      const m = applyStep(createMachine(s), { op: 'boot' }).machine;
      return dmaBehaviour(m, m.devices['00:02.0']!);
    };
    expect(nic('v5.3')).toBe('passthrough');
    expect(nic('v6.1')).toBe('translated');
  });
});

function example(file: string): Scenario {
  return JSON.parse(
    readFileSync(new URL(`../../scenarios/examples/${file}`, import.meta.url), 'utf8'),
  ) as Scenario;
}

describe('elixirUrl', () => {
  it('links to the identifier in the simulated version', () => {
    expect(elixirUrl('v5.3', 'pci_device_group')).toBe(
      'https://elixir.bootlin.com/linux/v5.3/A/ident/pci_device_group',
    );
  });
  it('shows the unmerged v3 series against the tree it patched', () => {
    expect(elixirUrl('v3-sewart', 'intel_iommu_add_device')).toContain('/linux/v5.1/');
  });
  it("links none of v3's own functions to the 5.1 tree, where they do not exist", () => {
    expect(elixirUrl('v3-sewart', 'intel_iommu_device_group')).toBeNull();
    expect(elixirUrl('v3-sewart', 'intel_iommu_is_attach_deferred')).toBeNull();
    expect(elixirUrl('v5.3', 'intel_iommu_is_attach_deferred')).toContain('/linux/v5.3/');
  });
  it('makes no link for something that is not an identifier', () => {
    expect(elixirUrl('v6.1', 'iommu_group_get_for_dev → pci_device_group')).toBeNull();
    expect(elixirUrl('v6.1', '<script>')).toBeNull();
  });
});
