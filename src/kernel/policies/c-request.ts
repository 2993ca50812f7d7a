/**
 * Policy C's ways of changing a device's domain after the fact: request_default_domain_for_dev
 * (behind iommu_request_dm_for_dev / iommu_request_dma_domain_for_dev), the driver-private
 * fallback, and dmar_remove_one_dev_info, whose LOSE_CHILDREN free deadlocks (kernel-model.md §6, §7.C.7).
 */

import { fullBdf } from '../bdf';
import {
  allocDefaultDomain,
  allocDomain,
  attachDevice,
  detachDevice,
  devicesIn,
  freeDomain,
} from '../domains';
import { dmaRequesterId } from '../groups';
import { stopKernel } from '../stop';
import type { Tx } from '../tx';
import { has } from '../versions';
import { type Answer, attachOrDefer, OK, refuse } from './policy';

/** request_default_domain_for_dev(dev, type) as 5.3/5.7 have it. */
export function requestDefaultDomain(
  tx: Tx,
  bdf: string,
  type: 'identity' | 'DMA',
  fn: string,
  needWhy: string,
): Answer {
  const d = tx.dev(bdf);
  if (d.group === null)
    return refuse('-EINVAL: the device has no iommu group', 'request_default_domain_for_dev');
  const g = tx.grp(d.group);
  const cur = g.defaultDomain ? tx.dom(g.defaultDomain) : null;
  if (cur && (type === 'identity' ? cur.type === 'identity' : cur.type === 'DMA')) return OK;
  if (g.devices.length !== 1) {
    tx.emit({
      kind: 'domain',
      fn: 'request_default_domain_for_dev',
      device: bdf,
      group: g.id,
      message: `${fn}: -EBUSY (group ${g.id} has ${g.devices.length} devices)`,
      why: "The core refuses to change the mappings of a group's other devices: only a group with one device can switch its default domain.",
      prefix: 'sandbox',
      silent: true,
    });
    return refuse(
      `-EBUSY: group ${g.id} has ${g.devices.length} devices; request_default_domain_for_dev only changes a single-device group`,
      'request_default_domain_for_dev',
    );
  }
  const fresh = allocDefaultDomain(
    tx,
    g.id,
    type,
    'request_default_domain_for_dev',
    `${bdf} asks for a ${type} domain: ${needWhy}.`,
  );
  if (g.domain !== g.defaultDomain) {
    freeDomain(tx, fresh, 'iommu_domain_free', 'The new domain could not be attached and is freed again.');
    // __iommu_attach_group's own check: a group out of its default domain takes no other.
    return refuse(
      `-EBUSY: group ${g.id} is attached to ${g.domain}, not to its default domain`,
      '__iommu_attach_group',
    );
  }
  const why = `Group ${g.id} moves to its new default domain.`;
  for (const member of g.devices)
    if (has.attachChecksDeferred(tx.m.kernel)) attachOrDefer(tx, member, fresh, '__iommu_attach_group', why);
    else attachDevice(tx, member, fresh, '__iommu_attach_group', why);
  const old = g.defaultDomain;
  // iommu_group_create_direct_mappings() reads group->default_domain, still the old one here.
  const rmrrLost = type === 'DMA' && d.spec.rmrr === true && has.rmrrMappedInOldDefault(tx.m.kernel);
  const mg = tx.mgrp(g.id);
  mg.defaultDomain = fresh;
  mg.domain = fresh;
  mg.typeWhy = `${bdf} asked for it (${fn}): ${needWhy}`;
  mg.typeWhyFn = 'request_default_domain_for_dev';
  if (old)
    freeDomain(
      tx,
      old,
      'iommu_domain_free',
      `request_default_domain_for_dev frees group ${g.id}'s previous default domain.`,
    );
  tx.devEvent(
    'domain',
    'request_default_domain_for_dev',
    bdf,
    `Using iommu ${type === 'DMA' ? 'dma' : 'direct'} mapping`,
    `${bdf} is alone in group ${g.id}, so its request replaces the group's default domain: ${needWhy}.`,
  );
  if (rmrrLost)
    tx.fault({
      kind: 'dma-fault',
      // The RMRR range has no entry in the DMA domain: the firmware's DMA to it is refused and
      // logged (d360211524be's pull: "mapping errors resulting in IO page-faults").
      dma: 'blocked',
      fn: 'iommu_group_create_direct_mappings',
      device: bdf,
      domain: fresh,
      group: g.id,
      message: `${bdf}'s RMRR should be mapped 1:1 in its new default domain ${fresh}, but 5.3 creates the direct mappings before it makes ${fresh} the default, so they are asked of the old one${old ? `, ${tx.dom(old).name ?? old},` : ''} an identity domain that needs none: ${fresh} lacks them, and the firmware's DMA to the RMRR region faults (fixed in 5.5, d360211524be "iommu: set group default domain before creating direct mappings")`,
      inferred: true,
    });
  return OK;
}

/** get_private_domain_for_dev(): a DMA domain of the device's own, or the one its DMA alias uses. */
export function getPrivateDomain(tx: Tx, bdf: string): string {
  const topo = tx.topology();
  const rid = dmaRequesterId(topo, bdf);
  const d = tx.dev(bdf);
  if (rid !== bdf && d.group !== null) {
    for (const other of tx.grp(d.group).devices) {
      if (other === bdf) continue;
      const od = tx.dev(other);
      const dom = od.driverDomain ? tx.dom(od.driverDomain) : null;
      if (dom && !dom.freed && dom.kind === 'private' && dmaRequesterId(topo, other) === rid) {
        attachDevice(
          tx,
          bdf,
          dom.id,
          'find_or_alloc_domain',
          `It shares requester ID ${rid} with ${other}, so it must share that device's domain.`,
        );
        return dom.id;
      }
    }
  }
  const id = allocDomain(tx, 'DMA', 'private', 'get_private_domain_for_dev', {
    users: [bdf],
    why: `The driver gives ${bdf} a DMA domain of its own, with its RMRRs mapped, because its group's default cannot change.`,
  });
  attachDevice(
    tx,
    bdf,
    id,
    'get_private_domain_for_dev',
    'The device is attached to its private DMA domain.',
  );
  return id;
}

/**
 * dmar_remove_one_dev_info(): clear the device's context, under device_domain_lock. A domain
 * flagged LOSE_CHILDREN that just became empty goes to domain_exit() from there, whose first act,
 * domain_remove_dev_info(), takes device_domain_lock again: the CPU deadlocks (§7.C.7 guessed a
 * free; the kernel never gets that far).
 */
export function dmarRemoveOneDevInfo(tx: Tx, bdf: string, why: string): void {
  const d = tx.dev(bdf);
  if (d.deferred) {
    // dev->archdata.iommu is still the DEFER_DEVICE_DOMAIN_INFO marker (-2).
    if (has.removeSkipsDeferMarker(tx.m.kernel)) return;
    deferMarkerOops(tx, bdf);
  }
  const prev = d.driverDomain;
  // `if (info)` (ae23bfb68f28, 5.3-rc5): a domain_exit() already unlinked and freed the device's
  // info (dev->archdata.iommu = NULL), or it never had one: nothing to clear.
  if (!prev) {
    if (!tx.skipsSilent())
      tx.emit({
        kind: 'attach',
        fn: 'dmar_remove_one_dev_info',
        device: bdf,
        message: 'no device info left: nothing to clear',
        why: `${bdf} has no device_domain_info (dev->archdata.iommu is NULL: freeing its domain detached it earlier, or it was never attached), so dmar_remove_one_dev_info skips it.`,
        prefix: 'sandbox',
        silent: true,
      });
    return;
  }
  detachDevice(tx, bdf, 'dmar_remove_one_dev_info', why);
  const dom = tx.dom(prev);
  const staticGuard = dom.kind === 'si_domain' && tx.m.fixes['si-domain-free-guard'];
  if (!dom.loseChildren || staticGuard || dom.freed || devicesIn(tx, prev).length > 0) return;
  tx.emit({
    kind: 'domain',
    fn: 'domain_remove_dev_info',
    domain: prev,
    level: 'err',
    prefix: 'kernel',
    message: 'NMI watchdog: Watchdog detected hard LOCKUP on cpu 0',
    why: `${prev} is flagged LOSE_CHILDREN and its last device just left, so __dmar_remove_one_dev_info calls domain_exit(${prev}) while holding device_domain_lock; domain_exit starts with domain_remove_dev_info, which takes device_domain_lock again and spins forever with interrupts off.`,
    inferred: true,
  });
  tx.fault({
    kind: 'kernel-crash',
    fn: 'domain_remove_dev_info',
    device: bdf,
    domain: prev,
    message: `deadlock: freeing ${prev} (LOSE_CHILDREN, now empty) retakes device_domain_lock, which dmar_remove_one_dev_info holds`,
    inferred: true,
  });
  stopKernel(
    tx,
    `-EDEADLK: the CPU deadlocked on device_domain_lock while freeing ${prev} (the machine hangs)`,
    'domain_remove_dev_info',
  );
}

// 5.3: __dmar_remove_one_dev_info reads info->iommu (offset 0x50) through the marker.
function deferMarkerOops(tx: Tx, bdf: string): never {
  tx.emit({
    kind: 'kdump',
    fn: '__dmar_remove_one_dev_info',
    device: bdf,
    level: 'err',
    prefix: 'kernel',
    message: 'BUG: kernel NULL pointer dereference, address: 000000000000004e',
    why: `In a kdump kernel ${bdf}'s driver data is still the DEFER_DEVICE_DOMAIN_INFO marker (-2); 5.3's dmar_remove_one_dev_info passes it on as a pointer (fixed by "avoid panic in __dmar_remove_one_dev_info", 5.5).`,
  });
  tx.fault({
    kind: 'kernel-crash',
    fn: '__dmar_remove_one_dev_info',
    device: bdf,
    message: `oops removing ${fullBdf(bdf)} from its domain: the DEFER marker was read as a pointer`,
  });
  stopKernel(
    tx,
    `-EFAULT: kernel oops in __dmar_remove_one_dev_info() on ${fullBdf(bdf)} (the DEFER marker read as a pointer)`,
    '__dmar_remove_one_dev_info',
  );
}

/** A private domain no device uses any more is never freed: LOSE_CHILDREN is set on the group's domain, not on it. */
export function leakIfOrphaned(tx: Tx, domain: string): void {
  const dom = tx.dom(domain);
  if (dom.kind !== 'private' || dom.freed || devicesIn(tx, domain).length > 0) return;
  tx.fault({
    kind: 'leak',
    fn: '__dmar_remove_one_dev_info',
    domain,
    message: `private domain ${domain} has no device left and is never freed (it does not carry DOMAIN_FLAG_LOSE_CHILDREN)`,
    inferred: true,
  });
}
