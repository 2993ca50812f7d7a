/** A boot step after the first: a cold reboot into the scenario's own kernel configuration. */
import { describe, expect, it } from 'vitest';
import { dmesgLine } from './dmesg';
import { loadScenario } from './examples.helpers';
import { runScenario } from './run';
import type { Scenario } from './types';

const laptop = (steps: Scenario['steps']): Scenario => ({
  format: 'iommu-sandbox/scenario@1',
  kernel: 'v6.1',
  cmdline: 'intel_iommu=on',
  devices: [
    { bdf: '00:00.0', type: 'host-bridge' },
    { bdf: '00:1c.0', type: 'root-port', acs: true },
    { bdf: '01:00.0', type: 'endpoint', parent: '00:1c.0', class: '0108', driver: { name: 'nvme' } },
  ],
  steps,
});

describe('reboot (a second boot step)', () => {
  it('after a BUG_ON brings the machine back: steps work again (E9, 5.3)', () => {
    const s = loadScenario('e09-extra-group-breaks-vfio-isolation.v5.3.json');
    const more: Scenario['steps'] = [
      { op: 'unbind', device: '01:00.0' },
      { op: 'boot' },
      { op: 'unbind', device: '01:00.0' },
    ];
    const r = runScenario({ ...s, steps: [...s.steps, ...more] });
    const n = s.steps.length;
    expect(r.steps[n - 1]!.error).toMatch(/kernel BUG/);
    expect(r.steps[n]!.error).toMatch(/^-EIO: the kernel has crashed/);
    expect([r.steps[n + 1]!.ok, r.steps[n + 2]!.ok]).toEqual([true, true]);
  });

  it("boots the scenario's kernel, not the kdump kernel a crash left: its command line, no copied tables", () => {
    const r = runScenario(
      laptop([{ op: 'boot' }, { op: 'crash', cmdline: 'intel_iommu=off' }, { op: 'boot' }]),
    );
    const [first, , again] = r.steps;
    const lines = (s: typeof first) => s!.events.filter((e) => !e.silent).map(dmesgLine);
    expect(lines(again)).toEqual(lines(first));
    expect(again!.state).toEqual(first!.state);
    expect(again!.state.devices.every((d) => d.attach === 'attached')).toBe(true);
  });

  it('a crash of the kdump kernel kexecs nothing (it loads no crash kernel): the machine stays dead until a reboot', () => {
    const r = runScenario(
      laptop([{ op: 'boot' }, { op: 'crash' }, { op: 'crash' }, { op: 'crash' }, { op: 'boot' }]),
    );
    const [first, kdump, dead, again, rebooted] = r.steps;
    expect(kdump!.state.devices[2]!.dma).toBe('old-kernel');
    expect(dead!.ok).toBe(true);
    expect(dead!.events.filter((e) => !e.silent).map(dmesgLine)).toEqual([
      'sysrq: Trigger a crash',
      'Kernel panic - not syncing: sysrq triggered crash',
    ]);
    expect(dead!.state.devices).toEqual(kdump!.state.devices);
    expect(again!.error).toBe(
      '-EIO: the kdump kernel has crashed and has no crash kernel to start; only boot goes on',
    );
    expect(rebooted!.state).toEqual(first!.state);
  });
});
