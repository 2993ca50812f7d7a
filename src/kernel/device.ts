/** A device's state as the bus first finds it: no group, no domain, no driver. */
import type { DeviceSpec, DeviceState, HwContext } from './types';

// Context entries without a domain, one object each for every device: they are never changed in
// place (Tx.setHw replaces a device's), and a boot of 20,000 devices made 20,000 of each.
export const NO_CONTEXT: HwContext = { kind: 'none' };
export const OLD_KERNEL_CONTEXT: HwContext = { kind: 'old-kernel' };

// Context entries pointing at a domain, one per domain id: a boot points 20,000 devices at their
// domains, and entries are never changed in place either, so devices in one domain can share one.
const domainContexts = new Map<string, HwContext>();

/** The context entry of a device attached to `domain`. */
export function domainContext(domain: string): HwContext {
  let hw = domainContexts.get(domain);
  if (!hw) {
    hw = { kind: 'domain', domain };
    domainContexts.set(domain, hw);
  }
  return hw;
}

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
    inheritedOneToOne: false,
    noIommu: false,
    untrusted: false,
    // Set later (a driver probes, the device joins a group), but there from the start: fields
    // added to 20,000 objects after they were made cost each a larger copy of itself.
    maskKnownAt: undefined,
    groupWhy: undefined,
    groupWhyFn: undefined,
  };
}
