/**
 * Everything that makes a device list impossible as a PCI tree, in sentences for the scenario's
 * problems (validation, the page's device form). Apart from topology.ts, which indexes valid trees.
 */
import { busKey, canonicalBdf, parseBdf, sortBdfs } from './bdf';
import { isBridge, typeName } from './deviceTypes';
import type { Topology } from './topology';
import { checkedTopology } from './topologyCache';
import { topologyIndex } from './topologyIndex';
import type { DeviceSpec } from './types';

/** One thing wrong with a scenario's device list; `index` points into the list, `field` names the key. */
export interface TopologyProblem {
  index: number;
  field: string;
  message: string;
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
  if (me === pc)
    return `${me} names itself as its parent; a device sits below another device, a bridge or port.`;
  if (!parent) return `${me} names ${pc} as its parent, but there is no device ${pc}.`;
  if (!isBridge(parent)) {
    const name = typeName(parent.type);
    const article = /^[aeiou]/i.test(name) ? 'an' : 'a';
    return `${me} names ${pc} as its parent, but ${pc} is ${article} ${name}, not a bridge or port.`;
  }
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

/**
 * Everything that makes the device list impossible as a PCI tree; empty when it is valid. `topo`:
 * the list's checkedTopology, if the caller has it already.
 */
export function checkTopology(specs: DeviceSpec[], topo = checkedTopology(specs)): TopologyProblem[] {
  return isSoundTree(topo) ? [] : topologyProblems(specs);
}

/** checkTopology without its shortcut for a sound tree (topology.test.ts holds the two equal). */
export function topologyProblems(specs: DeviceSpec[]): TopologyProblem[] {
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

// Whether the checks of checkTopology would find nothing, answered from the topology a boot of
// the list then reuses: the common case, a valid tree of canonical addresses, by positions in
// that index rather than lookups by address. Anything unusual (aliases, any doubt): false, and
// the full check runs.
function isSoundTree(topo: Topology): boolean {
  const ix = topologyIndex(topo);
  if (!ix.distinct || !ix.canonical) return false;
  const n = ix.spec.length;
  // The bridge above each bus, by bus number.
  const bridgeOf = new Int32Array(n).fill(-1);
  let bridge = -1;
  for (let j = 0; j < n; j++) {
    const s = ix.spec[j]!;
    if (s.aliases?.length) return false;
    if (s.parent === undefined) continue;
    // -1: no such device, itself, an ACPI device on either side, or a loop cut here.
    const u = ix.up[j]!;
    if (u < 0) return false;
    if (u !== bridge) {
      if (!isBridge(ix.spec[u]!)) return false;
      bridge = u;
    }
    // (key >>> 16: the segment)
    if (ix.key[j]! >>> 16 !== ix.key[u]! >>> 16) return false;
    // Not on the parent's bus; the bridge's only secondary bus (its first child's, as indexed);
    // no other bridge above that bus.
    const bus = ix.bus[j]!;
    if (bus === ix.bus[u] || ix.secondary[u] !== bus) return false;
    if (bridgeOf[bus]! < 0) bridgeOf[bus] = u;
    else if (bridgeOf[bus] !== u) return false;
  }
  for (let j = 0; j < n; j++) {
    const bus = ix.bus[j]!;
    if (bus >= 0 && bridgeOf[bus]! >= 0 && ix.spec[j]!.parent === undefined) return false;
  }
  return true;
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
