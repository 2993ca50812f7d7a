/** The scenario format's `machine` object with its defaults filled in (scenario-format.md). */
import type { MachineSpec } from './types';

/** Defaults of the scenario format's `machine` object. */
export function machineDefaults(m: MachineSpec = {}): Required<MachineSpec> {
  const kdump = m.kdump ?? false;
  return {
    ramAbove4G: m.ramAbove4G ?? true,
    hwPassThrough: m.hwPassThrough ?? true,
    cachingMode: m.cachingMode ?? false,
    gfxOnlyUnit: m.gfxOnlyUnit ?? false,
    kdump,
    translationPreEnabled: m.translationPreEnabled ?? kdump,
    copyTablesFails: m.copyTablesFails ?? false,
    dmarPlatformOptIn: m.dmarPlatformOptIn ?? false,
  };
}
