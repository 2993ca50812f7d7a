/**
 * How a comparison names things so that the same thing matches across two worlds whatever its
 * id: a domain by its role and what it does, a group by its devices.
 */
import type { DeviceSnapshot, DomainSnapshot, GroupSnapshot, StateSnapshot } from '../kernel/types';

// Per state, the group holding each domain (a lookup per domain: a big machine has thousands).
const holders = new WeakMap<StateSnapshot, Map<string, GroupSnapshot>>();
function holderOf(state: StateSnapshot, id: string): GroupSnapshot | undefined {
  let m = holders.get(state);
  if (!m) {
    m = new Map();
    for (const g of state.groups)
      for (const d of [g.defaultDomain, g.domain, g.blockingDomain]) if (d && !m.has(d)) m.set(d, g);
    holders.set(state, m);
  }
  return m.get(id);
}

/** A domain described by its role, so the same role matches across worlds whatever its id. */
export function domainRole(state: StateSnapshot, dom: DomainSnapshot): string {
  if (dom.name === 'si_domain') return 'si_domain';
  const holder = holderOf(state, dom.id);
  const who = holder
    ? `group {${[...holder.devices].sort().join(', ')}}`
    : `{${[...dom.devices].sort().join(', ')}}`;
  // An unmanaged (vfio) domain's kind and type are one word: said once; 6.1's blocking domain is
  // an empty UNMANAGED one to the core, but what it is for is its name.
  const what =
    dom.kind === 'blocking' ? 'blocking' : dom.kind === dom.type ? dom.type : `${dom.kind} ${flushType(dom)}`;
  return `${what} domain of ${who}`;
}

/**
 * A DMA domain's type by what it does: 5.x's lazy "DMA" and 6.1's "DMA-FQ" flush the IOTLB
 * alike (5.11's Intel driver answers DOMAIN_ATTR_DMA_USE_FLUSH_QUEUE with !intel_iommu_strict), so
 * a comparison of 5.11 with 6.1 that set their names against each other listed every group; and
 * a strict DMA domain against a lazy one is a difference though both are called "DMA".
 */
export function flushType(dom: Pick<DomainSnapshot, 'type' | 'lazy'>): string {
  return dom.type === 'DMA-FQ' || (dom.type === 'DMA' && dom.lazy) ? 'DMA (lazy)' : dom.type;
}

// Per state, its domains by id.
const byId = new WeakMap<StateSnapshot, Map<string, DomainSnapshot>>();
export function domainOf(state: StateSnapshot, id: string | null): DomainSnapshot | undefined {
  if (id === null) return undefined;
  let m = byId.get(state);
  if (!m) {
    m = new Map(state.domains.map((d) => [d.id, d]));
    byId.set(state, m);
  }
  return m.get(id);
}

// Per state, its groups by id.
const groupsById = new WeakMap<StateSnapshot, Map<number, GroupSnapshot>>();
function groupOf(state: StateSnapshot, id: number | null): GroupSnapshot | undefined {
  if (id === null) return undefined;
  let m = groupsById.get(state);
  if (!m) {
    m = new Map(state.groups.map((g) => [g.id, g]));
    groupsById.set(state, m);
  }
  return m.get(id);
}

/**
 * The domain a device's driver sees (§1.4) as a comparison names it: "the group's domain" when
 * it is, else that domain by its role ("none" without one).
 */
export function driverView(state: StateSnapshot, dev: DeviceSnapshot): string {
  if (dev.domain === (groupOf(state, dev.group)?.domain ?? null)) return "the group's domain";
  const dom = domainOf(state, dev.domain);
  return dev.domain === null ? 'none' : dom ? domainRole(state, dom) : dev.domain;
}

/** A group's type by what its default domain does (flushType). */
export function groupType(state: StateSnapshot, g: GroupSnapshot): string {
  const dom = domainOf(state, g.defaultDomain);
  return dom ? flushType(dom) : g.type;
}

export function partitionOf(state: StateSnapshot): Map<string, string> {
  const out = new Map<string, string>();
  for (const g of state.groups) {
    const key = [...g.devices].sort().join(' ');
    for (const d of g.devices) out.set(d, key);
  }
  return out;
}

export function groupOfDevice(state: StateSnapshot): Map<string, GroupSnapshot> {
  const out = new Map<string, GroupSnapshot>();
  for (const g of state.groups) for (const d of g.devices) out.set(d, g);
  return out;
}
