/**
 * Functions that never master the bus (a host bridge, a PCI bridge or PCIe port, an SMBus
 * controller) have no DMA: the page says `none`, the result marks them `busMaster: false` (its
 * `dma` keeps the values the scenario format fixes), a crash finds them idle, a dma step is refused.
 */
import { describe, expect, it } from 'vitest';
import { dmaBehaviour } from './dma';
import { applyStep, createMachine, runScenario } from './run';
import type { DeviceSpec, KernelId, RunResult, Scenario } from './types';

// scenario-format.md, `devices[].dma`.
const FORMAT_DMA = [
  'physical',
  'passthrough',
  'identity',
  'translated',
  'user',
  'blocked',
  'old-kernel',
  'faults',
];

const dev = (r: RunResult, step: number, bdf: string) =>
  r.steps[step]!.state.devices.find((d) => d.bdf === bdf)!;

describe('functions that never master the bus have no DMA', () => {
  const machine = (kernel: KernelId, extra: DeviceSpec[] = [], kdumpOn = false): Scenario => ({
    format: 'iommu-sandbox/scenario@1',
    kernel,
    cmdline: 'iommu.passthrough=1',
    ...(kdumpOn ? { machine: { kdump: true } } : {}),
    devices: [
      { bdf: '00:00.0', type: 'host-bridge' },
      { bdf: '00:1c.0', type: 'root-port', acs: true },
      { bdf: '01:00.0', type: 'endpoint', parent: '00:1c.0', class: '0200' },
      { bdf: '00:1f.0', type: 'pci', multifunction: true, class: '0601', vendor: 'intel' },
      { bdf: '00:1f.3', type: 'pci', multifunction: true, class: '0c0500', vendor: 'intel' },
      ...extra,
    ],
    steps: [{ op: 'boot' }],
  });

  it('host bridge, root port and SMBus controller are marked busMaster: false; the NIC and the LPC bridge are not', () => {
    for (const k of ['v5.1', 'v5.3', 'v6.1'] as const) {
      const r = runScenario(machine(k));
      const masters = Object.fromEntries(r.steps[0]!.state.devices.map((d) => [d.bdf, d.busMaster ?? true]));
      expect(masters, k).toEqual({
        '00:00.0': false,
        '00:1c.0': false,
        '01:00.0': true,
        '00:1f.0': true,
        '00:1f.3': false,
      });
      // `dma` stays one of the values the scenario format lists: where DMA would go.
      for (const d of r.steps[0]!.state.devices) expect(FORMAT_DMA, `${k} ${d.bdf}`).toContain(d.dma);
    }
  });

  it('the page (dmaBehaviour) shows their DMA as none, the others by their domain', () => {
    const { machine: m } = applyStep(createMachine(machine('v6.1')), { op: 'boot' });
    const shown = Object.fromEntries(Object.values(m.devices).map((d) => [d.bdf, dmaBehaviour(m, d)]));
    expect(shown).toEqual({
      '00:00.0': 'none',
      '00:1c.0': 'none',
      '01:00.0': 'passthrough',
      '00:1f.0': 'passthrough',
      '00:1f.3': 'none',
    });
  });

  it('a kdump kernel: the host bridge is never active at the crash, not even when the scenario says so', () => {
    const s = machine('v5.3', [], true);
    s.devices[0] = { ...s.devices[0]!, activeAtCrash: true };
    const r = runScenario(s);
    expect(dev(r, 0, '00:00.0').busMaster).toBe(false);
    expect(r.faults).toEqual([]);
  });

  it('a dma step on a host bridge is refused: its driver has no DMA of its own', () => {
    const s = machine('v5.3');
    s.steps.push({ op: 'bind', device: '00:00.0', driver: 'agpgart' }, { op: 'dma', device: '00:00.0' });
    const r = runScenario(s);
    expect(r.steps[2]!.error).toBe(
      '-EINVAL: 0000:00:00.0 never masters the bus (a host bridge): agpgart has no DMA of its own to map',
    );
    expect(r.faults).toEqual([]);
  });
});
