/**
 * Domain lifetime and device attachment: intel_iommu_domain_alloc / _free, domain_exit,
 * domain_context_mapping. Misuse (a freed domain used or freed again, a busy domain freed)
 * is recorded as a fault, never thrown.
 */
import { doesDma } from './devclass';
import { domainContext } from './device';
import { faultReasonText, reportDmarFault } from './dmarFault';
import type { Tx } from './tx';
import type { Domain, DomainKind, DomainType } from './types';
import { has } from './versions';
import { cutHereBefore, warnOnLine } from './warn';

export interface AllocOpts {
  name?: string;
  why: string;
  /** Silent: no log line, only the sandbox's explanation. */
  quiet?: boolean;
  /** The group it is allocated for (a default domain), named in its event. */
  group?: number;
  /** The devices it is for (a group's, or the one a private domain is made for). */
  users?: readonly string[];
}

/** Allocate a new domain (d1, d2, … in allocation order). */
export function allocDomain(tx: Tx, type: DomainType, kind: DomainKind, fn: string, opts: AllocOpts): string {
  const m = tx.m;
  m.domainSeq += 1;
  const id = `d${m.domainSeq}`;
  const cfg = m.config;
  const translated = type === 'DMA' || type === 'DMA-FQ';
  // 5.11 decides with the domain's first trusted device's DMA ops (policy.ts, askFlushQueue).
  // Before 5.11, intel_unmap() flushes at once for an untrusted device whatever the domain's flush
  // queue: a domain only untrusted devices use is strict in effect (it reads so).
  const lazy =
    translated &&
    type === 'DMA' &&
    !has.dmaFqType(m.kernel) &&
    !has.fqWithDmaOps(m.kernel) &&
    cfg !== null &&
    !cfg.strict &&
    !(opts.users?.length && opts.users.every((b) => tx.m.devices[b]?.untrusted));
  // The keys of the literal with `...(opts.name ? { name } : {})` and `...(lazy ? { lazy } : {})`.
  const dom: Domain = { id, type, kind, freed: false, allocatedAt: m.step, allocatedBy: fn };
  if (opts.name) dom.name = opts.name;
  if (lazy) dom.lazy = true;
  tx.putDomain(dom);
  note(
    tx,
    fn,
    id,
    opts.group,
    `allocated ${opts.name ?? `${kind === type ? kind : `${kind} ${type}`} domain`} ${id}`,
    opts.why,
  );
  return id;
}

/** The sandbox's note of what happened to a domain (a log line only with --explain or on the page). */
function note(
  tx: Tx,
  fn: string,
  domain: string,
  group: number | undefined,
  message: string,
  why: string,
): void {
  if (!tx.skipsSilent())
    tx.emit({ kind: 'domain', fn, domain, group, message, why, prefix: 'sandbox', silent: true });
}

/** si_domain_init(): the one static identity domain. */
export function initSiDomain(tx: Tx): string {
  const hw = tx.m.config?.hwPassThrough ?? true;
  const id = allocDomain(tx, 'identity', 'si_domain', 'si_domain_init', {
    name: 'si_domain',
    why: hw
      ? 'The Intel driver creates one static identity domain; with hardware pass-through its context entries say "pass-through" and it has no page tables.'
      : 'No pass-through support on a VT-d unit: si_domain gets 1:1 page tables for every RAM range.',
  });
  if (!hw) tx.mdom(id).softwareIdentity = true;
  tx.m.siDomain = id;
  return id;
}

/**
 * intel_iommu_domain_alloc(): IDENTITY returns the shared si_domain (5.3+), anything else a new
 * domain. Handing out a freed si_domain is the use-after-free of the review.
 */
export function allocDefaultDomain(
  tx: Tx,
  group: number,
  type: DomainType,
  fn: string,
  why: string,
  // Its devices, when the group has none yet (5.3's new group, before its first device joins).
  users: readonly string[] = tx.grp(group).devices,
): string {
  if (type === 'identity') {
    const si = tx.m.siDomain ?? initSiDomain(tx);
    // intel_iommu_domain_alloc(IOMMU_DOMAIN_IDENTITY) hands out the one si_domain: nothing is
    // allocated, but the group's type was chosen here, and a review names where.
    note(tx, fn, si, group, `si_domain is group ${group}'s default`, why);
    if (tx.dom(si).freed)
      tx.fault({
        kind: 'use-after-free',
        fn: 'intel_iommu_domain_alloc',
        domain: si,
        message: `intel_iommu_domain_alloc(IOMMU_DOMAIN_IDENTITY) returned si_domain (${si}), which was freed at step ${tx.dom(si).freedAt}`,
        inferred: true,
      });
    return si;
  }
  return allocDomain(tx, type, 'default', fn, { why, group, users });
}

/** The BDFs whose hardware context points at this domain now. */
export function devicesIn(tx: Tx, domain: string): string[] {
  // Usually asked of a domain about to be freed, which no device uses: answered from a count.
  if (!tx.hasHwUsers(domain)) return [];
  const out: string[] = [];
  for (const d of Object.values(tx.m.devices))
    if (d.hw.kind === 'domain' && d.hw.domain === domain) out.push(d.bdf);
  return out;
}

/** The device is doing DMA right now (a driver mapped buffers, or the crashed kernel's rings still run). */
export function isDoingDma(tx: Tx, bdf: string): boolean {
  const d = tx.dev(bdf);
  return d.inheritedDma || (d.dmaStarted && d.driver !== null && doesDma(d.spec));
}

/**
 * domain_context_mapping / dmar_insert_one_dev_info: point the device's context entry at `domain`
 * and make it the driver's view.
 */
export function attachDevice(tx: Tx, bdf: string, domain: string, fn: string, why: string): void {
  const dom = tx.dom(domain);
  const d = tx.setHw(bdf, domainContext(domain));
  d.driverDomain = domain;
  d.deferred = false;
  // The kernel prints nothing when it attaches: a sandbox note.
  if (!tx.skipsSilent())
    tx.emit({
      kind: 'attach',
      fn,
      device: bdf,
      domain,
      message: `attached to ${dom.name ?? domain}`,
      why,
      prefix: 'sandbox',
      silent: true,
    });
  if (dom.freed)
    tx.fault({
      kind: 'use-after-free',
      fn,
      device: bdf,
      domain,
      message: `${bdf} attached to ${dom.name ?? domain}, which was freed at step ${dom.freedAt}`,
      inferred: true,
    });
  // DMA to physical addresses keeps working in a 1:1 domain; anything else breaks it.
  if (d.inheritedDma && !(d.inheritedOneToOne && dom.type === 'identity'))
    inheritedDmaFault(tx, bdf, domain, dom.type === 'identity', d.inheritedOneToOne);
}

function inheritedDmaFault(tx: Tx, bdf: string, domain: string, identity: boolean, oneToOne: boolean): void {
  // Identity mapping translates the old addresses (to the wrong memory): nothing to report. A DMA
  // domain has no entry for them: the rings the old driver set up are written, and refused.
  if (!identity) reportDmarFault(tx, bdf, 'Write', 5);
  tx.fault({
    kind: 'dma-fault',
    dma: identity ? 'misdirected' : 'blocked',
    fn: identity ? 'domain_context_mapping' : 'dmar_fault',
    device: bdf,
    domain,
    message: identity
      ? `${bdf} still DMAs to the crashed kernel's IOVAs, which identity mapping now sends to those physical addresses: memory corruption`
      : `${bdf} still DMAs to the crashed kernel's ${oneToOne ? '1:1 addresses' : 'IOVAs'}, which ${domain} does not map: the IOMMU blocks them (${faultReasonText(5)})`,
    inferred: true,
  });
}

/** dmar_remove_one_dev_info: clear the context entry; the driver forgets the domain. */
export function detachDevice(tx: Tx, bdf: string, fn: string, why: string): void {
  const cur = tx.dev(bdf).hw;
  const was = cur.kind === 'domain' ? cur.domain : undefined;
  const d = tx.setHw(bdf, tx.m.config?.enabled ? { kind: 'cleared' } : { kind: 'none' });
  d.driverDomain = null;
  tx.emit({
    kind: 'attach',
    fn,
    device: bdf,
    ...(was ? { domain: was } : {}),
    message: was ? `detached from ${tx.dom(was).name ?? was}` : 'context entry cleared',
    why,
    prefix: 'sandbox',
    silent: true,
  });
}

/**
 * iommu_domain_free → intel_iommu_domain_free → domain_exit. The si guard skips si_domain;
 * before 6.1 domain_exit detaches every device still in the domain first.
 */
export function freeDomain(tx: Tx, domain: string, fn: string, why: string): void {
  const dom = tx.dom(domain);
  const m = tx.m;
  if (dom.kind === 'si_domain' && m.fixes['si-domain-free-guard']) {
    tx.emit({
      kind: 'domain',
      fn: 'intel_iommu_domain_free',
      domain,
      message: 'si_domain is static: not freed',
      why: 'The fix of the review: intel_iommu_domain_free() returns early for si_domain, which other groups still use.',
      prefix: 'sandbox',
      silent: true,
    });
    return;
  }
  if (dom.freed) {
    tx.fault({
      kind: 'double-free',
      fn: 'domain_exit',
      domain,
      message: `${dom.name ?? domain} freed again (first freed at step ${dom.freedAt}) by ${fn}`,
      inferred: dom.kind === 'si_domain',
    });
    return;
  }
  const busy = devicesIn(tx, domain);
  if (busy.length > 0 && has.domainExitKeepsBusy(m.kernel)) {
    const warning = {
      kind: 'domain',
      fn: 'domain_exit',
      domain,
      level: 'warn',
      prefix: 'kernel',
      message: warnOnLine('drivers/iommu/intel/iommu.c', 'domain_exit'),
      why: `6.1's domain_exit frees ${dom.name ?? domain}'s page tables, then WARN_ON(!list_empty(&domain->devices)) finds ${busy.length} device(s) still listed in it and returns without freeing the structure, which leaks. The CPU, task, source line and code offsets of the WARNING line are not known to the sandbox ("…").`,
    } as const;
    tx.emit(cutHereBefore(warning));
    tx.emit(warning);
    tx.fault({
      kind: 'leak',
      fn: 'domain_exit',
      domain,
      message: `${dom.name ?? domain} can never be freed again`,
    });
    return;
  }
  for (const bdf of busy) {
    const doing = isDoingDma(tx, bdf);
    detachDevice(
      tx,
      bdf,
      'domain_remove_dev_info',
      `domain_exit() detaches every device still in ${domain}.`,
    );
    if (doing) {
      reportDmarFault(tx, bdf, tx.dev(bdf).inheritedDma ? 'Write' : 'Read', 2);
      tx.fault({
        kind: 'dma-fault',
        dma: 'blocked',
        fn: 'domain_exit',
        device: bdf,
        domain,
        message: `${bdf} lost its context entry when ${dom.name ?? domain} was freed; its DMA now faults (${faultReasonText(2)})`,
        inferred: true,
      });
    }
  }
  const d = tx.mdom(domain);
  d.freed = true;
  d.freedAt = m.step;
  tx.emit({
    kind: 'domain',
    fn,
    domain,
    message: `freed ${dom.name ?? domain}`,
    why,
    prefix: 'sandbox',
    silent: true,
  });
  if (dom.kind === 'si_domain') {
    const users = Object.values(m.groups).filter((g) => g.defaultDomain === domain || g.domain === domain);
    // Nothing has read the freed memory yet: the fault is the dangling pointers, which the next
    // identity allocation (or release) dereferences (kernel-examples E7 steps 3 and 4).
    tx.fault(
      {
        kind: 'use-after-free',
        fn: 'intel_iommu_domain_free',
        domain,
        message: `si_domain freed while ${users.length === 0 ? 'the static si_domain pointer' : `group${users.length > 1 ? 's' : ''} ${users.map((g) => g.id).join(', ')} and the static si_domain pointer`} still point at it: their next use reads freed memory`,
        inferred: true,
      },
      'Freed while still in use: every pointer left to it dangles, so the next identity allocation hands out this memory again and the next group release frees it twice. On a real machine whatever is allocated there meanwhile gets corrupted.',
    );
  }
}

/** The policy-independent question "is translation possible for this device at all?". */
export function underIommu(tx: Tx, bdf: string): boolean {
  return tx.m.config?.enabled === true && !tx.dev(bdf).noIommu;
}
