import { describe, expect, it } from 'vitest';
import type { DeviceSpec } from '../kernel/types';
import { importedAcsQuirk } from './acsQuirks';

const port = (device: string, more: Partial<DeviceSpec> = {}): DeviceSpec => ({
  bdf: '00:1c.0',
  type: 'root-port',
  vendor: 'intel',
  device,
  ...more,
});

describe('the ACS quirks as the import applies them', () => {
  it('names the quirk the core applies by id', () => {
    expect(importedAcsQuirk(port('1c10'), true)).toEqual({
      match: { fn: 'pci_quirk_intel_pch_acs', what: expect.stringContaining('PCH root port') },
      assumeAcsCap: false,
    });
    expect(importedAcsQuirk(port('a114', { acs: true }), true)?.match).toEqual({
      fn: 'pci_quirk_intel_spt_pch_acs',
      what: expect.any(String),
    });
    expect(importedAcsQuirk(port('1901'), false)).toBeNull();
  });

  it('assumes the ACS capability the 100 series quirk reads when lspci showed no capabilities, and says so', () => {
    const hit = importedAcsQuirk(port('a114'), false);
    expect(hit?.assumeAcsCap).toBe(true);
    expect(hit?.match.assumed).toMatch(/ACS capability/);
  });

  it('assumes nothing when lspci -vvv showed the capabilities without ACS: the kernel’s quirk gives no answer', () => {
    expect(importedAcsQuirk(port('a114'), true)).toBeNull();
  });

  it('looks nothing up without a device id', () => {
    expect(importedAcsQuirk(port('1c10', { device: undefined }), false)).toBeNull();
  });
});
