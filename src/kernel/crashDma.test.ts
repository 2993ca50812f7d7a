/** Who is still doing DMA when the kernel dies (the crash step's carry into the kdump kernel). */
import { describe, expect, it } from 'vitest';
import { runScenario } from './run';
import type { DeviceSpec, Scenario } from './types';

const machine = (extra: Partial<DeviceSpec> = {}): Scenario => ({
  format: 'iommu-sandbox/scenario@1',
  kernel: 'v6.1',
  cmdline: 'intel_iommu=on',
  fixes: { 'defer-attach-in-kdump': false },
  devices: [
    { bdf: '00:00.0', type: 'host-bridge' },
    { bdf: '00:1c.0', type: 'root-port', acs: true },
    {
      bdf: '01:00.0',
      type: 'endpoint',
      parent: '00:1c.0',
      class: '010802',
      driver: { name: 'nvme' },
      ...extra,
    },
    { bdf: '00:1f.4', type: 'rc-endpoint', class: '0c0500', driver: { name: 'i801_smbus' } },
    { bdf: '00:1f.6', type: 'rc-endpoint', class: '020000' },
  ],
  steps: [{ op: 'boot' }, { op: 'crash' }],
});

const faulted = (s: Scenario) => runScenario(s).faults.map((f) => `${f.kind} ${f.device}`);

describe('a crash carries the DMA in flight into the kdump kernel', () => {
  it('a bound NVMe drive is still DMAing (its driver set up its queues at probe), an SMBus controller or a driverless NIC is not', () => {
    // Attached at boot (the deferral switched off), its copied context is replaced under its DMA.
    expect(faulted(machine())).toEqual(['dma-fault 01:00.0']);
  });

  it('activeAtCrash overrides the guess', () => {
    expect(faulted(machine({ activeAtCrash: false }))).toEqual([]);
  });

  it('a device whose driver was unbound after its first DMA map is quiet', () => {
    const s = machine();
    s.steps = [
      { op: 'boot' },
      { op: 'dma', device: '01:00.0' },
      { op: 'unbind', device: '01:00.0' },
      { op: 'crash' },
    ];
    expect(faulted(s)).toEqual([]);
  });
});
