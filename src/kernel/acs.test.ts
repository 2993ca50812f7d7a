import { describe, expect, it } from 'vitest';
import { acsEnabled, acsPathBreak, acsPathEnabled, explainAcs } from './acs';
import { buildTopology } from './topology';
import type { DeviceSpec } from './types';

const one = (spec: Omit<DeviceSpec, 'bdf'>) => {
  const d = { bdf: '00:03.0', ...spec } as DeviceSpec;
  return acsEnabled(buildTopology([d]), d.bdf);
};

describe('acsEnabled (pci_acs_enabled with SV|RR|CR|UF)', () => {
  it('is false for conventional PCI functions, host bridges included', () => {
    expect(one({ type: 'pci' })).toBe(false);
    expect(one({ type: 'pci-bridge' })).toBe(false);
    expect(one({ type: 'host-bridge' })).toBe(false);
    expect(one({ type: 'pci', acs: true })).toBe(false);
  });

  it('is false for PCIe/PCI bridges in either direction, even with a capability', () => {
    expect(one({ type: 'pcie-to-pci-bridge', acs: true })).toBe(false);
    expect(one({ type: 'pci-to-pcie-bridge', acs: true })).toBe(false);
  });

  it('needs an ACS capability on root and downstream ports, single-function or not', () => {
    expect(one({ type: 'root-port' })).toBe(false);
    expect(one({ type: 'root-port', acs: false })).toBe(false);
    expect(one({ type: 'root-port', acs: true })).toBe(true);
    expect(one({ type: 'switch-downstream', acs: ['SV', 'RR', 'CR', 'UF'] })).toBe(true);
    expect(one({ type: 'switch-downstream' })).toBe(false);
  });

  it('counts flags missing from the capability as hard-wired enabled (pci_acs_flags_enabled)', () => {
    expect(one({ type: 'root-port', acs: ['SV', 'RR', 'CR'] })).toBe(true);
    expect(one({ type: 'root-port', acs: [] })).toBe(true);
    const why = explainAcs(
      buildTopology([{ bdf: '00:1c.0', type: 'root-port', acs: ['RR'] }]),
      '00:1c.0',
    ).why;
    expect(why).toContain('lacks SV, CR, UF');
  });

  it('is true for single-function endpoints and upstream ports, else needs the capability', () => {
    for (const type of ['endpoint', 'switch-upstream', 'legacy-endpoint', 'rc-endpoint'] as const) {
      expect(one({ type })).toBe(true);
      expect(one({ type, multifunction: false })).toBe(true);
      expect(one({ type, multifunction: true })).toBe(false);
      expect(one({ type, multifunction: true, acs: true })).toBe(true);
    }
  });

  it('applies the quirks first', () => {
    expect(one({ type: 'pci', multifunction: true, quirks: ['acs-isolated'] })).toBe(true);
    expect(one({ type: 'root-port', quirks: ['acs-isolated'] })).toBe(true);
    // pci_quirk_rciep_acs: every Intel RC_END, whatever its ACS capability.
    expect(one({ type: 'rc-endpoint', multifunction: true, vendor: 'intel' })).toBe(true);
    expect(one({ type: 'rc-endpoint', multifunction: true, vendor: '8086', acs: false })).toBe(true);
    expect(one({ type: 'endpoint', multifunction: true, vendor: 'intel' })).toBe(false);
    expect(one({ type: 'rc-endpoint', multifunction: true, vendor: '1af4' })).toBe(false);
  });

  it('says why', () => {
    const topo = buildTopology([
      { bdf: '00:02.0', type: 'rc-endpoint', vendor: 'intel', multifunction: true },
      { bdf: '00:1c.0', type: 'root-port' },
    ]);
    expect(explainAcs(topo, '00:02.0')).toMatchObject({ enabled: true, fn: 'pci_quirk_rciep_acs' });
    expect(explainAcs(topo, '00:1c.0')).toMatchObject({ enabled: false, why: 'it has no ACS capability' });
    expect(explainAcs(topo, '99:00.0').enabled).toBe(false);
  });
});

describe('acsPathEnabled (pci_acs_path_enabled(start, NULL))', () => {
  const topo = buildTopology([
    { bdf: '00:1c.0', type: 'root-port', acs: true },
    { bdf: '01:00.0', type: 'switch-upstream', parent: '00:1c.0' },
    { bdf: '02:00.0', type: 'switch-downstream', parent: '01:00.0', acs: true },
    { bdf: '02:01.0', type: 'switch-downstream', parent: '01:00.0' },
    { bdf: '03:00.0', type: 'endpoint', parent: '02:00.0' },
    { bdf: '04:00.0', type: 'endpoint', parent: '02:01.0' },
    { bdf: '00:1d.0', type: 'root-port' },
    { bdf: '05:00.0', type: 'endpoint', parent: '00:1d.0' },
  ]);

  it('checks the device and every bridge above it up to the root bus', () => {
    expect(acsPathEnabled(topo, '03:00.0')).toBe(true);
    expect(acsPathEnabled(topo, '02:00.0')).toBe(true);
    expect(acsPathEnabled(topo, '04:00.0')).toBe(false);
    expect(acsPathBreak(topo, '04:00.0')).toBe('02:01.0');
    expect(acsPathEnabled(topo, '05:00.0')).toBe(false);
    expect(acsPathBreak(topo, '05:00.0')).toBe('00:1d.0');
    expect(acsPathEnabled(topo, 'ff:00.0')).toBe(false);
  });
});
