/**
 * The PCI tree the kernel enumerates: who sits on which bus, which bridge is above each bus
 * (bus->self), and the order in which pci_scan_child_bus adds devices. Pure: reads DeviceSpecs only.
 */
import { busKey, canonicalBdf, compareBdf, parseBdf } from './bdf';
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

/** A bridge or port: something with a secondary bus. */
export function isBridge(spec: DeviceSpec): boolean {
  return BRIDGE_TYPES.includes(spec.type);
}

/** Has a PCI Express capability (pci_is_pcie); host bridges count as conventional, as on q35. */
export function isPcie(spec: DeviceSpec): boolean {
  return PCIE_TYPES.includes(spec.type);
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
  const all = Object.keys(devices).sort(compareBdf);
  const upstream: Record<string, string | null> = {};
  for (const b of all) {
    const p = devices[b]!.parent;
    upstream[b] =
      !isAcpi(devices[b]) && p !== undefined && p !== b && devices[p] && !isAcpi(devices[p]) ? p : null;
  }
  // A loop of parents has no root bus above it; cut it at its lowest BDF so every walk ends.
  for (const b of all) {
    const chain: string[] = [];
    let cur: string | null = b;
    while (cur !== null && !chain.includes(cur)) {
      chain.push(cur);
      cur = upstream[cur] ?? null;
    }
    if (cur !== null) upstream[chain.slice(chain.indexOf(cur)).sort(compareBdf)[0]!] = null;
  }
  const children: Record<string, string[]> = {};
  const bus: Record<string, string[]> = {};
  for (const b of all) {
    const p = upstream[b];
    if (p) push(children, p, b);
    if (!isAcpi(devices[b])) push(bus, busKey(b), b);
  }
  const secondary: Record<string, string> = {};
  for (const [p, kids] of Object.entries(children)) secondary[p] = busKey(kids[0]!);
  const topo: Topology = { devices, order: [], children, bus, upstream, secondary };
  topo.order = enumerate(topo, all);
  return topo;
}

// pci_scan_child_bus_extend: every function of a bus (device_add as scanned), then each bridge's
// secondary bus depth-first in devfn order; pci_bus_add_devices keeps that order. Root buses by
// (segment, bus); ACPI-namespace devices come last (probe_acpi_namespace_devices).
function enumerate(topo: Topology, all: string[]): string[] {
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
      const buses = [...new Set((topo.children[d] ?? []).map(busKey))];
      for (const k of buses) visitBus(k);
    }
  };
  const roots = [
    ...new Set(all.filter((b) => !isAcpi(topo.devices[b]) && topo.upstream[b] === null).map(busKey)),
  ];
  for (const k of roots.sort()) visitBus(k);
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

/** One thing wrong with a scenario's device list; `index` points into the list, `field` names the key. */
export interface TopologyProblem {
  index: number;
  field: string;
  message: string;
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

const busName = (key: string) => (key.startsWith('0000:') ? key.slice(5) : key);

type Add = (index: number, field: string, message: string) => void;
type BusClaims = {
  owner: Map<string, { bridge: string; child: string }>;
  bridgeBus: Map<string, { bus: string; child: string }>;
};

// Malformed and duplicate addresses; returns canonical BDF -> index of its first device.
function checkAddresses(specs: DeviceSpec[], canon: (string | null)[], add: Add): Map<string, number> {
  const first = new Map<string, number>();
  specs.forEach((s, i) => {
    const c = canon[i];
    if (!c)
      add(
        i,
        'bdf',
        `"${s.bdf}" is not a PCI address: write BB:DD.F or SSSS:BB:DD.F in hex (device 00-1f, function 0-7).`,
      );
    else if (first.has(c))
      add(i, 'bdf', `Two devices have the address ${c} (devices ${first.get(c)} and ${i}).`);
    else first.set(c, i);
  });
  return first;
}

function checkAliases(s: DeviceSpec, me: string, i: number, add: Add): void {
  (s.aliases ?? []).forEach((a, j) => {
    const ca = canonicalBdf(a);
    const field = `aliases[${j}]`;
    if (!ca) add(i, field, `${me} lists "${a}" as a DMA alias, which is not a PCI address.`);
    else if (busKey(ca) !== busKey(me))
      add(
        i,
        field,
        `${me} lists ${ca} as a DMA alias, but an alias must be on its own bus ${busName(busKey(me))}.`,
      );
  });
}

// What is wrong with a device's parent by itself; null when it is a bridge one bus up.
function parentProblem(me: string, pc: string, parent: DeviceSpec | undefined): string | null {
  if (!parent) return `${me} names ${pc} as its parent, but there is no device ${pc}.`;
  if (!isBridge(parent))
    return `${me} names ${pc} as its parent, but ${pc} is a ${typeName(parent.type)}, not a bridge or port.`;
  if (parseBdf(me)?.segment !== parseBdf(pc)?.segment)
    return `${me} is in another PCI segment than its parent ${pc}.`;
  if (busKey(me) === busKey(pc))
    return `${me} is on bus ${busName(busKey(me))}, the same bus as its parent ${pc}; a device below a bridge sits on the bridge's secondary bus.`;
  return null;
}

// One secondary bus per bridge, one bridge per bus.
function busClashes(me: string, pc: string, claims: BusClaims): string[] {
  const out: string[] = [];
  const myBus = busKey(me);
  const mine = claims.bridgeBus.get(pc);
  if (!mine) claims.bridgeBus.set(pc, { bus: myBus, child: me });
  else if (mine.bus !== myBus)
    out.push(
      `${pc} has children on two buses, ${busName(mine.bus)} (${mine.child}) and ${busName(myBus)} (${me}); a bridge has one secondary bus.`,
    );
  const o = claims.owner.get(myBus);
  if (!o) claims.owner.set(myBus, { bridge: pc, child: me });
  else if (o.bridge !== pc)
    out.push(
      `${o.bridge} and ${pc} both claim bus ${busName(myBus)} (${o.child} and ${me} are on it); a bus has one bridge above it.`,
    );
  return out;
}

/** Everything that makes the device list impossible as a PCI tree; empty when it is valid. */
export function checkTopology(specs: DeviceSpec[]): TopologyProblem[] {
  const problems: TopologyProblem[] = [];
  const add: Add = (index, field, message) => {
    problems.push({ index, field, message });
  };
  const canon = specs.map((s) => canonicalBdf(s.bdf));
  const first = checkAddresses(specs, canon, add);
  const at = (bdf: string) => first.get(canonicalBdf(bdf) ?? '');
  const claims: BusClaims = { owner: new Map(), bridgeBus: new Map() };
  const valid = specs.flatMap((s, i) => {
    const me = canon[i];
    return me && first.get(me) === i ? [{ s, i, me }] : [];
  });
  for (const { s, i, me } of valid) {
    if (s.type === 'acpi') {
      if (s.parent !== undefined)
        add(
          i,
          'parent',
          `${me} is an ACPI-namespace device: it sits on no PCI bus, so it cannot have a parent.`,
        );
      if (s.aliases?.length)
        add(
          i,
          'aliases',
          `${me} is an ACPI-namespace device: it has no PCI requester ID, so it cannot have DMA aliases.`,
        );
      continue;
    }
    checkAliases(s, me, i, add);
    if (s.parent === undefined) continue;
    const pc = canonicalBdf(s.parent) ?? s.parent;
    const pi = at(s.parent);
    const wrong = parentProblem(me, pc, pi === undefined ? undefined : specs[pi]);
    const clashes = wrong ? [wrong] : busClashes(me, pc, claims);
    for (const m of clashes) add(i, 'parent', m);
  }
  for (const { s, i, me } of valid) {
    const o = s.type === 'acpi' || s.parent !== undefined ? undefined : claims.owner.get(busKey(me));
    if (o)
      add(
        i,
        'parent',
        `${me} has no parent, so it would sit on a root bus, but bus ${busName(busKey(me))} is the secondary bus of ${o.bridge}.`,
      );
  }
  for (const cycle of parentCycles(specs, canon, at)) {
    const i = Math.min(...cycle.map((b) => at(b)!));
    add(
      i,
      'parent',
      `The parents of ${cycle[0]} loop back to it (${[...cycle, cycle[0]].join(' → ')}), so no root bus is above them.`,
    );
  }
  return problems.sort((a, b) => a.index - b.index);
}

// Each loop of parent links once, listed from its lowest BDF.
function parentCycles(
  specs: DeviceSpec[],
  canon: (string | null)[],
  at: (bdf: string) => number | undefined,
): string[][] {
  const cycles = new Map<string, string[]>();
  for (let i = 0; i < specs.length; i++) {
    const chain: string[] = [];
    let cur = canon[i] ?? null;
    while (cur !== null && !chain.includes(cur)) {
      chain.push(cur);
      const pi = at(cur);
      const p = pi === undefined ? undefined : specs[pi]?.parent;
      cur = p === undefined ? null : canonicalBdf(p);
    }
    // A device that is its own parent is already reported (same bus, or not a bridge).
    if (cur === null || chain.indexOf(cur) === chain.length - 1) continue;
    const loop = chain.slice(chain.indexOf(cur));
    const start = loop.indexOf([...loop].sort(compareBdf)[0]!);
    const ordered = [...loop.slice(start), ...loop.slice(0, start)];
    cycles.set(ordered.join(' '), ordered);
  }
  return [...cycles.values()];
}
