/**
 * The result format's view of a machine (scenario-format.md "Output"): groups, domains and
 * devices after a step, including what each device's DMA does now (kernel-model.md §1.5).
 */
import { compareBdf } from './bdf';
import type {
  DeviceSnapshot,
  DeviceState,
  DmaBehaviour,
  Domain,
  DomainSnapshot,
  GroupSnapshot,
  GroupState,
  Machine,
  StateSnapshot,
} from './types';

/** What the device's DMA does with its current context entry. */
export function dmaBehaviour(m: Machine, d: DeviceState): DmaBehaviour {
  if (!m.config?.enabled || d.noIommu) return 'physical';
  const hw = d.hw;
  switch (hw.kind) {
    case 'none':
      return m.booted ? 'faults' : 'physical';
    case 'cleared':
      return 'faults';
    case 'old-kernel':
      return 'old-kernel';
    case 'domain': {
      const dom = m.domains[hw.domain];
      if (!dom || dom.freed) return 'faults';
      // Still running the crashed kernel's DMA: its old IOVAs mean nothing in a new domain.
      if (d.inheritedDma) return 'faults';
      return domainDma(dom);
    }
  }
}

function domainDma(dom: Domain): DmaBehaviour {
  switch (dom.type) {
    case 'identity':
      return dom.softwareIdentity ? 'identity' : 'passthrough';
    case 'DMA':
    case 'DMA-FQ':
      return 'translated';
    case 'unmanaged':
      return dom.kind === 'blocking' ? 'blocked' : 'user';
    case 'blocked':
      return 'blocked';
  }
}

/** The sysfs `type` of a group: its default domain's type, `unknown` without one. */
export function groupType(m: Machine, g: GroupState): string {
  if (!g.defaultDomain) return 'unknown';
  const dom = m.domains[g.defaultDomain];
  if (!dom) return 'unknown';
  return dom.type;
}

function groupSnap(m: Machine, g: GroupState): GroupSnapshot {
  return {
    id: g.id,
    devices: [...g.devices],
    defaultDomain: g.defaultDomain,
    domain: g.domain,
    type: groupType(m, g),
    owner: g.owner,
    ...(m.kernel === 'v6.1' ? { ownerCnt: g.ownerCnt } : {}),
  };
}

// Unchanged devices keep their state object across steps; so does their snapshot.
const snapCache = new WeakMap<
  DeviceState,
  { dom: Domain | undefined; enabled: boolean; booted: boolean; snap: DeviceSnapshot }
>();

function deviceSnap(m: Machine, d: DeviceState): DeviceSnapshot {
  const dom = d.hw.kind === 'domain' ? m.domains[d.hw.domain] : undefined;
  const enabled = m.config?.enabled === true;
  const hit = snapCache.get(d);
  if (hit && hit.dom === dom && hit.enabled === enabled && hit.booted === m.booted) return hit.snap;
  const snap = freshDeviceSnap(m, d);
  snapCache.set(d, { dom, enabled, booted: m.booted, snap });
  return snap;
}

function freshDeviceSnap(m: Machine, d: DeviceState): DeviceSnapshot {
  return {
    bdf: d.bdf,
    group: d.group,
    domain: d.driverDomain,
    attach: d.hw.kind === 'domain' ? 'attached' : d.deferred ? 'deferred' : 'none',
    driver: d.driver?.name ?? null,
    dma: dmaBehaviour(m, d),
    dmaMask: d.driver ? d.driver.dmaMask : null,
    dmaOps: d.dmaOps,
  };
}

/** The machine as the result format shows it after a step. */
export function snapshot(m: Machine): StateSnapshot {
  const devices = Object.values(m.devices).sort((a, b) => compareBdf(a.bdf, b.bdf));
  const byDomain: Record<string, string[]> = {};
  for (const d of devices) {
    if (d.hw.kind !== 'domain') continue;
    const list = byDomain[d.hw.domain];
    if (list) list.push(d.bdf);
    else byDomain[d.hw.domain] = [d.bdf];
  }
  const domains: DomainSnapshot[] = Object.values(m.domains)
    .sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)))
    .map((dom) => ({
      id: dom.id,
      type: dom.type,
      kind: dom.kind,
      ...(dom.name ? { name: dom.name } : {}),
      ...(dom.kind === 'private' ? { private: true } : {}),
      ...(dom.lazy ? { lazy: true } : {}),
      freed: dom.freed,
      devices: byDomain[dom.id] ?? [],
    }));
  return {
    groups: Object.values(m.groups)
      .sort((a, b) => a.id - b.id)
      .map((g) => groupSnap(m, g)),
    domains,
    devices: devices.map((d) => deviceSnap(m, d)),
  };
}
