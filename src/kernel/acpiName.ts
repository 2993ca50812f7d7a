/**
 * What the kernel calls an ACPI-namespace device in its log. Pure: specs in, a name out.
 *
 * The DMAR table's ANDD entry names an ACPI device, and the Intel driver probes that device's
 * physical node (probe_acpi_namespace_devices, 5.3 on; iommu_prepare_static_identity_mapping
 * before): the platform device acpi_create_platform_device (drivers/acpi/acpi_platform.c)
 * registered under the ACPI device's own name, which acpi_device_add (drivers/acpi/scan.c) makes
 * "<_HID>:<instance>" (`%s:%02x`, instances counted per _HID as the namespace is scanned). So
 * dev_printk writes `platform INT33C4:00: Adding to iommu group 5` — its driver's name in place
 * of the bus's once one is bound — never `pci 0000:…`. The scenario's `bdf` of such a device is its
 * DMAR scope path, the source-id its DMA carries, which the kernel prints only in fault reports.
 */
import { bdfKey } from './bdf';
import type { Topology } from './topology';
import type { DeviceSpec } from './types';

/** The stand-in _HID of an ACPI-namespace device whose scenario gives none. */
export const DEFAULT_HID = 'ACPI0000';

/**
 * The device's kernel name among `devices` (the machine's, present or removed; only the ACPI ones
 * count): its _HID and its instance among those with the same one, counted in address order (the
 * scenario says nothing of namespace order, and this keeps the name independent of list order).
 */
export function acpiDevName(devices: readonly DeviceSpec[], spec: DeviceSpec): string {
  const hid = spec.hid ?? DEFAULT_HID;
  const key = bdfKey(spec.bdf);
  let instance = 0;
  for (const s of devices)
    if (s.type === 'acpi' && (s.hid ?? DEFAULT_HID) === hid && bdfKey(s.bdf) < key) instance++;
  return `${hid}:${instance.toString(16).padStart(2, '0')}`;
}

/** The device's kernel name among the ACPI devices of a machine's topology and those removed from it. */
export function acpiNameIn(topo: Topology, removed: readonly DeviceSpec[], spec: DeviceSpec): string {
  // probe_acpi_namespace_devices comes last: the enumeration order ends with every ACPI device.
  const { order, devices } = topo;
  const acpi: DeviceSpec[] = [];
  for (let i = order.length - 1; i >= 0 && devices[order[i]!]?.type === 'acpi'; i--)
    acpi.push(devices[order[i]!]!);
  for (const s of removed) if (s.type === 'acpi') acpi.push(s);
  return acpiDevName(acpi, spec);
}
