import { describe, expect, it } from 'vitest';
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

describe('elixirUrl', () => {
  it('links to the identifier in the simulated version', () => {
    expect(elixirUrl('v5.3', 'pci_device_group')).toBe(
      'https://elixir.bootlin.com/linux/v5.3/A/ident/pci_device_group',
    );
  });
  it('shows the unmerged v3 series against the tree it patched', () => {
    expect(elixirUrl('v3-sewart', 'intel_iommu_add_device')).toContain('/linux/v5.1/');
  });
  it('makes no link for something that is not an identifier', () => {
    expect(elixirUrl('v6.1', 'iommu_group_get_for_dev → pci_device_group')).toBeNull();
    expect(elixirUrl('v6.1', '<script>')).toBeNull();
  });
});
