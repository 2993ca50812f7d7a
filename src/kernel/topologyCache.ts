/**
 * The topologies a run has indexed, reused when a step's devices are the same spec objects again:
 * a kdump boot, a reboot, a rescan that brings back what was removed. Indexing 20,000 devices is
 * the largest single cost of a boot. Kept per run (each machine carries its lineage's few recent
 * topologies), never across runs, so specs are only ever compared with specs of the same run.
 */
import { buildTopology, type Topology } from './topology';
import { hasDistinctAddresses } from './topologyIndex';
import type { DeviceSpec, DeviceType, Machine } from './types';

interface Indexed {
  /** The specs it was built from, in order. */
  specs: readonly DeviceSpec[];
  /** Every address differs (no duplicate, no two spellings of one): then the order of the specs
   *  changes nothing (buildTopology sorts them), and the same set of specs may reuse it. */
  unique: boolean;
  set?: Set<DeviceSpec>;
}

const indexed = new WeakMap<Topology, Indexed>();
// The topology only changes when devices come or go; a step inherits its predecessor's.
const topologyOf = new WeakMap<Machine, Topology>();
const lineage = new WeakMap<Machine, readonly Topology[]>();
const KEEP = 3;

function sameDevices(t: Topology, specs: readonly DeviceSpec[]): boolean {
  const ix = indexed.get(t);
  if (!ix || ix.specs.length !== specs.length) return false;
  if (ix.specs.every((s, i) => s === specs[i])) return true;
  if (!ix.unique) return false;
  ix.set ??= new Set(ix.specs);
  const set = ix.set;
  if (!specs.every((s) => set.has(s))) return false;
  return new Set(specs).size === specs.length;
}

/** The topology of `specs`: one of `recent` if it was built from the same specs, else built. */
export function indexTopology(specs: DeviceSpec[], recent: readonly Topology[]): Topology {
  for (const t of recent) if (sameDevices(t, specs)) return t;
  const t = buildTopology(specs);
  indexed.set(t, { specs: specs.slice(), unique: hasDistinctAddresses(t) });
  return t;
}

/** The recent topologies of the run `m` belongs to (newest first). */
export function recentTopologies(m: Machine): readonly Topology[] {
  return lineage.get(m) ?? [];
}

/** Hands the run's recent topologies on to the next machine. */
export function keepTopologies(m: Machine, recent: readonly Topology[]): void {
  lineage.set(m, [...new Set(recent)].slice(0, KEEP));
}

/** The topology a step computed for this machine's devices, if any (snapshots reuse its order). */
export function knownTopology(m: Machine): Topology | undefined {
  return topologyOf.get(m);
}

/** Remembers the topology of a machine's devices for the steps that follow. */
export function rememberTopology(m: Machine, t: Topology): void {
  topologyOf.set(m, t);
}

/** A machine with the same devices as `from` (a refused step) keeps its topologies. */
export function shareTopology(from: Machine, to: Machine): void {
  const t = topologyOf.get(from);
  if (t) topologyOf.set(to, t);
  keepTopologies(to, recentTopologies(from));
}

// The topology checkTopology built for a device list (validation), with the fields of each spec it
// was built from: the first boot of a run of that list takes it rather than indexing 20,000
// devices again, unless a spec's address, parent or type changed in between (specs are plain
// data that a caller may still edit: the importer does).
interface Checked {
  topo: Topology;
  bdf: string[];
  parent: (string | undefined)[];
  type: DeviceType[];
}
const checkedLists = new WeakMap<readonly DeviceSpec[], Checked>();

/** The topology of a device list, built now and remembered for a run of the same list. */
export function checkedTopology(specs: DeviceSpec[]): Topology {
  const n = specs.length;
  const c: Checked = {
    topo: indexTopology(specs, []),
    bdf: new Array(n),
    parent: new Array(n),
    type: new Array(n),
  };
  for (let i = 0; i < n; i++) {
    const s = specs[i]!;
    c.bdf[i] = s.bdf;
    c.parent[i] = s.parent;
    c.type[i] = s.type;
  }
  checkedLists.set(specs, c);
  return c.topo;
}

/** A new run's machine starts from the topology checked for its device list, if still true. */
export function seedTopology(m: Machine, specs: readonly DeviceSpec[]): void {
  const c = checkedLists.get(specs);
  if (!c || c.bdf.length !== specs.length) return;
  for (let i = 0; i < specs.length; i++) {
    const s = specs[i]!;
    if (s.bdf !== c.bdf[i] || s.parent !== c.parent[i] || s.type !== c.type[i]) return;
  }
  keepTopologies(m, [c.topo]);
}
