/**
 * Names people read on a device node: a short type name and the PCI class name (as lspci
 * spells them, shortened to fit a node).
 */
import type { DeviceSpec, DeviceType } from '../kernel/types';

const SHORT_TYPE: Record<DeviceType, string> = {
  'host-bridge': 'Host bridge',
  'root-port': 'Root port',
  'switch-upstream': 'Switch up port',
  'switch-downstream': 'Switch down port',
  endpoint: 'PCIe endpoint',
  'rc-endpoint': 'RC endpoint',
  'legacy-endpoint': 'Legacy endpoint',
  'pcie-to-pci-bridge': 'PCIe→PCI bridge',
  'pci-to-pcie-bridge': 'PCI→PCIe bridge',
  'pci-bridge': 'PCI bridge',
  pci: 'PCI device',
  acpi: 'ACPI device',
};

// Base class + subclass (the first four hex digits of the class code).
const SUBCLASS: Record<string, string> = {
  '0100': 'SCSI',
  '0101': 'IDE',
  '0104': 'RAID',
  '0105': 'ATA',
  '0106': 'SATA',
  '0107': 'SAS',
  '0108': 'NVMe',
  '0200': 'Ethernet',
  '0280': 'Network',
  '0300': 'VGA',
  '0302': '3D controller',
  '0380': 'Display',
  '0401': 'Audio',
  '0403': 'Audio',
  '0600': 'Host bridge',
  '0601': 'ISA bridge',
  '0604': 'PCI bridge',
  '0680': 'Bridge',
  '0c03': 'USB',
  '0c04': 'Fibre Channel',
  '0c05': 'SMBus',
  '0d00': 'IrDA',
  '0d80': 'Wireless',
  '1200': 'Accelerator',
};

const BASE: Record<string, string> = {
  '00': 'Unclassified',
  '01': 'Storage',
  '02': 'Network',
  '03': 'Display',
  '04': 'Multimedia',
  '05': 'Memory',
  '06': 'Bridge',
  '07': 'Communication',
  '08': 'System',
  '09': 'Input',
  '0a': 'Docking',
  '0b': 'Processor',
  '0c': 'Serial bus',
  '0d': 'Wireless',
  '0e': 'I2O',
  '0f': 'Satellite',
  '10': 'Crypto',
  '11': 'Signal processing',
  '12': 'Accelerator',
};

/** A short name of the device's type ("Root port", "PCIe endpoint"). */
export const shortTypeName = (t: DeviceType) => SHORT_TYPE[t];

/** The PCI class name of a class code ("0106" or "010601" → "SATA"); null when unknown or absent. */
export function className(cls: string | undefined): string | null {
  if (!cls) return null;
  const c = cls.toLowerCase();
  return SUBCLASS[c.slice(0, 4)] ?? BASE[c.slice(0, 2)] ?? null;
}

/** "PCIe endpoint · SATA": what the device is. */
export function describeDevice(spec: DeviceSpec): string {
  const cls = className(spec.class);
  const type = shortTypeName(spec.type);
  // A host bridge of class "Host bridge" says it once.
  return cls && cls !== type ? `${type} · ${cls}` : type;
}
