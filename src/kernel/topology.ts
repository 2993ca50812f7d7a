/**
 * The PCI tree the kernel enumerates: who sits on which bus, which bridge is above each bus
 * (bus->self), and the order in which pci_scan_child_bus adds devices. Pure: reads DeviceSpecs only.
 */
import { busKey, canonicalBdf, parseBdf, sortBdfs, sortWithBuses } from './bdf';
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

// Each loop of parent links once, listed from its lowest BDF. A walk that reaches a device an
// earlier walk went through ends there: it would only find that walk's loop again (or none), so
// each parent link is followed about once (a walk per device was quadratic in the tree's depth).
function parentCycles(
  specs: DeviceSpec[],
  canon: (string | null)[],
  at: (bdf: string) => number | undefined,
): string[][] {
  const cycles = new Map<string, string[]>();
  const walked = new Set<string>();
  const chain: string[] = [];
  const onChain = new Map<string, number>();
  for (let i = 0; i < specs.length; i++) {
    chain.length = 0;
    onChain.clear();
    let cur = canon[i] ?? null;
    while (cur !== null && !onChain.has(cur) && !walked.has(cur)) {
      onChain.set(cur, chain.length);
      chain.push(cur);
      const pi = at(cur);
      const p = pi === undefined ? undefined : specs[pi]?.parent;
      cur = p === undefined ? null : canonicalBdf(p);
    }
    for (const c of chain) walked.add(c);
    // A device that is its own parent is already reported (same bus, or not a bridge).
    const from = cur === null ? undefined : onChain.get(cur);
    if (from === undefined || from === chain.length - 1) continue;
    const loop = chain.slice(from);
    const start = loop.indexOf(sortBdfs(loop)[0]!);
    const ordered = [...loop.slice(start), ...loop.slice(0, start)];
    cycles.set(ordered.join(' '), ordered);
  }
  return [...cycles.values()];
}
