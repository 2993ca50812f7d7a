import { describe, expect, it } from 'vitest';
import type { Scenario } from '../kernel/types';
import { readSaved, STORAGE_KEY, writeSaved } from './persist';

class MemoryStorage implements Storage {
  private map = new Map<string, string>();
  get length() {
    return this.map.size;
  }
  clear() {
    this.map.clear();
  }
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
}

const scenario: Scenario = {
  format: 'iommu-sandbox/scenario@1',
  kernel: 'v5.3',
  devices: [{ bdf: '00:00.0', type: 'host-bridge' }],
  steps: [{ op: 'boot' }],
};

describe('saved state', () => {
  it('uses a versioned key', () => {
    expect(STORAGE_KEY).toBe('iommu-sandbox/state@1');
  });

  it('reads back what was written', () => {
    const storage = new MemoryStorage();
    const state = {
      v: 1 as const,
      scenario,
      cursor: 0,
      libraryId: 'library/x',
      positions: { a: { x: 1, y: 2 } },
    };
    writeSaved(state, storage);
    expect(readSaved(storage)).toEqual(state);
  });

  it('drops saves it cannot read rather than trusting them', () => {
    const storage = new MemoryStorage();
    expect(readSaved(storage)).toBeNull();
    storage.setItem(STORAGE_KEY, '{not json');
    expect(readSaved(storage)).toBeNull();
    storage.setItem(STORAGE_KEY, JSON.stringify({ v: 1, scenario: { kernel: 'v5.3' }, cursor: 0 }));
    expect(readSaved(storage)).toBeNull();
    storage.setItem(STORAGE_KEY, JSON.stringify({ v: 7, scenario, cursor: 0 }));
    expect(readSaved(storage)).toBeNull();
  });

  it('fills in what an older save lacks', () => {
    const storage = new MemoryStorage();
    storage.setItem(STORAGE_KEY, JSON.stringify({ v: 1, scenario, cursor: 0 }));
    expect(readSaved(storage)).toMatchObject({ libraryId: null, positions: {} });
  });

  it('keeps compare mode: the right world and the comparison shown', () => {
    const storage = new MemoryStorage();
    const compare = {
      right: {
        kernel: 'v6.1' as const,
        fixes: { 'si-domain-free-guard': false },
        cmdline: 'iommu=pt',
        machine: {},
      },
      comparisonId: 'si-free',
    };
    writeSaved({ v: 1, scenario, cursor: 2, libraryId: null, positions: {}, compare }, storage);
    expect(readSaved(storage)?.compare).toEqual(compare);
  });

  it('restores the sandbox without compare mode when the saved comparison is damaged', () => {
    const storage = new MemoryStorage();
    for (const compare of [
      null,
      { right: 'v6.1' },
      { right: { kernel: 6, fixes: {}, cmdline: '', machine: {} } },
    ]) {
      storage.setItem(STORAGE_KEY, JSON.stringify({ v: 1, scenario, cursor: 0, compare }));
      const saved = readSaved(storage);
      expect(saved?.scenario).toEqual(scenario);
      expect(saved?.compare).toBeUndefined();
    }
  });
});
