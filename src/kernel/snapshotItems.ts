/**
 * One group, domain or device as the result format shows it (snapshot.ts lists them). Each is
 * made when its group, device or domain changed; the others are carried over from the previous
 * step's snapshot, keeping their identity.
 */
import { dmaPath, groupType, mastersDma } from './dma';
import type {
  DeviceSnapshot,
  DeviceState,
  Domain,
  DomainSnapshot,
  GroupSnapshot,
  GroupState,
  Machine,
} from './types';

// Whole literals rather than fields added afterwards: a boot makes tens of thousands of these,
// and a field added to an object already made costs a larger copy of it.
export function groupSnap(m: Machine, g: GroupState): GroupSnapshot {
  // Shared, not copied: a group's list never changes once its step is over (a step that changes
  // the group copies it first), and snapshots hand lists out read-only.
  const devices = g.devices;
  const type = groupType(m, g);
  if (m.kernel === 'v6.1')
    return {
      id: g.id,
      devices,
      defaultDomain: g.defaultDomain,
      domain: g.domain,
      type,
      owner: g.owner,
      ownerCnt: g.ownerCnt,
      // Undefined rather than absent: one shape for every 6.1 group, and JSON leaves it out.
      blockingDomain: g.blockingDomain ?? undefined,
    };
  return { id: g.id, devices, defaultDomain: g.defaultDomain, domain: g.domain, type, owner: g.owner };
}

export function deviceSnap(m: Machine, d: DeviceState): DeviceSnapshot {
  return {
    bdf: d.bdf,
    group: d.group,
    domain: d.driverDomain,
    attach: d.hw.kind === 'domain' ? 'attached' : d.deferred ? 'deferred' : 'none',
    driver: d.driver?.name ?? null,
    dma: dmaPath(m, d),
    // Undefined rather than absent: one shape for every device, and JSON leaves it out.
    busMaster: mastersDma(d.spec) ? undefined : false,
    dmaMask: d.driver ? d.driver.dmaMask : null,
    dmaOps: d.dmaOps,
  };
}

export const NO_DEVICES: readonly string[] = [];

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// The list is shared: the lists below are never changed once a snapshot is built (a patch makes
// new ones), and snapshots hand them out read-only.
export function domainSnap(dom: Domain, devices: readonly string[]): DomainSnapshot {
  // `private` always, as the format lists it; `name` and the sandbox's `lazy` only when set.
  if (!dom.name && !dom.lazy)
    return {
      id: dom.id,
      type: dom.type,
      kind: dom.kind,
      private: dom.kind === 'private',
      freed: dom.freed,
      devices,
    };
  // Keys in the order of { id, type, kind, ...name, private, ...lazy, freed, devices }.
  const snap = { id: dom.id, type: dom.type, kind: dom.kind } as DomainSnapshot;
  if (dom.name) snap.name = dom.name;
  snap.private = dom.kind === 'private';
  if (dom.lazy) snap.lazy = true;
  snap.freed = dom.freed;
  snap.devices = devices;
  return snap;
}
