/** pci_device_group with Linux 6.1's device-specific ACS quirks, looked up by vendor:device id. */
import { describe, expect, it } from 'vitest';
import { explainAcs } from './acs';
import { formGroups } from './groups';
import { buildTopology } from './topology';
import type { DeviceSpec } from './types';

// A root port with two single-function endpoints behind it through a switch without ACS: only
// the port's ACS answer can keep the endpoints apart.
function belowPort(port: Partial<DeviceSpec>): DeviceSpec[] {
  return [
    { bdf: '00:1c.0', type: 'root-port', vendor: 'intel', ...port },
    { bdf: '01:00.0', type: 'switch-upstream', parent: '00:1c.0' },
    { bdf: '02:00.0', type: 'switch-downstream', parent: '01:00.0', acs: true },
    { bdf: '02:01.0', type: 'switch-downstream', parent: '01:00.0', acs: true },
    { bdf: '03:00.0', type: 'endpoint', parent: '02:00.0' },
    { bdf: '04:00.0', type: 'endpoint', parent: '02:01.0' },
  ];
}

const grouped = (specs: DeviceSpec[], a: string, b: string) => {
  const { groupOf } = formGroups(buildTopology(specs));
  return groupOf[a] === groupOf[b];
};

describe('the ACS quirk table in pci_device_group', () => {
  it('isolates what is below an Intel PCH root port without an ACS capability (pci_quirk_intel_pch_acs)', () => {
    const specs = belowPort({ device: '1c10' });
    expect(grouped(specs, '03:00.0', '04:00.0')).toBe(false);
    expect(grouped(specs, '00:1c.0', '03:00.0')).toBe(false);
    const { reasons } = formGroups(buildTopology(specs));
    expect(reasons['03:00.0']?.text).toContain('00:1c.0: ACS quirk pci_quirk_intel_pch_acs');
    // vendor as a number works the same.
    expect(grouped(belowPort({ vendor: '8086', device: '1C10' }), '03:00.0', '04:00.0')).toBe(false);
  });

  it('does nothing for a root port whose id no quirk lists, or without a device id', () => {
    expect(grouped(belowPort({ device: '1901' }), '03:00.0', '04:00.0')).toBe(true);
    expect(grouped(belowPort({}), '03:00.0', '04:00.0')).toBe(true);
    expect(grouped(belowPort({ vendor: '10de', device: '1c10' }), '03:00.0', '04:00.0')).toBe(true);
  });

  it('applies the 100 series quirk only to a port with an ACS capability, which it reads (pci_quirk_intel_spt_pch_acs)', () => {
    expect(grouped(belowPort({ device: 'a110' }), '03:00.0', '04:00.0')).toBe(true);
    const specs = belowPort({ device: 'a110', acs: true });
    expect(grouped(specs, '03:00.0', '04:00.0')).toBe(false);
    expect(explainAcs(buildTopology(specs), '00:1c.0')).toMatchObject({
      enabled: true,
      fn: 'pci_quirk_intel_spt_pch_acs',
    });
  });

  it('applies the PCH quirks to root ports only', () => {
    const specs = belowPort({ device: '1c10' }).map((d) =>
      d.bdf === '02:00.0' ? { ...d, vendor: 'intel', device: '1c10', acs: undefined } : d,
    );
    expect(explainAcs(buildTopology(specs), '02:00.0')).toMatchObject({ enabled: false });
  });

  it('gives each function of an I350 its own group (pci_quirk_mf_endpoint_acs)', () => {
    const i350 = (bdf: string, device: string): DeviceSpec => ({
      bdf,
      type: 'endpoint',
      parent: '00:1c.0',
      multifunction: true,
      vendor: 'intel',
      device,
    });
    const port: DeviceSpec = { bdf: '00:1c.0', type: 'root-port', acs: true };
    const specs = [port, i350('01:00.0', '1521'), i350('01:00.1', '1521')];
    expect(grouped(specs, '01:00.0', '01:00.1')).toBe(false);
    const { reasons } = formGroups(buildTopology(specs));
    expect(reasons['01:00.1']?.text).toContain('the ACS quirk pci_quirk_mf_endpoint_acs isolates 01:00.1');
    // An id not on the list: the functions without ACS share a group.
    expect(grouped([port, i350('01:00.0', '1533'), i350('01:00.1', '1533')], '01:00.0', '01:00.1')).toBe(
      true,
    );
  });

  it('applies the AMD southbridge quirk to multifunction functions on the root bus only (pci_quirk_amd_sb_acs)', () => {
    const sb = (bdf: string, more: Partial<DeviceSpec> = {}): DeviceSpec => ({
      bdf,
      type: 'pci',
      multifunction: true,
      vendor: '1002',
      device: '4385',
      ...more,
    });
    expect(grouped([sb('00:14.0'), sb('00:14.1', { device: '439d' })], '00:14.0', '00:14.1')).toBe(false);
    const behind: DeviceSpec = { bdf: '00:1c.0', type: 'root-port', acs: true };
    const below = [behind, sb('01:00.0', { type: 'endpoint', parent: '00:1c.0' })];
    expect(explainAcs(buildTopology(below), '01:00.0').enabled).toBe(false);
  });

  it('still honours an explicit acs-isolated', () => {
    expect(grouped(belowPort({ quirks: ['acs-isolated'] }), '03:00.0', '04:00.0')).toBe(false);
    expect(explainAcs(buildTopology(belowPort({ quirks: ['acs-isolated'] })), '00:1c.0').fn).toBe(
      'pci_dev_specific_acs_enabled',
    );
  });
});
