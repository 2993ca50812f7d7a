import { describe, expect, it } from 'vitest';
import { type AcsQuirkQuery, acsQuirkFor } from './acsQuirks';
import type { KernelId } from './types';

// A query with its ids as lspci -nn prints them.
type Query = Omit<AcsQuirkQuery, 'vendor' | 'device'> & { vendor: string; device: string };
const query = (q: Query): AcsQuirkQuery => ({
  ...q,
  vendor: Number.parseInt(q.vendor, 16),
  device: Number.parseInt(q.device, 16),
});
const rootPort = (vendor: string, device: string, more: Partial<Query> = {}): Query => ({
  vendor,
  device,
  type: 'root-port',
  multifunction: true,
  onRootBus: true,
  acsCap: true,
  ...more,
});
const fn = (q: Query) => acsQuirkFor(query(q))?.fn ?? null;

describe('the Linux 6.1 ACS quirk table', () => {
  it('knows the Intel 100/200 series PCH root ports (pci_quirk_intel_spt_pch_acs)', () => {
    expect(fn(rootPort('8086', 'a110'))).toBe('pci_quirk_intel_spt_pch_acs');
    expect(fn(rootPort('8086', 'a16a'))).toBe('pci_quirk_intel_spt_pch_acs');
    expect(fn(rootPort('8086', 'a2ee'))).toBe('pci_quirk_intel_spt_pch_acs');
    expect(fn(rootPort('8086', '9d1b'))).toBe('pci_quirk_intel_spt_pch_acs');
    expect(fn(rootPort('8086', 'a120'))).toBeNull();
  });

  it('needs the ACS capability for the 100 series quirk, which reads it', () => {
    expect(fn(rootPort('8086', 'a114', { acsCap: false }))).toBeNull();
  });

  it('knows the older Intel PCH root ports by their exact ids (pci_quirk_intel_pch_acs)', () => {
    expect(fn(rootPort('8086', '1c10'))).toBe('pci_quirk_intel_pch_acs');
    expect(fn(rootPort('8086', '8d1e'))).toBe('pci_quirk_intel_pch_acs');
    // X99's list stops at 8d1e; Patsburg and 9 series list even ids only.
    expect(fn(rootPort('8086', '8d1f'))).toBeNull();
    expect(fn(rootPort('8086', '1d12'))).toBe('pci_quirk_intel_pch_acs');
    expect(fn(rootPort('8086', '1d11'))).toBeNull();
    expect(fn(rootPort('8086', '8c9f'))).toBeNull();
    // No capability needed: these ports have none.
    expect(acsQuirkFor(query(rootPort('8086', '1c10', { acsCap: false })))).toMatchObject({
      fn: 'pci_quirk_intel_pch_acs',
      what: expect.stringContaining('PCH root port without an ACS capability'),
    });
  });

  it('applies the PCH quirks to root ports only', () => {
    expect(fn(rootPort('8086', '1c10', { type: 'endpoint' }))).toBeNull();
    expect(fn(rootPort('8086', 'a110', { type: 'switch-downstream' }))).toBeNull();
    expect(fn(rootPort('8086', 'a110', { type: 'pci-bridge' }))).toBeNull();
  });

  it('knows multifunction endpoints that do no peer-to-peer, whatever their type (pci_quirk_mf_endpoint_acs)', () => {
    const i350 = { vendor: '8086', device: '1521', type: 'endpoint', multifunction: true } as const;
    expect(fn({ ...i350, onRootBus: false, acsCap: false })).toBe('pci_quirk_mf_endpoint_acs');
    expect(fn({ ...i350, device: '1524', onRootBus: false, acsCap: false })).toBe(
      'pci_quirk_mf_endpoint_acs',
    );
    expect(fn({ ...i350, device: '15b8', type: 'pci', onRootBus: true, acsCap: false })).toBe(
      'pci_quirk_mf_endpoint_acs',
    );
    expect(fn({ ...i350, vendor: '19a2', device: '0710', onRootBus: false, acsCap: false })).toBe(
      'pci_quirk_mf_endpoint_acs',
    );
  });

  it('knows the AMD southbridge functions only as multifunction devices on a root bus (pci_quirk_amd_sb_acs)', () => {
    const sb = {
      vendor: '1002',
      device: '4385',
      type: 'pci',
      multifunction: true,
      onRootBus: true,
      acsCap: false,
    } as const;
    expect(fn(sb)).toBe('pci_quirk_amd_sb_acs');
    expect(fn({ ...sb, vendor: '1022', device: '780f', type: 'pci-bridge' })).toBe('pci_quirk_amd_sb_acs');
    expect(fn({ ...sb, multifunction: false })).toBeNull();
    expect(fn({ ...sb, onRootBus: false })).toBeNull();
  });

  it('knows the other vendors’ ports with their port types', () => {
    expect(fn(rootPort('177d', 'a3ff'))).toBe('pci_quirk_cavium_acs');
    expect(fn(rootPort('177d', 'a026', { type: 'endpoint' }))).toBe('pci_quirk_mf_endpoint_acs');
    expect(fn(rootPort('1d17', '0730', { type: 'switch-downstream' }))).toBe(
      'pci_quirk_zhaoxin_pcie_ports_acs',
    );
    expect(fn(rootPort('1c36', '0031', { type: 'endpoint' }))).toBeNull();
    expect(fn(rootPort('1def', 'e00a'))).toBe('pci_quirk_xgene_acs');
    expect(fn(rootPort('1957', '8d9b'))).toBe('pci_quirk_nxp_rp_acs');
    expect(fn(rootPort('8088', '0105', { type: 'endpoint' }))).toBe('pci_quirk_wangxun_nic_acs');
  });

  it('answers "not isolated" for the rest of a vendor-wide quirk\'s vendor (the quirk returns false)', () => {
    const answer = (q: Query, kernel?: KernelId) => {
      const a = acsQuirkFor(query(q), kernel);
      return a ? [a.fn, a.isolated] : null;
    };
    expect(answer(rootPort('1d17', '0722'))).toEqual(['pci_quirk_zhaoxin_pcie_ports_acs', false]);
    expect(answer(rootPort('1d17', '0722', { type: 'endpoint' }))).toBeNull();
    expect(answer(rootPort('8088', '1234', { type: 'endpoint' }))).toEqual([
      'pci_quirk_wangxun_nic_acs',
      false,
    ]);
    // By version: Zhaoxin's 0733-0752 only in 6.1.y; NXP and Wangxun not before 6.1; Zhaoxin not before 5.7.
    expect(answer(rootPort('1d17', '0740'))).toEqual(['pci_quirk_zhaoxin_pcie_ports_acs', true]);
    expect(answer(rootPort('1d17', '0740'), 'v5.11')).toEqual(['pci_quirk_zhaoxin_pcie_ports_acs', false]);
    expect(answer(rootPort('1d17', '0730'), 'v5.3')).toBeNull();
    expect(answer(rootPort('1957', '8d9b'), 'v5.11')).toBeNull();
    expect(answer(rootPort('8088', '0105', { type: 'endpoint' }), 'v5.8')).toBeNull();
  });

  it('has nothing for ids no 6.1 quirk lists', () => {
    expect(fn(rootPort('8086', '1901'))).toBeNull(); // the CPU's own PCIe root port
    expect(fn(rootPort('8086', 'a33c'))).toBeNull();
    expect(fn(rootPort('8086', '1533', { type: 'endpoint' }))).toBeNull(); // I210, single-function
    expect(fn(rootPort('10de', '1401', { type: 'endpoint' }))).toBeNull();
  });
});
