/**
 * What a device type is, as the kernel's walks ask it (a bridge? PCI Express?) and as sentences
 * name it. Apart from topology.ts, so that the page's first load, which names and sorts devices,
 * does not take the topology builder with it.
 */
import { bdfKey } from './bdf';
import type { DeviceSpec, DeviceType } from './types';

/** The scenario types that are bridges (they have a secondary bus with devices below). */
const BRIDGE_TYPES: readonly DeviceType[] = [
  'root-port',
  'switch-upstream',
  'switch-downstream',
  'pcie-to-pci-bridge',
  'pci-to-pcie-bridge',
  'pci-bridge',
];

// Types with a PCI Express capability (pci_is_pcie). host-bridge is conventional, as on q35.
const PCIE_TYPES: readonly DeviceType[] = [
  'root-port',
  'switch-upstream',
  'switch-downstream',
  'endpoint',
  'rc-endpoint',
  'legacy-endpoint',
  'pcie-to-pci-bridge',
  'pci-to-pcie-bridge',
];

// Sets: asked for every device of every walk.
const BRIDGE_SET: ReadonlySet<string> = new Set(BRIDGE_TYPES);
const PCIE_SET: ReadonlySet<string> = new Set(PCIE_TYPES);

/** A bridge or port: something with a secondary bus. */
/**
 * dev->multifunction: the header's bit, and every function above 0 of a slot, which
 * pci_scan_slot marks multifunction whatever its header says.
 */
export function isMultifunction(spec: DeviceSpec): boolean {
  if (spec.multifunction === true) return true;
  const key = bdfKey(spec.bdf);
  return key >= 0 && (key & 7) !== 0;
}

export function isBridge(spec: DeviceSpec): boolean {
  return BRIDGE_SET.has(spec.type);
}

/** Has a PCI Express capability (pci_is_pcie); host bridges count as conventional, as on q35. */
export function isPcie(spec: DeviceSpec): boolean {
  return PCIE_SET.has(spec.type);
}

const TYPE_NAMES: Record<DeviceType, string> = {
  'host-bridge': 'host bridge',
  'root-port': 'root port',
  'switch-upstream': 'switch upstream port',
  'switch-downstream': 'switch downstream port',
  endpoint: 'PCIe endpoint',
  'rc-endpoint': 'root-complex integrated endpoint',
  'legacy-endpoint': 'legacy endpoint',
  'pcie-to-pci-bridge': 'PCIe-to-PCI bridge',
  'pci-to-pcie-bridge': 'PCI-to-PCIe bridge',
  'pci-bridge': 'conventional PCI bridge',
  pci: 'conventional PCI device',
  acpi: 'ACPI-namespace device',
};

/** What a device type is called in sentences ("root port", "PCIe-to-PCI bridge"). */
export function typeName(type: DeviceType): string {
  return TYPE_NAMES[type];
}
