/**
 * Devices coming and going after boot: hot-add (BUS_NOTIFY_ADD_DEVICE → the policy's probe),
 * /sys/bus/pci/devices/X/remove (children first) and /sys/bus/pci/rescan.
 */
import { canonicalBdf, fullBdf } from '../bdf';
import { newDeviceState } from '../device';
import { isBridge } from '../deviceTypes';
import { leaveGroup } from '../groupops';
import { policyFor } from '../policies';
import { type Answer, noSuchFile, OK, sandboxRefuses } from '../policies/policy';
import { isUntrusted, type Topology } from '../topology';
import type { Tx } from '../tx';
import type { DeviceSpec } from '../types';
import { has } from '../versions';
import { bindDriver, heldByUserSpace, unbindDriver } from './driver';

// `after`: the topology once it is in, if the caller knows it.
function arrive(tx: Tx, spec: DeviceSpec, fn: string, why: string, after: Topology | null = null): void {
  tx.putDevice(newDeviceState(spec), after);
  if (isUntrusted(tx.topology(), spec.bdf, has.untrustedPort(tx.m.kernel)))
    tx.mdev(spec.bdf).untrusted = true;
  tx.devEvent('hotplug', fn, spec.bdf, 'appeared on the bus', why, { prefix: 'sandbox', silent: true });
  policyFor(tx.m.kernel).probeDevice(tx, spec.bdf);
  if (spec.driver) bindDriver(tx, spec.bdf, spec.driver);
}

/** A device is plugged in. */
export function hotAdd(tx: Tx, given: DeviceSpec): Answer {
  // A device that could not be plugged in where the step says: hardware the kernel never sees,
  // so these answers are the sandbox's.
  const bdf = canonicalBdf(given.bdf);
  const refuse = (error: string) => sandboxRefuses(error, 'pci_device_add');
  if (!bdf) return refuse(`-EINVAL: "${given.bdf}" is not a BDF (BB:DD.F or SSSS:BB:DD.F)`);
  if (tx.m.devices[bdf]) return refuse(`-EEXIST: ${bdf} is already in use`);
  const parent = given.parent ? canonicalBdf(given.parent) : undefined;
  if (given.parent && (!parent || !tx.m.devices[parent]))
    return refuse(`-ENODEV: parent ${given.parent} is not present`);
  if (parent && !isBridge(tx.dev(parent).spec))
    return refuse(`-EINVAL: parent ${parent} is not a bridge or port`);
  // ACPI devices come from the firmware's tables at boot, not from PCI hot-plug.
  if (given.type === 'acpi') return refuse(`-EINVAL: ${bdf} is an ACPI device: PCI hot-plug cannot add one`);
  const spec: DeviceSpec = { ...given, bdf, ...(parent ? { parent } : {}) };
  tx.m.removed = tx.m.removed.filter((s) => s.bdf !== bdf);
  arrive(
    tx,
    spec,
    'pci_device_add',
    'A device appeared on the bus (hot-plug): the IOMMU core probes it at once.',
  );
  return OK;
}

// The device and everything below it, each child's subtree before the child: pci_stop_bus_device
// walks the children in reverse (`reverse`), pci_remove_bus_device in bus order.
function subtree(tx: Tx, bdf: string, reverse: boolean): string[] {
  const topo = tx.topology();
  const out: string[] = [];
  const visit = (b: string) => {
    const children = topo.children[b] ?? [];
    for (const c of reverse ? [...children].reverse() : children) visit(c);
    out.push(b);
  };
  visit(bdf);
  return out;
}

/**
 * echo 1 > /sys/bus/pci/devices/X/remove (pci_stop_and_remove_bus_device): first every driver
 * below X and X's own let go, then the devices leave, each bridge after what is below it.
 */
export function hotRemove(tx: Tx, bdf: string): Answer {
  // Removal is PCI's (a slot, or /sys/bus/pci/devices/…/remove): an ACPI device has neither.
  if (tx.dev(bdf).spec.type === 'acpi')
    return noSuchFile(
      tx,
      `-ENOENT: ${fullBdf(bdf)} is an ACPI device: it has no /sys/bus/pci/devices/…/remove and no slot`,
      false,
    );
  const list = subtree(tx, bdf, true);
  for (const b of list) {
    const held = heldByUserSpace(tx, b, 'the removal');
    if (held) return held;
  }
  const policy = policyFor(tx.m.kernel);
  const groupFirst = has.groupLeftBeforeDriverRelease(tx.m.kernel);
  for (const b of list) if (tx.dev(b).driver) unbindDriver(tx, b);
  for (const b of subtree(tx, bdf, false)) {
    if (groupFirst) leaveGroup(tx, b);
    policy.releaseDevice(tx, b);
    if (!groupFirst) leaveGroup(tx, b);
    tx.devEvent(
      'hotplug',
      'pci_stop_and_remove_bus_device',
      b,
      'removed',
      'The device is gone from the bus until a rescan finds it again.',
      { prefix: 'sandbox', silent: true },
    );
    tx.m.removed.push(tx.dev(b).spec);
    tx.dropDevice(b);
  }
  return OK;
}

/** echo 1 > /sys/bus/pci/rescan: every removed device comes back, in enumeration order. */
export function rescan(tx: Tx): Answer {
  if (tx.m.removed.length === 0) {
    tx.emit({
      kind: 'hotplug',
      fn: 'pci_rescan_bus',
      message: 'no new device on the bus',
      why: 'Only a device removed through sysfs (or unplugged and plugged back) is found again by a rescan; none is missing.',
      prefix: 'sandbox',
      silent: true,
    });
    return OK;
  }
  const present = tx.deviceStates().map((d) => d.spec);
  const back = new Map(tx.m.removed.map((s) => [s.bdf, s]));
  // The whole machine's topology: its order is the order of the rescan, and it is the topology
  // once the last device is back (each device's probe sees only those back before it).
  const all = tx.topologyOf([...present, ...tx.m.removed]);
  const order = all.order.filter((b) => back.has(b));
  tx.m.removed = [];
  for (let i = 0; i < order.length; i++) {
    const last = i === order.length - 1;
    arrive(tx, back.get(order[i]!)!, 'pci_rescan_bus', 'A rescan found the device again.', last ? all : null);
  }
  return OK;
}
