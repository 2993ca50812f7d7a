/**
 * Group formation: pci_device_group (drivers/iommu/iommu.c) over the Topology, with the DMA-alias
 * walk of pci_for_each_dma_alias (drivers/pci/search.c). Pure: the caller says which devices
 * already have groups; nothing here allocates ids except the formGroups convenience.
 */
import { acsEnabled, acsPathBreak, acsPathEnabled, acsQuirkAnswer } from './acs';
import { busKey, canonicalBdf, compareBdf, devfnOf, firstOnBus, slotKey } from './bdf';
import { isMultifunction, isPcie, typeName } from './deviceTypes';
import type { Topology } from './topology';
import type { DeviceSpec, KernelId } from './types';

/** Which step of pci_device_group placed the device. */
export type GroupRule = 'alias' | 'acs-path' | 'alias-group' | 'multifunction' | 'new' | 'generic';

/** Why a device is in its group: the rule, the device whose group it joined, the kernel function, a sentence. */
export interface GroupReason {
  rule: GroupRule;
  via?: string;
  fn: string;
  text: string;
}

/** pci_device_group's answer: join an existing group (by id), or allocate a new one. */
export type GroupDecision =
  | { kind: 'existing'; group: number; reason: GroupReason }
  | { kind: 'new'; reason: GroupReason };

/** How one requester ID arises in pci_for_each_dma_alias. */
export type AliasKind =
  | 'self'
  | 'dma-alias'
  | 'pcie-to-pci'
  | 'pci-to-pcie'
  | 'pci-bridge'
  | 'pcie-bridge-alias';

/** One callback of pci_for_each_dma_alias: the device passed to fn, and the requester ID. */
export interface DmaAlias {
  dev: string;
  alias: string;
  kind: AliasKind;
}

// No DMA alias listed: what `(aliases ?? [])` walks finds nothing to do for.
const noAliases = (d: DeviceSpec | undefined) =>
  d?.aliases === undefined || d.aliases === null || (Array.isArray(d.aliases) && d.aliases.length === 0);

/** pci_for_each_dma_alias: every (device, requester ID) the device's DMA may carry, in the kernel's order. */
export function dmaAliases(topo: Topology, bdf: string): DmaAlias[] {
  const d = topo.devices[bdf];
  if (!d || d.type === 'acpi') return [];
  const out: DmaAlias[] = [{ dev: bdf, alias: bdf, kind: 'self' }];
  // dma_alias_mask: walked in devfn order (for_each_set_bit), and fn gets the device itself each
  // time, so for grouping these add nothing; they matter for the requester IDs and in step 3.
  if (!noAliases(d)) {
    const own = busKey(bdf);
    const extra = (d.aliases ?? [])
      .map(canonicalBdf)
      .filter((a): a is string => a !== null && busKey(a) === own);
    for (const a of [...new Set(extra)].sort(compareBdf)) out.push({ dev: bdf, alias: a, kind: 'dma-alias' });
  }
  // Visited: bdf, the first bridge, then a set from the second hop on (most devices have one or
  // two bridges above them, and this runs for every device probed).
  let first: string | null = null;
  let seen: Set<string> | null = null;
  for (let below = bdf, p = topo.upstream[bdf] ?? null; p !== null; below = p, p = topo.upstream[p] ?? null) {
    if (p === bdf || p === first || seen?.has(p)) break;
    if (first === null) first = p;
    else {
      seen ??= new Set();
      seen.add(p);
    }
    const b = topo.devices[p]!;
    // PCI_DEV_FLAGS_BRIDGE_XLATE_ROOT: the translation unit sits here; stop without visiting it.
    if (b.quirks?.includes('bridge-xlate-root')) break;
    // The secondary bus is the bus we came up from (tmp->subordinate->number); formatted only
    // when a bridge uses it.
    if (b.type === 'pcie-to-pci-bridge') out.push({ dev: p, alias: firstOnBus(below), kind: 'pcie-to-pci' });
    else if (b.type === 'pci-to-pcie-bridge') out.push({ dev: p, alias: p, kind: 'pci-to-pcie' });
    else if (!isPcie(b))
      out.push(
        b.quirks?.includes('pcie-bridge-alias')
          ? { dev: p, alias: firstOnBus(below), kind: 'pcie-bridge-alias' }
          : { dev: p, alias: p, kind: 'pci-bridge' },
      );
    // Root, upstream and downstream ports pass the requester ID through unchanged.
  }
  return out;
}

/** The requester ID the IOMMU sees: the last (topmost) alias of pci_for_each_dma_alias. */
export function dmaRequesterId(topo: Topology, bdf: string): string {
  return dmaAliases(topo, bdf).at(-1)?.alias ?? bdf;
}

type GroupOf = (bdf: string) => number | null;
interface Found {
  group: number;
  via: string;
  /** Devices from the start of the search to `via`, with how each was reached. */
  path: { dev: string; link: 'alias' | 'function' }[];
}

// The buses on which some device lists DMA aliases (per Topology, which never changes): on any
// other bus no two functions are aliases, and get_pci_alias_group need not compare every pair
// (a root bus of 32 ports has a thousand pairs).
const aliasBusesOf = new WeakMap<Topology, Set<string>>();
function aliasBuses(topo: Topology): Set<string> {
  let buses = aliasBusesOf.get(topo);
  if (!buses) {
    buses = new Set();
    for (const bdf in topo.devices) if (!noAliases(topo.devices[bdf])) buses.add(busKey(bdf));
    aliasBusesOf.set(topo, buses);
  }
  return buses;
}

// pci_devs_are_dma_aliases: either one's dma_alias_mask has the other's devfn (same bus checked by the caller).
function areDmaAliases(topo: Topology, a: string, b: string): boolean {
  // Asked for every pair of functions on a bus; almost no device lists aliases.
  if (noAliases(topo.devices[a]) && noAliases(topo.devices[b])) return false;
  const has = (x: string, y: string) =>
    (topo.devices[x]?.aliases ?? []).some((al) => devfnOf(canonicalBdf(al) ?? '') === devfnOf(y));
  return has(a, b) || has(b, a);
}

// get_pci_alias_group: the device's own group, else recursively through anything it aliases or
// that aliases it (and their non-isolated sibling functions). `seen` is the kernel's devfns bitmap.
function aliasGroup(
  topo: Topology,
  p: string,
  groupOf: GroupOf,
  seen: number[],
  kernel: KernelId,
): Found | null {
  const devfn = devfnOf(p);
  if (seen.includes(devfn)) return null;
  seen.push(devfn);
  const g = groupOf(p);
  if (g !== null) return { group: g, via: p, path: [] };
  const bus = busKey(p);
  if (!aliasBuses(topo).has(bus)) return null;
  for (const tmp of topo.bus[bus] ?? []) {
    if (tmp === p || !areDmaAliases(topo, p, tmp)) continue;
    const r = aliasGroup(topo, tmp, groupOf, seen, kernel) ?? functionGroup(topo, tmp, groupOf, seen, kernel);
    if (r) return { ...r, path: [{ dev: tmp, link: 'alias' }, ...r.path] };
  }
  return null;
}

// get_pci_function_alias_group: a multifunction device without ACS shares a group with the other
// functions of its slot that also lack ACS (or with whatever those alias).
function functionGroup(
  topo: Topology,
  p: string,
  groupOf: GroupOf,
  seen: number[],
  kernel: KernelId,
): Found | null {
  const pd = topo.devices[p];
  if (!pd || !isMultifunction(pd) || acsEnabled(topo, p, kernel)) return null;
  const slot = slotKey(p);
  for (const tmp of topo.bus[busKey(p)] ?? []) {
    if (tmp === p || slotKey(tmp) !== slot || acsEnabled(topo, tmp, kernel)) continue;
    const r = aliasGroup(topo, tmp, groupOf, seen, kernel);
    if (r) return { ...r, path: [{ dev: tmp, link: 'function' }, ...r.path] };
  }
  return null;
}

const PORTS = ['root-port', 'switch-upstream', 'switch-downstream'];
const shortName = (topo: Topology, bdf: string) =>
  PORTS.includes(topo.devices[bdf]?.type ?? '') ? 'port' : 'bridge';

function aliasText(topo: Topology, bdf: string, hit: DmaAlias): string {
  const who = isPcie(topo.devices[bdf]!) ? 'it sits' : 'it is a conventional PCI device';
  const joins = "so it joins that bridge's group";
  switch (hit.kind) {
    case 'self':
    case 'dma-alias':
      return 'it already belongs to a group';
    case 'pcie-to-pci':
      return `${who} behind the PCIe-to-PCI bridge ${hit.dev}, which DMAs on its behalf (requester ID ${hit.alias}), ${joins}`;
    case 'pci-to-pcie':
      return `it sits below the PCI-to-PCIe bridge ${hit.dev}, whose own requester ID ${hit.alias} its DMA carries, ${joins}`;
    case 'pci-bridge':
      return `${who} behind the conventional PCI bridge ${hit.dev}, whose own requester ID ${hit.alias} its DMA carries, ${joins}`;
    case 'pcie-bridge-alias':
      return `${who} behind the bridge ${hit.dev}, which (PCIE_BRIDGE_ALIAS quirk) forwards its DMA as ${hit.alias}, ${joins}`;
  }
}

function acsText(topo: Topology, b: string, kernel: KernelId): string {
  const brk = acsPathBreak(topo, b, kernel) ?? b;
  const name = typeName(topo.devices[b]!.type);
  if (brk === b) return `the ${name} ${b} above it lacks ACS, so it joins that ${shortName(topo, b)}'s group`;
  const brkName = typeName(topo.devices[brk]!.type);
  return `the ${brkName} ${brk} lacks ACS, so the path through the ${name} ${b} above it is not isolated and it joins ${b}'s group`;
}

function foundText(p: string, f: Found, rule: 'alias-group' | 'multifunction'): string {
  const [first, ...rest] = f.path;
  const through = f.path.slice(0, -1).map((s) => s.dev);
  if (rule === 'multifunction' && first) {
    const tail = rest.length ? `, and ${first.dev} is linked to ${f.via} by DMA aliases` : '';
    return `functions ${p} and ${first.dev} of one multifunction device without ACS may talk to each other directly${tail}, so it joins ${f.via}'s group`;
  }
  const chain = through.length ? ` (through ${through.join(', ')})` : '';
  return `${p} and ${f.via} are DMA aliases${chain}: the IOMMU cannot tell their requests apart, so it joins ${f.via}'s group`;
}

// The device-specific ACS answers that isolated the path from `b` up to the root bus, named so
// that the page's why points at the quirk function: " (00:1c.0: ACS quirk pci_quirk_intel_pch_acs)".
function pathQuirks(topo: Topology, b: string, kernel: KernelId): string {
  const named: string[] = [];
  const seen = new Set<string>();
  for (let d: string | null = b; d !== null && !seen.has(d); d = topo.upstream[d] ?? null) {
    seen.add(d);
    const q = acsQuirkAnswer(topo, d, kernel);
    if (q) named.push(`${d}: ACS quirk ${q.fn}`);
  }
  return named.length ? ` (${named.join('; ')})` : '';
}

// A multifunction device's own quirk answer is what keeps it apart from its sibling functions.
function ownQuirk(topo: Topology, p: string, kernel: KernelId): string {
  const pd = topo.devices[p];
  const q = pd && isMultifunction(pd) ? acsQuirkAnswer(topo, p, kernel) : null;
  return q ? `; the ACS quirk ${q.fn} isolates ${p} from its sibling functions` : '';
}

function newText(topo: Topology, bdf: string, p: string, stoppedAt: string | null, kernel: KernelId): string {
  const spec = topo.devices[p]!;
  // Peers are looked for only when they could matter (most devices are not multifunction).
  const mfPeers = () => {
    const slot = slotKey(p);
    return (topo.bus[busKey(p)] ?? []).some(
      (t) => t !== p && slotKey(t) === slot && !acsEnabled(topo, t, kernel),
    );
  };
  const me = p === bdf ? 'it' : `${p} (which it cannot be isolated from)`;
  if (isMultifunction(spec) && !acsEnabled(topo, p, kernel) && mfPeers())
    return `${me} is the first function of slot ${slotKey(p).replace(/^0000:/, '')} without ACS to be probed, so it gets a new group that the others will join`;
  // Two steps a reader needs: why nothing above merges it with others, then why there is no group
  // to join (a newcomer read "none has a group, so it gets one" as a non sequitur).
  const noneToJoin =
    'no device it cannot be told apart from (a DMA alias, or a sibling function without ACS) is in a group yet for it to join, so it gets a new group';
  if (stoppedAt)
    return `ACS on the ${typeName(topo.devices[stoppedAt]!.type)} ${stoppedAt} and everything above it${pathQuirks(topo, stoppedAt, kernel)} isolates ${me} from the rest of the machine; ${noneToJoin}${ownQuirk(topo, p, kernel)}`;
  return `${me} sits on the root bus, with no bridge above it that could merge it with others; ${noneToJoin}${ownQuirk(topo, p, kernel)}`;
}

/** pci_device_group(dev), kernel-model §4.2 steps 1-5; ACPI devices get generic_device_group's new group. */
export function pciDeviceGroup(
  topo: Topology,
  bdf: string,
  groupOf: GroupOf,
  /** Word the reason (false: its `text` is empty, for runs that explain nothing). */
  explain = true,
  /** The kernel has pci_quirk_rciep_acs (has.rciepAcsQuirk). */
  kernel: KernelId = 'v6.1',
): GroupDecision {
  const d = topo.devices[bdf];
  if (!d)
    return {
      kind: 'new',
      reason: { rule: 'new', fn: 'pci_device_group', text: `there is no device ${bdf}` },
    };
  if (d.type === 'acpi')
    return {
      kind: 'new',
      reason: {
        rule: 'generic',
        fn: 'generic_device_group',
        text: 'it is an ACPI-namespace device, not PCI, so generic_device_group gives it a group of its own',
      },
    };
  // 1. The alias walk: any visited device (itself, or a bridge that DMAs for it) with a group wins.
  const aliases = dmaAliases(topo, bdf);
  for (let i = 0; i < aliases.length; i++) {
    const a = aliases[i]!;
    const g = groupOf(a.dev);
    if (g !== null)
      return {
        kind: 'existing',
        group: g,
        reason: {
          rule: 'alias',
          via: a.dev,
          fn: 'pci_for_each_dma_alias',
          text: explain ? aliasText(topo, bdf, a) : '',
        },
      };
  }
  let p = aliases.at(-1)!.dev;
  // 2. The ACS walk: climb while the bridge above is not isolated all the way to the root.
  let stoppedAt: string | null = null;
  // Visited: where the climb starts, the first bridge, then a set (as in dmaAliases).
  const start = p;
  let first: string | null = null;
  let seen: Set<string> | null = null;
  for (let b = topo.upstream[p] ?? null; b !== null; b = topo.upstream[b] ?? null) {
    if (b === start || b === first || seen?.has(b)) break;
    if (first === null) first = b;
    else {
      seen ??= new Set();
      seen.add(b);
    }
    if (acsPathEnabled(topo, b, kernel)) {
      stoppedAt = b;
      break;
    }
    p = b;
    const g = groupOf(b);
    if (g !== null)
      return {
        kind: 'existing',
        group: g,
        reason: {
          rule: 'acs-path',
          via: b,
          fn: 'pci_acs_path_enabled',
          text: explain ? acsText(topo, b, kernel) : '',
        },
      };
  }
  // 3 and 4 share the kernel's devfns bitmap, so a device visited in 3 is skipped in 4 (a short
  // list: a walk rarely visits more than a device or two).
  const devfns: number[] = [];
  const alias = aliasGroup(topo, p, groupOf, devfns, kernel);
  if (alias)
    return {
      kind: 'existing',
      group: alias.group,
      reason: {
        rule: 'alias-group',
        via: alias.via,
        fn: 'get_pci_alias_group',
        text: explain ? foundText(p, alias, 'alias-group') : '',
      },
    };
  const fnGroup = functionGroup(topo, p, groupOf, devfns, kernel);
  if (fnGroup)
    return {
      kind: 'existing',
      group: fnGroup.group,
      reason: {
        rule: 'multifunction',
        via: fnGroup.via,
        fn: 'get_pci_function_alias_group',
        text: explain ? foundText(p, fnGroup, 'multifunction') : '',
      },
    };
  // 5. Nothing shared: a group of its own. The rule is pci_device_group's last step, which only
  // then calls iommu_group_alloc().
  return {
    kind: 'new',
    reason: {
      rule: 'new',
      fn: 'pci_device_group',
      text: explain ? newText(topo, bdf, p, stoppedAt, kernel) : '',
    },
  };
}

/** Runs pciDeviceGroup over the devices in order (default: enumeration order), new ids 0, 1, 2, ... */
export function formGroups(
  topo: Topology,
  order: string[] = topo.order,
  kernel: KernelId = 'v6.1',
): { groupOf: Record<string, number>; reasons: Record<string, GroupReason> } {
  const groupOf: Record<string, number> = {};
  const reasons: Record<string, GroupReason> = {};
  let next = 0;
  for (const b of order) {
    if (!topo.devices[b] || b in groupOf) continue;
    const dec = pciDeviceGroup(topo, b, (x) => groupOf[x] ?? null, true, kernel);
    groupOf[b] = dec.kind === 'existing' ? dec.group : next++;
    reasons[b] = dec.reason;
  }
  return { groupOf, reasons };
}
