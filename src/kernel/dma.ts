/**
 * What a device's DMA does now and what a group's sysfs `type` reads (kernel-model.md §1.5): the
 * two facts the page draws for every node, kept apart from the result format so the page's first
 * view needs nothing else of the core.
 */
import { isBridge } from './deviceTypes';
import type { DeviceSpec, DeviceState, DmaBehaviour, Domain, GroupState, Machine } from './types';

/**
 * Functions that can master the bus at all. A host bridge is the CPU's end of the bus; a PCI
 * bridge or PCIe port forwards the DMA of the devices below it (under their requester ID, or its
 * own when it aliases them) but starts none; an SMBus controller (class 0c05) is driven through
 * registers alone (classes as the scenario parser leaves them, in lower case). Here, not in
 * devclass.ts, so that the page's first view needs nothing more.
 */
export const mastersDma = (d: DeviceSpec) =>
  d.type !== 'host-bridge' && !isBridge(d) && !/^0(60[04]|c05)/.test(`${d.class}`);

/** What the device's DMA does with its current context entry: `none` if it never masters the bus. */
export function dmaBehaviour(m: Machine, d: DeviceState): DmaBehaviour {
  return mastersDma(d.spec) ? dmaPath(m, d) : 'none';
}

/**
 * What DMA from the device would do through its current context entry, whether or not it ever
 * does any: the result format's `dma`, whose values the scenario format fixes.
 */
export function dmaPath(m: Machine, d: DeviceState): Exclude<DmaBehaviour, 'none'> {
  if (!m.config?.enabled || d.noIommu) return 'physical';
  const hw = d.hw;
  switch (hw.kind) {
    case 'none':
      return m.booted ? 'faults' : 'physical';
    case 'cleared':
      return 'faults';
    case 'old-kernel':
      // This kernel's driver mapped with dma-direct (kdump-identity): physical addresses, which
      // the crashed kernel's tables only map if they were 1:1.
      return d.dmaStarted && !d.inheritedOneToOne ? 'faults' : 'old-kernel';
    case 'domain': {
      const dom = m.domains[hw.domain];
      if (!dom) return 'faults';
      // A freed si_domain under hardware pass-through has no page tables: a context entry written
      // from it (a device attached after the free) still says pass-through, and DMA goes through
      // untranslated; the harm is to the freed memory. Any other freed domain's page tables went
      // with it (domain_exit): DMA walks freed memory.
      if (dom.freed) return dom.type === 'identity' && !dom.softwareIdentity ? 'passthrough' : 'faults';
      // Still running the crashed kernel's DMA: its old IOVAs mean nothing in a new DMA domain,
      // which refuses them. An identity domain refuses nothing: they go through (untranslated, or
      // 1:1) to whatever memory has those numbers, which the misdirected DMA fault records.
      if (d.inheritedDma && dom.type !== 'identity') return 'faults';
      return domainDma(dom);
    }
  }
}

function domainDma(dom: Domain): Exclude<DmaBehaviour, 'none'> {
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
