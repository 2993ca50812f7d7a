/** A device's state as the bus first finds it: no group, no domain, no driver. */
import type { DeviceSpec, DeviceState, HwContext } from './types';

// Context entries without a domain, one object each for every device: they are never changed in
// place (Tx.setHw replaces a device's), and a boot of 20,000 devices made 20,000 of each.
export const NO_CONTEXT: HwContext = { kind: 'none' };
export const OLD_KERNEL_CONTEXT: HwContext = { kind: 'old-kernel' };

/** The state of a device that has just appeared (power-on, boot, hot-add, rescan). */
export function newDeviceState(spec: DeviceSpec): DeviceState {
  return {
    bdf: spec.bdf,
    spec,
    group: null,
    driverDomain: null,
    deferred: false,
    hw: NO_CONTEXT,
    driver: null,
    dmaOps: 'none',
    dmaStarted: false,
    inheritedDma: false,
    noIommu: false,
    untrusted: false,
  };
}
