/**
 * Policy C, Lu Baolu's series as merged (5.3.1; 5.7.14 with the §7.C.8 changes): the core picks
 * each new group's default type, then intel_iommu_add_device() tweaks it per device with
 * iommu_request_dm_for_dev / iommu_request_dma_domain_for_dev, falling back to private domains.
 */
import { fullBdf } from '../bdf';
import { allocDefaultDomain, attachDevice, initSiDomain, underIommu } from '../domains';
import { attachAtAdd, findOrCreateGroup, joinGroup } from '../groupops';
import { deviceNeed, dmaMaskBits, maskReachesRam } from '../identity';
import type { Tx } from '../tx';
import { has } from '../versions';
import { cutHereBefore, warnOnLine } from '../warn';
import { dmarRemoveOneDevInfo, getPrivateDomain, leakIfOrphaned, requestDefaultDomain } from './c-request';
import { type Answer, attachOrDefer, finalizeDmaOps, OK, type PolicyImpl, refuse } from './policy';

function boot(tx: Tx, order: string[]): void {
  initSiDomain(tx);
  for (const bdf of order) addDevice(tx, bdf);
}

/** intel_iommu_add_device(): group, default domain of a new group, attach, then the per-device tweak. */
function addDevice(tx: Tx, bdf: string): void {
  const k = tx.m.kernel;
  const cfg = tx.m.config!;
  const d = tx.dev(bdf);
  if (!underIommu(tx, bdf)) return;
  if (d.spec.type === 'acpi' && !has.acpiGroups(k)) {
    // probe_acpi_namespace_devices stops at the first device that fails: only it WARNs.
    const first = tx.topology().order.find((b) => tx.topology().devices[b]?.type === 'acpi') === bdf;
    if (first) {
      const warning = {
        kind: 'group',
        fn: 'pci_device_group',
        device: bdf,
        level: 'warn',
        message: warnOnLine('drivers/iommu/iommu.c', 'pci_device_group'),
        why: '5.3 gives every device pci_device_group, whose WARN_ON(!dev_is_pci(dev)) fires and fails for an ACPI-namespace device: it gets no group, and probe_acpi_namespace_devices gives up on the ACPI devices after it. The CPU, task, source line and code offsets of the WARNING line are not known to the sandbox ("…").',
        prefix: 'kernel',
      } as const;
      tx.emit(cutHereBefore(warning));
      tx.emit(warning);
      tx.emit({
        kind: 'group',
        fn: 'intel_iommu_init',
        level: 'warn',
        message: "ACPI name space devices didn't probe correctly",
        why: 'probe_acpi_namespace_devices returned the error of the first ACPI device it could not probe.',
        prefix: 'DMAR',
      });
    }
    return;
  }
  if (cfg.copiedTables && tx.m.fixes['defer-attach-in-kdump']) tx.mdev(bdf).deferred = true;
  const { id, created, why, fn: whyFn } = findOrCreateGroup(tx, bdf);
  if (created) {
    const typeWhy = `a new group gets the core default type: ${cfg.reasons.defaultType ?? cfg.defaultType}`;
    const dom = allocDefaultDomain(
      tx,
      id,
      cfg.defaultType,
      'iommu_group_get_for_dev',
      `Group ${id} is new: ${typeWhy}.`,
      [bdf],
    );
    const g = tx.mgrp(id);
    g.defaultDomain = dom;
    g.domain = dom;
    g.typeWhy = typeWhy;
    g.typeWhyFn = 'iommu_group_get_for_dev';
  }
  const attach = (domain: string) =>
    attachOrDefer(
      tx,
      bdf,
      domain,
      'iommu_group_add_device',
      `iommu_group_add_device attaches the device to group ${id}'s domain.`,
    );
  const joined = joinGroup(tx, bdf, id, why, whyFn, () => {
    // A deferred attach never reaches the driver's attach_dev (intel_iommu_is_attach_deferred).
    if (tx.dev(bdf).deferred) attach(tx.grp(id).domain!);
    else if (attachAtAdd(tx, bdf, id, attach) !== 0) return -1;
    return 0;
  });
  if (!joined) return;
  tweak(tx, bdf, id);
  if (tx.dev(bdf).untrusted && has.untrustedBounce(tx.m.kernel))
    tx.devEvent(
      'dma',
      'intel_iommu_add_device',
      bdf,
      'Use Intel IOMMU bounce page dma_ops',
      'It sits below an external-facing port: its DMA goes through bounce buffers, so it never sees the rest of a page it maps.',
      { prefix: 'DMAR' },
    );
  finalizeDmaOps(tx, bdf, 'intel');
}

/** The second half of intel_iommu_add_device(): ask for the type the device needs. */
function tweak(tx: Tx, bdf: string, id: number): void {
  const need = deviceNeed(tx, bdf);
  const g = tx.grp(id);
  const current = tx.dom(g.domain!);
  const si = tx.m.siDomain!;
  if (current.type === 'DMA' && need.type === 'identity') {
    const r = requestDefaultDomain(tx, bdf, 'identity', 'iommu_request_dm_for_dev', need.why);
    if (r.ok) return;
    dmarRemoveOneDevInfo(tx, bdf, 'The group keeps its DMA domain; this device alone leaves it.');
    tx.mdom(g.domain!).loseChildren = true;
    attachDevice(
      tx,
      bdf,
      si,
      'domain_add_dev_info',
      `It needs identity (${need.why}) but cannot change a shared group, so the driver attaches it to si_domain privately.`,
    );
    tx.devEvent(
      'domain',
      'intel_iommu_add_device',
      bdf,
      'Device uses a private identity domain.',
      `iommu_request_dm_for_dev failed (${r.error}); the driver's fallback puts this one device in si_domain and flags group ${id}'s domain LOSE_CHILDREN.`,
      { prefix: 'DMAR' },
    );
  } else if (current.type !== 'DMA' && need.type === 'DMA') {
    const r = requestDefaultDomain(tx, bdf, 'DMA', 'iommu_request_dma_domain_for_dev', need.why);
    if (r.ok) return;
    dmarRemoveOneDevInfo(tx, bdf, 'The group keeps its identity domain; this device alone leaves it.');
    tx.mdom(g.domain!).loseChildren = true;
    getPrivateDomain(tx, bdf);
    tx.devEvent(
      'domain',
      'intel_iommu_add_device',
      bdf,
      'Device uses a private dma domain.',
      `iommu_request_dma_domain_for_dev failed (${r.error}); the driver gives this device a DMA domain of its own.`,
      { prefix: 'DMAR' },
    );
  }
}

/** iommu_need_mapping(): the first DMA API call re-decides identity and performs a deferred attach. */
function dmaCall(tx: Tx, bdf: string): Answer {
  const d = tx.dev(bdf);
  if (!underIommu(tx, bdf) || d.group === null) return OK;
  // bounce_dma_ops (5.7, untrusted) stay the device's ops whatever its first map finds. Their map
  // never asks iommu_need_mapping, so the order of its identity check does not concern them.
  const bounce = d.dmaOps === 'intel-bounce';
  if (d.deferred) {
    if (!tx.m.fixes['deferred-attach-first'] && !bounce) {
      if (!has.identityCheckSkipsDeferMarker(tx.m.kernel)) return identityMappingOops(tx, bdf);
      return mapBeforeDeferredAttach(tx, bdf);
    }
    const g = tx.grp(d.group);
    // The attach-first order: 5.7's do_deferred_attach helper (a11bfde9c77d, v5.6-rc2), on 5.3 the
    // same attach done inline at the top of iommu_need_mapping (5.3 has no helper of that name).
    attachDevice(
      tx,
      bdf,
      g.domain!,
      tx.m.kernel === 'v5.3' ? 'iommu_need_mapping' : 'do_deferred_attach',
      "The driver's first DMA API call performs the deferred attach: the group's domain replaces the copied context.",
    );
  }
  const si = tx.m.siDomain;
  if (tx.dev(bdf).driverDomain === si && si) {
    // intel_map_page hands an identity-mapped device's buffer on to dma-direct: its ops stay intel_dma_ops.
    if (maskReachesRam(tx, bdf)) {
      if (!bounce) tx.mdev(bdf).dmaOps = 'intel';
      return OK;
    }
    leaveSiFor32bit(tx, bdf);
  }
  // __intel_map_single returns DMA_MAPPING_ERROR, no errno; the answer's errno is the driver's.
  if (!tx.dev(bdf).driverDomain)
    return refuse(
      `-ENOMEM (the driver's): ${fullBdf(bdf)} has no domain, so __intel_map_single returns DMA_MAPPING_ERROR, which has no errno; a typical driver turns a true dma_mapping_error() (or a NULL allocation) into -ENOMEM`,
      '__intel_map_single',
    );
  if (!bounce) tx.mdev(bdf).dmaOps = 'intel';
  return OK;
}

/**
 * 5.3.1: iommu_need_mapping() asks identity_mapping() first, which reads info->domain through the
 * DEFER_DEVICE_DOMAIN_INFO marker (-2).
 */
function identityMappingOops(tx: Tx, bdf: string): Answer {
  tx.emit({
    kind: 'kdump',
    fn: 'identity_mapping',
    device: bdf,
    level: 'err',
    prefix: 'kernel',
    message: 'BUG: kernel NULL pointer dereference, address: 0000000000000056',
    why: "5.3.1's iommu_need_mapping() calls identity_mapping() (inlined: the reported oops's RIP is iommu_need_mapping+0x29) before the deferred attach, and it reads info->domain through the DEFER_DEVICE_DOMAIN_INFO marker (-2): offset 0x58 of the struct, address 0x56. 160c63f909ff (v5.4-rc5, 5.3.y) makes it skip the marker; a11bfde9c77d (v5.6-rc2, 5.5.y) moves the deferred attach before the check.",
  });
  tx.fault({
    kind: 'kernel-crash',
    fn: 'identity_mapping',
    device: bdf,
    message: `oops in identity_mapping() on ${fullBdf(bdf)}'s first DMA map: the DEFER marker was read as a pointer`,
  });
  tx.m.panicked = true;
  return refuse(
    '-EFAULT: kernel oops in identity_mapping() (the DEFER marker read as a pointer)',
    'identity_mapping',
  );
}

/**
 * 5.5 and 5.6-rc1 (5.7 with the switch off): identity_mapping() skips the DEFER marker and answers
 * "not identity", so the first map goes to __intel_map_single, whose deferred_attach_domain()
 * attaches the group's domain only then. A DMA domain is what the device needed; si_domain is no
 * DMA domain, and the map carries on into its IOVA allocator and page table (a11bfde9c77d).
 */
function mapBeforeDeferredAttach(tx: Tx, bdf: string): Answer {
  const domain = tx.grp(tx.dev(bdf).group!).domain!;
  const dom = tx.dom(domain);
  const name = dom.name ?? domain;
  attachDevice(
    tx,
    bdf,
    domain,
    'deferred_attach_domain',
    `identity_mapping() skipped the DEFER marker and answered "not identity", so iommu_need_mapping() sent this first map to __intel_map_single, whose deferred_attach_domain() attaches the group's domain only now${dom.type === 'identity' ? '' : ': a DMA domain, what the device needed anyway'}.`,
  );
  tx.mdev(bdf).dmaOps = 'intel';
  if (dom.type !== 'identity') return OK;
  const warning = {
    kind: 'kdump',
    fn: 'domain_get_iommu',
    device: bdf,
    domain,
    level: 'warn',
    prefix: 'kernel',
    message: warnOnLine('drivers/iommu/intel-iommu.c', 'domain_get_iommu'),
    why: `__intel_map_single asks domain_get_iommu() for ${name}'s VT-d unit, but ${name} is not an IOMMU_DOMAIN_DMA domain: WARN_ON fires and it returns NULL (a11bfde9c77d quotes the report's line: "WARNING: CPU: 0 PID: 318 at ../drivers/iommu/intel-iommu.c:592 domain_get_iommu+0x61/0x70"). The map goes on: an IOVA from ${name}'s allocator, written into ${name}'s page table (a map for DMA_FROM_DEVICE would go on to read cap_zlr() through that NULL).`,
  } as const;
  tx.emit(cutHereBefore(warning));
  tx.emit(warning);
  const viaIova = { ok: true, iovaInIdentity: true } as const;
  if (dom.softwareIdentity) return viaIova;
  tx.fault({
    kind: 'dma-fault',
    // A pass-through context entry is never walked (CONTEXT_TT_PASS_THROUGH): no DMAR fault.
    dma: 'misdirected',
    fn: '__intel_map_single',
    device: bdf,
    domain,
    message: `${bdf}'s driver was given an IOVA for its buffer, but its context entry is hardware pass-through: the device's DMA to that address reaches the physical page of the same number, not the buffer (memory corruption; the failed kdump boot a11bfde9c77d reports)`,
    inferred: true,
  });
  return viaIova;
}

function leaveSiFor32bit(tx: Tx, bdf: string): void {
  dmarRemoveOneDevInfo(tx, bdf, 'A device that cannot reach all of RAM must not stay identity-mapped.');
  const r = requestDefaultDomain(
    tx,
    bdf,
    'DMA',
    'iommu_request_dma_domain_for_dev',
    'its DMA mask is too small for RAM',
  );
  if (!r.ok) {
    const g = tx.grp(tx.dev(bdf).group!);
    if (g.domain) tx.mdom(g.domain).loseChildren = true;
    getPrivateDomain(tx, bdf);
  }
  tx.devEvent(
    'dma',
    'iommu_need_mapping',
    bdf,
    '32bit DMA uses non-identity mapping',
    `Its driver set a ${dmaMaskBits(tx, bdf)}-bit DMA mask and RAM reaches above 4 GiB, so identity mapping cannot serve it; ${r.ok ? 'the group gets a DMA default domain' : 'the group is shared, so it gets a private DMA domain'}.`,
    { prefix: 'DMAR' },
  );
}

/** intel_iommu_remove_device → dmar_remove_one_dev_info. */
function releaseDevice(tx: Tx, bdf: string): void {
  const prev = tx.dev(bdf).driverDomain;
  dmarRemoveOneDevInfo(tx, bdf, 'The device is going away.');
  if (prev) leakIfOrphaned(tx, prev);
}

export const policyC: PolicyImpl = { boot, probeDevice: addDevice, releaseDevice, dmaCall };
