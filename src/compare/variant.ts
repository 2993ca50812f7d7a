/**
 * The two worlds of a comparison: one machine and one list of steps, each side with its own kernel,
 * fixes, command line and machine switches.
 */
import type { Fixes, KernelId, MachineSpec, Scenario } from '../kernel/types';

export interface WorldConfig {
  kernel: KernelId;
  fixes: Fixes;
  cmdline: string;
  machine: MachineSpec;
}

/** The configuration a scenario runs with. */
export function configOf(s: Scenario): WorldConfig {
  return {
    kernel: s.kernel,
    fixes: { ...(s.fixes ?? {}) },
    cmdline: s.cmdline ?? '',
    machine: { ...(s.machine ?? {}) },
  };
}

/** The scenario under exactly this configuration (withConfig merges fixes; this replaces them). */
export function applyConfig(s: Scenario, c: WorldConfig): Scenario {
  return { ...s, kernel: c.kernel, fixes: { ...c.fixes }, cmdline: c.cmdline, machine: { ...c.machine } };
}

/** The same machine and steps under another configuration. */
export function withConfig(s: Scenario, c: Partial<WorldConfig>): Scenario {
  return {
    ...s,
    ...(c.kernel ? { kernel: c.kernel } : {}),
    ...(c.fixes ? { fixes: { ...(s.fixes ?? {}), ...c.fixes } } : {}),
    ...(c.cmdline !== undefined ? { cmdline: c.cmdline } : {}),
    ...(c.machine ? { machine: { ...(s.machine ?? {}), ...c.machine } } : {}),
  };
}
