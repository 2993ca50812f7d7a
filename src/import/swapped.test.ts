import { describe, expect, it } from 'vitest';
import { swappedPastes } from './swapped';

const LSPCI =
  '00:1c.0 PCI bridge [0604]: Intel Corporation Device [8086:a338] (rev f0) (prog-if 00 [Normal decode])\n';
const GROUPS = 'IOMMU Group 1 00:01.0 PCI bridge [0604]: Intel Corporation Device [8086:1901]\n';
const SYSFS = '/sys/kernel/iommu_groups/0/devices/0000:00:00.0\n';

describe('pastes in each other’s boxes', () => {
  it('says which box holds the other’s output', () => {
    expect(swappedPastes(LSPCI, GROUPS)).toBe('both');
    expect(swappedPastes(LSPCI, SYSFS)).toBe('both');
    expect(swappedPastes(LSPCI, '')).toBe('groups');
    expect(swappedPastes('', GROUPS)).toBe('lspci');
  });

  it('is quiet when each is in its own box, or neither looks like either', () => {
    expect(swappedPastes(GROUPS, LSPCI)).toBeNull();
    expect(swappedPastes(SYSFS, LSPCI)).toBeNull();
    expect(swappedPastes('hello', 'world')).toBeNull();
  });
});
