/**
 * What the Intel driver's identity rules ask about a device: its class, vendor, RMRR and place
 * in the topology. Pure predicates over the scenario's device description.
 */
import { isPcie } from './deviceTypes';
import { mastersDma } from './dma';
import type { Topology } from './topology';
import type { DeviceSpec } from './types';

const cls = (d: DeviceSpec) => (d.class ?? '').toLowerCase();

/** IS_GFX_DEVICE: display controller class (03xx). */
export const isDisplay = (d: DeviceSpec) => cls(d).startsWith('03');
/** USB host controller (0c03). */
export const isUsb = (d: DeviceSpec) => cls(d).startsWith('0c03');
export const isIntel = (d: DeviceSpec) => d.vendor === 'intel' || d.vendor?.toLowerCase() === '8086';
/** A PCI-to-PCI bridge by class (0604), or by the scenario's type. */
export const isPciBridgeClass = (d: DeviceSpec) =>
  cls(d).startsWith('0604') || d.type === 'pci-bridge' || d.type === 'pcie-to-pci-bridge';
export const onRootBus = (d: DeviceSpec) => d.parent === undefined;
/** Debian's IS_INTEL_IGPU-style test: an Intel display device on the root bus. */
export const isIntelIgpu = (d: DeviceSpec) => isIntel(d) && isDisplay(d) && onRootBus(d) && d.type !== 'acpi';

/**
 * The device is in an RMRR: listed itself or, from 5.3, through a PCI bridge above it
 * (is_downstream_to_pci_bridge).
 */
export function hasRmrr(topo: Topology, bdf: string, throughBridges: boolean): boolean {
  const d = topo.devices[bdf];
  if (!d) return false;
  if (d.rmrr) return true;
  if (!throughBridges) return false;
  let p = d.parent;
  while (p) {
    const pd = topo.devices[p];
    if (!pd) break;
    if (pd.rmrr && isPciBridgeClass(pd)) return true;
    p = pd.parent;
  }
  return false;
}

/** device_is_rmrr_locked: an RMRR device that is not USB or graphics (device_rmrr_is_relaxable). */
export function isRmrrLocked(topo: Topology, bdf: string, throughBridges: boolean): boolean {
  const d = topo.devices[bdf];
  if (!d || !hasRmrr(topo, bdf, throughBridges)) return false;
  return !(isUsb(d) || isDisplay(d));
}

/** An SMBus controller (0c05): its driver runs it through registers, never as a bus master. */
export const isSmbus = (d: DeviceSpec) => cls(d).startsWith('0c05');

/** A conventional PCI device or bridge whose DMA shares a requester ID with its siblings. */
export function isBehindOrIsPciBridge(d: DeviceSpec): boolean {
  if (d.type === 'acpi') return false;
  if (!isPcie(d)) return !onRootBus(d) || isPciBridgeClass(d);
  return d.type === 'pcie-to-pci-bridge';
}

/**
 * Devices that do DMA of their own, as a crash finds them by default: bus masters other than the
 * remaining bridge classes (an ISA/LPC bridge's legacy DMA is idle on a modern machine).
 */
export function doesDma(d: DeviceSpec): boolean {
  return mastersDma(d) && !cls(d).startsWith('06');
}
