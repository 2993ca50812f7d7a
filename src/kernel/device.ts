/** A device's state as the bus first finds it: no group, no domain, no driver. */
import type { DeviceSpec, DeviceState } from './types';

/** The state of a device that has just appeared (power-on, boot, hot-add, rescan). */
export function newDeviceState(spec: DeviceSpec): DeviceState {
  return {
    bdf: spec.bdf,
    spec,
    group: null,
    driverDomain: null,
    deferred: false,
    hw: { kind: 'none' },
    driver: null,
    dmaOps: 'none',
    dmaStarted: false,
    inheritedDma: false,
    noIommu: false,
    untrusted: false,
  };
}
