/**
 * A crash kernel whose command line bzImage64_load refuses is never loaded: the `crash` step then
 * panics the running kernel and starts nothing, as a crash of a kdump kernel does.
 */
import { describe, expect, it } from 'vitest';
import { dmesgLine } from './dmesg';
import { loadScenario } from './examples.helpers';
import { CMDLINE_SIZE, cmdlineLen, crashKernelRefusal } from './kexecLoad';
import { runScenario } from './run';
import { KERNELS, type KernelId, type RunResult, type Scenario } from './types';

const machine = (
  steps: Scenario['steps'],
  kernel: KernelId = 'v6.1',
  cmdline = 'intel_iommu=on',
): Scenario => ({
  format: 'iommu-sandbox/scenario@1',
  kernel,
  cmdline,
  devices: [
    { bdf: '00:00.0', type: 'host-bridge' },
    { bdf: '00:1c.0', type: 'root-port', acs: true },
    { bdf: '01:00.0', type: 'endpoint', parent: '00:1c.0', class: '0108', driver: { name: 'nvme' } },
  ],
  steps,
});

const lines = (r: RunResult, step: number) => r.steps[step]!.events.filter((e) => !e.silent).map(dmesgLine);
// A command line of exactly n bytes.
const bytes = (n: number) => `intel_iommu=off ${'x'.repeat(n - 16)}`;

describe('the crash kernel command line bzImage64_load takes', () => {
  it('counts UTF-8 bytes and the NUL kexec passes with them', () => {
    expect(cmdlineLen('')).toBe(1);
    expect(cmdlineLen('intel_iommu=on')).toBe(15);
    expect(cmdlineLen('label=Šnapshot')).toBe(16);
    expect(CMDLINE_SIZE).toBe(2047);
  });

  it('2016 bytes load; 2017 leave no room for elfcorehdr= (silent); 2047 are "too long" (printed)', () => {
    expect(crashKernelRefusal(bytes(2016))).toBeNull();
    expect(crashKernelRefusal(bytes(2017))).toMatchObject({ fn: 'bzImage64_load', silent: true });
    expect(crashKernelRefusal(bytes(2046))).toMatchObject({ silent: true });
    const tooLong = crashKernelRefusal(bytes(2047))!;
    expect(tooLong.silent).toBeUndefined();
    expect(dmesgLine(tooLong)).toBe('kexec-bzImage64: Kernel command line too long');
    expect(tooLong.level).toBe('err');
    // A two-byte character is two of the bytes.
    expect(crashKernelRefusal(`${bytes(2015)}Š`)).toMatchObject({ silent: true });
  });
});

describe('crash with a crash kernel that kexec refused to load', () => {
  it('panics, says why, starts no kdump kernel, and leaves the machine dead until a boot', () => {
    const r = runScenario(
      machine([
        { op: 'boot' },
        { op: 'crash', cmdline: bytes(2100) },
        { op: 'bind', device: '01:00.0' },
        { op: 'crash' },
        { op: 'boot' },
        { op: 'crash' },
      ]),
    );
    const [first, dead, bind, again, rebooted, kdump] = r.steps;
    expect(dead!.ok).toBe(true);
    expect(lines(r, 1)).toEqual([
      'kexec-bzImage64: Kernel command line too long',
      'sysrq: Trigger a crash',
      'Kernel panic - not syncing: sysrq triggered crash',
    ]);
    expect(dead!.events[0]!.why).toMatch(/2101 bytes with its NUL, more than the 2047/);
    // The crashed kernel's state as it was: nothing booted over it.
    expect(dead!.state).toEqual(first!.state);
    expect(bind!.error).toBe(
      '-EIO: the kernel has crashed with no crash kernel loaded; only boot (a reboot) goes on',
    );
    expect(again!.error).toBe(
      '-EIO: the kernel has crashed and has no crash kernel to start (kexec refused to load it); only boot goes on',
    );
    expect(again!.events).toEqual([]);
    // A reboot loads the crash kernel again: the scenario's own short line, so a crash boots it.
    expect(rebooted!.state).toEqual(first!.state);
    expect(kdump!.ok).toBe(true);
    expect(kdump!.state.devices[2]!.dma).toBe('old-kernel');
  });

  it('a line with no room for elfcorehdr= is refused without a kernel line', () => {
    const r = runScenario(machine([{ op: 'boot' }, { op: 'crash', cmdline: bytes(2030) }, { op: 'crash' }]));
    expect(lines(r, 1)).toEqual([
      'sysrq: Trigger a crash',
      'Kernel panic - not syncing: sysrq triggered crash',
    ]);
    expect(r.steps[1]!.events[0]).toMatchObject({ fn: 'bzImage64_load', silent: true });
    expect(r.steps[1]!.events[0]!.message).toMatch(/no crash kernel loaded.*2031 bytes.*elfcorehdr=/);
    expect(r.steps[2]!.error).toMatch(/^-EIO: .*no crash kernel to start/);
  });

  it('without a line of its own, the crash kernel gets the running one: refused when that is too long', () => {
    const long = runScenario(
      machine([{ op: 'boot' }, { op: 'crash' }], 'v5.3', `intel_iommu=on ${'x'.repeat(2100)}`),
    );
    expect(lines(long, 1)[0]).toBe('kexec-bzImage64: Kernel command line too long');
    const fits = runScenario(
      machine([{ op: 'boot' }, { op: 'crash' }], 'v5.3', `intel_iommu=on ${'x'.repeat(1990)}`),
    );
    expect(fits.steps[1]!.state.devices[2]!.dma).toBe('old-kernel');
  });

  it('is the same on every simulated kernel', () => {
    for (const kernel of KERNELS) {
      const r = runScenario(machine([{ op: 'boot' }, { op: 'crash', cmdline: bytes(2047) }], kernel));
      expect(lines(r, 1)[0], kernel).toBe('kexec-bzImage64: Kernel command line too long');
      expect(r.steps[1]!.state, kernel).toEqual(r.steps[0]!.state);
    }
  });

  it('after a BUG_ON, the crash step finds no crash kernel to start and says why (E9, 5.3)', () => {
    const s = loadScenario('e09-extra-group-breaks-vfio-isolation.v5.3.json');
    const n = s.steps.length;
    const r = runScenario({
      ...s,
      steps: [...s.steps, { op: 'crash', cmdline: bytes(2048) }, { op: 'crash' }],
    });
    expect(r.steps[n - 1]!.error).toMatch(/kernel BUG/);
    const crash = r.steps[n]!;
    expect(crash.ok).toBe(false);
    expect(crash.error).toBe(
      '-EIO: the kernel has crashed and has no crash kernel to start (kexec refused to load it); only boot goes on',
    );
    expect(crash.events.map(dmesgLine)).toEqual(['kexec-bzImage64: Kernel command line too long']);
    expect(r.steps[n + 1]!.error).toBe(crash.error);
  });
});

describe('a crash kernel loaded without crashkernel= on the command line', () => {
  const note = (r: RunResult) =>
    r.steps[1]!.events.find((e) => e.fn === 'reserve_crashkernel' && e.prefix === 'sandbox');
  it('boots, as the format says, and a note says the sandbox assumed kdump-tools reserved memory', () => {
    const r = runScenario(machine([{ op: 'boot' }, { op: 'crash' }]));
    expect(r.steps[1]!.ok).toBe(true);
    expect(note(r)?.message).toMatch(/^no crashkernel= on the command line: the sandbox assumes kdump-tools/);
    expect(note(r)?.inferred).toBe(true);
  });
  it('says nothing when the command line reserves it', () => {
    const r = runScenario(
      machine([{ op: 'boot' }, { op: 'crash' }], 'v6.1', 'intel_iommu=on crashkernel=384M-:128M'),
    );
    expect(note(r)).toBeUndefined();
  });
});
