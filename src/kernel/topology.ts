/**
 * The PCI tree the kernel enumerates: who sits on which bus, which bridge is above each bus
 * (bus->self), and the order in which pci_scan_child_bus adds devices. Pure: reads DeviceSpecs only.
 */
import { addressOrder } from './bdf';
import { isBridge } from './deviceTypes';
import { attachIndex, Buses, cutCycles, onBus, ParentFinder, type TopologyIndex } from './topologyIndex';
import type { DeviceSpec } from './types';

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

const isAcpi = (d: DeviceSpec) => d.type === 'acpi';

/**
 * Indexes canonical specs (any input order) into a Topology; tolerant of invalid input (see
 * checkTopology). Works on positions in address order, where the devices of a bus and the
 * children of a bridge are neighbours: for 20,000 devices, lookups by address and records keyed
 * by address were most of the time. `children` and `secondary`, which only a hot-remove asks for,
 * are made on first use.
 */
export function buildTopology(specs: DeviceSpec[]): Topology {
  let devices: Record<string, DeviceSpec> = {};
  const bdfs = new Array<string>(specs.length);
  for (let i = 0; i < specs.length; i++) {
    const s = specs[i]!;
    bdfs[i] = s.bdf;
    devices[s.bdf] = s;
  }
  let list = specs;
  let ord = addressOrder(bdfs);
  if (ord.ties || ord.malformed) {
    // The first spec of each address, as a lookup by name finds it (a malformed one may name
    // what every object has, such as "constructor").
    devices = {};
    list = [];
    for (const s of specs) {
      if (s.bdf in devices) continue;
      devices[s.bdf] = s;
      list.push(s);
    }
    if (list.length !== specs.length) ord = addressOrder(list.map((s) => s.bdf));
  }
  const n = list.length;
  const ix: TopologyIndex = {
    spec: new Array(n),
    at: ord.at,
    key: ord.key,
    up: new Int32Array(n),
    bus: new Int32Array(n),
    busKey: ord.bus,
    secondary: new Int32Array(n).fill(-1),
    split: new Map(),
    distinct: !ord.ties && n === specs.length,
    canonical: ord.canonical,
  };
  const sorted = new Array<string>(n);
  const upstream: Record<string, string | null> = {};
  const buses = new Buses(n);
  const parents = new ParentFinder(list, ord);
  for (let j = 0; j < n; j++) {
    const s = list[ord.at[j]!]!;
    const b = s.bdf;
    ix.spec[j] = s;
    sorted[j] = b;
    const u = parents.of(s);
    ix.up[j] = u;
    upstream[b] = u >= 0 ? s.parent! : null;
    ix.bus[j] = isAcpi(s) ? -1 : buses.add(j, ix.busKey[j]!, b, ord.key[j]! < 0);
    if (u >= 0) onBus(ix, u, ix.bus[j]!);
  }
  if (cutCycles(sorted, ix.up)) {
    for (let j = 0; j < n; j++) if (ix.up[j]! < 0) upstream[sorted[j]!] = null;
    ix.secondary.fill(-1);
    ix.split.clear();
    for (let j = 0; j < n; j++) if (ix.up[j]! >= 0) onBus(ix, ix.up[j]!, ix.bus[j]!);
  }
  const topo = { devices, order: enumerate(ix, sorted, buses), bus: buses.bus, upstream, sorted } as Topology;
  attachIndex(topo, ix);
  return topo;
}

// pci_scan_child_bus_extend: every function of a bus (device_add as scanned), then each bridge's
// secondary bus depth-first in devfn order; pci_bus_add_devices keeps that order. Root buses by
// (segment, bus); ACPI-namespace devices come last (probe_acpi_namespace_devices).
function enumerate(ix: TopologyIndex, sorted: string[], b: Buses): string[] {
  const n = sorted.length;
  const out = new Array<string>(n);
  let k = 0;
  const seen = new Uint8Array(n);
  const busSeen = new Uint8Array(b.key.length);
  const visitBus = (bus: number) => {
    if (busSeen[bus]) return;
    busSeen[bus] = 1;
    for (let j = b.head[bus]!; j >= 0; j = b.next[j]!) {
      if (seen[j]) continue;
      seen[j] = 1;
      out[k++] = sorted[j]!;
    }
    for (let j = b.head[bus]!; j >= 0; j = b.next[j]!) {
      // (A device named '' is nobody's bridge: that is how the index has always read it.)
      if (ix.secondary[j]! < 0 || !isBridge(ix.spec[j]!) || sorted[j] === '') continue;
      const more = ix.split.get(j);
      if (more) for (const m of more) visitBus(m);
      else visitBus(ix.secondary[j]!);
    }
  };
  const roots: number[] = [];
  const isRoot = new Uint8Array(b.key.length);
  let acpi = 0;
  for (let j = 0; j < n; j++) {
    const bus = ix.bus[j]!;
    if (bus < 0) acpi++;
    else if (ix.up[j]! < 0 && !isRoot[bus]) {
      isRoot[bus] = 1;
      roots.push(bus);
    }
  }
  roots.sort((x, y) => (b.key[x]! < b.key[y]! ? -1 : 1));
  for (const r of roots) visitBus(r);
  // Devices on no bus reached from a root bus (below a missing parent or a non-bridge), then ACPI.
  if (k < n - acpi) for (let j = 0; j < n; j++) if (!seen[j] && ix.bus[j]! >= 0) out[k++] = sorted[j]!;
  if (acpi > 0) for (let j = 0; j < n; j++) if (ix.bus[j]! < 0) out[k++] = sorted[j]!;
  return out;
}

/** The order in which the kernel adds (and the IOMMU probes) these devices at boot. */
export function enumerationOrder(specs: DeviceSpec[]): string[] {
  return buildTopology(specs).order;
}

/**
 * set_pcie_untrusted: some bridge above the device is external-facing. `portItself`: before 5.9
 * ("PCI: Treat "external-facing" devices as internal") pci_acpi_set_untrusted marked the
 * external-facing root port itself untrusted too.
 */
export function isUntrusted(topo: Topology, bdf: string, portItself = false): boolean {
  const d = topo.devices[bdf];
  if (portItself && d?.externalFacing && d.type === 'root-port') return true;
  for (let p = topo.upstream[bdf] ?? null; p !== null; p = topo.upstream[p] ?? null) {
    if (topo.devices[p]?.externalFacing) return true;
  }
  return false;
}
