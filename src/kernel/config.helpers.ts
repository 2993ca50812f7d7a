/** Test helpers of the boot configuration: resolve a command line as boot does, or boot a small machine. */
import { parseCmdline } from './cmdline';
import { resolveConfig } from './config';
import { dmesgLine } from './dmesg';
import { runScenario } from './run';
import type { KernelEvent, KernelId, MachineSpec } from './types';

const MACHINE: Required<MachineSpec> = {
  ramAbove4G: true,
  hwPassThrough: true,
  cachingMode: false,
  gfxOnlyUnit: false,
  kdump: false,
  translationPreEnabled: false,
  copyTablesFails: false,
  dmarPlatformOptIn: false,
};

/** Parse and resolve as boot does; `dmesg` is what the kernel prints, in order, as dmesg shows it. */
export function boot(
  kernel: KernelId,
  cmdline: string,
  kconfig: Record<string, boolean> = {},
  machine: MachineSpec = {},
) {
  const parsed = parseCmdline(kernel, cmdline);
  const { config, events } = resolveConfig(kernel, parsed.vars, kconfig, { ...MACHINE, ...machine });
  const line = (e: KernelEvent) => (e.prefix === 'kernel' ? e.message : `${e.prefix}: ${e.message}`);
  const all = [...parsed.events, ...events];
  const dmesg = all.filter((e) => !e.silent && e.prefix !== 'sandbox').map(line);
  return { vars: parsed.vars, config, events: all, dmesg };
}

/** A whole boot of a root port and a NIC: the kernel lines in order (`Adding…` for the groups). */
export function bootLines(kernel: KernelId, cmdline: string, machine: MachineSpec = {}): string[] {
  const r = runScenario({
    format: 'iommu-sandbox/scenario@1',
    kernel,
    cmdline,
    machine,
    devices: [
      { bdf: '00:1c.0', type: 'root-port', acs: true },
      { bdf: '01:00.0', type: 'endpoint', parent: '00:1c.0', class: '0200' },
    ],
    steps: [{ op: 'boot' }],
  });
  return r.steps[0]!.events.filter((e) => !e.silent).map((e) => (e.device ? 'Adding…' : dmesgLine(e)));
}
