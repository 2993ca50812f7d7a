/**
 * The PCI tree the kernel enumerates: who sits on which bus, which bridge is above each bus
 * (bus->self), and the order in which pci_scan_child_bus adds devices. Pure: reads DeviceSpecs only.
 */
import { busKey, sortBdfs, sortWithBuses } from './bdf';
import type { DeviceSpec, DeviceType } from './types';

/** The scenario types that are bridges (they have a secondary bus with devices below). */
export const BRIDGE_TYPES: readonly DeviceType[] = [
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
export function isBridge(spec: DeviceSpec): boolean {
  return BRIDGE_SET.has(spec.type);
}

/** Has a PCI Express capability (pci_is_pcie); host bridges count as conventional, as on q35. */
export function isPcie(spec: DeviceSpec): boolean {
  return PCIE_SET.has(spec.type);
}

/** The machine's PCI tree, indexed for the walks of pci_device_group. */
export interface Topology {
  devices: Record<string, DeviceSpec>;
  /** Enumeration order (bus list order): what bus_for_each_dev visits at boot. */
  order: string[];
  /** Bridge -> the devices on its secondary bus, in devfn order. */
  children: Record<string, string[]>;
  /** busKey -> the PCI functions on that bus, in devfn order (ACPI devices are on no bus). */
  bus: Record<string, string[]>;
  /** Device -> the bridge above its bus (bus->self); null on a root bus. Missing parents and cycles are cut. */
  upstream: Record<string, string | null>;
  /** Bridge -> busKey of its secondary bus (where its children are); absent for a bridge with no children. */
  secondary: Record<string, string>;
  /** Every device, by address (compareBdf): the order snapshots list them in, kept so they need not sort. */
  sorted: string[];
}

const isAcpi = (d: DeviceSpec | undefined) => d?.type === 'acpi';
const push = (rec: Record<string, string[]>, key: string, value: string) => {
  const list = rec[key];
  if (list) list.push(value);
  else rec[key] = [value];
};

/** Indexes canonical specs (any input order) into a Topology; tolerant of invalid input (see checkTopology). */
export function buildTopology(specs: DeviceSpec[]): Topology {
  const devices: Record<string, DeviceSpec> = {};
  for (const s of specs) if (!(s.bdf in devices)) devices[s.bdf] = s;
  // Sorted, with each device's bus, from one lookup per address.
  const { sorted: all, bus: busOf, ties } = sortWithBuses(Object.keys(devices));
  const upstream: Record<string, string | null> = {};
  for (const b of all) {
    const p = devices[b]!.parent;
    upstream[b] =
      !isAcpi(devices[b]) && p !== undefined && p !== b && devices[p] && !isAcpi(devices[p]) ? p : null;
  }
  cutCycles(all, upstream);
  const children: Record<string, string[]> = {};
  const bus: Record<string, string[]> = {};
  // A bridge's secondary bus is its first child's; a bridge whose children are on several buses
  // (invalid input) is noted for enumerate.
  const secondary: Record<string, string> = {};
  const split = new Set<string>();
  for (let i = 0; i < all.length; i++) {
    const b = all[i]!;
    const k = busOf[i]!;
    const p = upstream[b];
    if (p) {
      push(children, p, b);
      const sec = secondary[p];
      if (sec === undefined) secondary[p] = k;
      else if (sec !== k) split.add(p);
    }
    if (!isAcpi(devices[b])) push(bus, k, b);
  }
  const topo: Topology = { devices, order: [], children, bus, upstream, secondary, sorted: all };
  topo.order = enumerate(topo, all, busOf, split);
  if (!ties && all.length === specs.length) distinct.add(topo);
  return topo;
}

// Topologies whose specs all have different addresses (no duplicate, no two spellings of one):
// for those the order of the specs changed nothing, which lets a run reuse them.
const distinct = new WeakSet<Topology>();

/** Whether every spec the topology was built from has an address of its own. */
export function hasDistinctAddresses(topo: Topology): boolean {
  return distinct.has(topo);
}

// A loop of parents has no root bus above it; cut it at its lowest BDF so every walk ends.
// Devices already known to reach a root bus end a walk early (cuts only ever end walks sooner),
// so each parent link is followed about once instead of once per device below it.
function cutCycles(all: string[], upstream: Record<string, string | null>): void {
  const ends = new Set<string>();
  const chain: string[] = [];
  const onChain = new Set<string>();
  for (const b of all) {
    // The common case, a parent already known to reach a root bus (or none): nothing to walk.
    const up = upstream[b] ?? null;
    if (up === null || ends.has(up)) {
      ends.add(b);
      continue;
    }
    chain.length = 0;
    onChain.clear();
    let cur: string | null = b;
    while (cur !== null && !ends.has(cur) && !onChain.has(cur)) {
      chain.push(cur);
      onChain.add(cur);
      cur = upstream[cur] ?? null;
    }
    if (cur !== null && onChain.has(cur)) {
      const loop = chain.slice(chain.indexOf(cur));
      upstream[sortBdfs(loop)[0]!] = null;
    }
    for (const c of chain) ends.add(c);
  }
}

// The distinct buses of a bridge's children, in order (one bus, unless the input is invalid).
function childBuses(topo: Topology, bridge: string, split: ReadonlySet<string>): string[] {
  const kids = topo.children[bridge];
  if (!kids || kids.length === 0) return [];
  if (split.has(bridge)) return [...new Set(kids.map(busKey))];
  return [topo.secondary[bridge]!];
}

// pci_scan_child_bus_extend: every function of a bus (device_add as scanned), then each bridge's
// secondary bus depth-first in devfn order; pci_bus_add_devices keeps that order. Root buses by
// (segment, bus); ACPI-namespace devices come last (probe_acpi_namespace_devices).
function enumerate(topo: Topology, all: string[], busOf: string[], split: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const busSeen = new Set<string>();
  const visitBus = (key: string) => {
    if (busSeen.has(key)) return;
    busSeen.add(key);
    const list = topo.bus[key] ?? [];
    for (const d of list) {
      if (seen.has(d)) continue;
      seen.add(d);
      out.push(d);
    }
    for (const d of list) {
      if (!isBridge(topo.devices[d]!)) continue;
      for (const k of childBuses(topo, d, split)) visitBus(k);
    }
  };
  const roots = new Set<string>();
  for (let i = 0; i < all.length; i++) {
    const b = all[i]!;
    if (!isAcpi(topo.devices[b]) && topo.upstream[b] === null) roots.add(busOf[i]!);
  }
  for (const k of [...roots].sort()) visitBus(k);
  for (const b of all) if (!seen.has(b) && !isAcpi(topo.devices[b])) out.push(b);
  for (const b of all) if (isAcpi(topo.devices[b])) out.push(b);
  return out;
}

/** The order in which the kernel adds (and the IOMMU probes) these devices at boot. */
export function enumerationOrder(specs: DeviceSpec[]): string[] {
  return buildTopology(specs).order;
}

/** set_pcie_untrusted: some bridge above the device is external-facing (the port itself stays trusted). */
export function isUntrusted(topo: Topology, bdf: string): boolean {
  for (let p = topo.upstream[bdf] ?? null; p !== null; p = topo.upstream[p] ?? null) {
    if (topo.devices[p]?.externalFacing) return true;
  }
  return false;
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
