/**
 * Group membership as the IOMMU core changes it: iommu_group_get_for_dev / iommu_group_add_device,
 * iommu_group_remove_device and iommu_group_release.
 */

import { fullBdf } from './bdf';
import { isRmrrLocked } from './devclass';
import { freeDomain } from './domains';
import { pciDeviceGroup } from './groups';
import type { Tx } from './tx';
import type { GroupState } from './types';
import { has } from './versions';
import { CUT_HERE, warnOnLine } from './warn';

/** Where pci_device_group() puts the device: an existing group, or a new one with the lowest free id. */
export function findOrCreateGroup(
  tx: Tx,
  bdf: string,
): { id: number; created: boolean; why: string; fn: string } {
  const decision = pciDeviceGroup(tx.topology(), bdf, tx.groupOf, tx.explains, tx.m.kernel);
  const { text: why, fn } = decision.reason;
  if (decision.kind === 'existing') return { id: decision.group, created: false, why, fn };
  return { id: createGroup(tx), created: true, why, fn };
}

/** iommu_group_alloc(): a new empty group. */
export function createGroup(tx: Tx): number {
  const id = tx.groupIds.alloc();
  const g: GroupState = {
    id,
    devices: [],
    defaultDomain: null,
    domain: null,
    owner: 'kernel',
    ownerCnt: 0,
    blockingDomain: null,
    vfioDomain: null,
    createdAt: tx.m.step,
    // Set once the group has a default domain; there from the start, as in newDeviceState.
    typeWhy: undefined,
    typeWhyFn: undefined,
  };
  tx.putGroup(g);
  return id;
}

export const RMRR_INELIGIBLE =
  'Device is ineligible for IOMMU domain attach due to platform RMRR requirement.  Contact your platform vendor.';

/**
 * iommu_group_add_device(): the device joins the list; `added` is what the version does then,
 * before the "Adding to iommu group" line (attach to group->domain, the group's notifiers), and
 * answers 0 or -errno. On an error the device leaves the list again and has no group.
 */
export function joinGroup(
  tx: Tx,
  bdf: string,
  id: number,
  why: string,
  whyFn: string,
  added?: () => number,
  /** The group it joins is the model's inference (v3's split [T]): so is the line. */
  inferred = false,
): boolean {
  const g = tx.mgrp(id);
  g.devices.push(bdf);
  const d = tx.mdev(bdf);
  d.group = id;
  d.groupWhy = why;
  d.groupWhyFn = whyFn;
  const err = added?.() ?? 0;
  if (err !== 0) {
    tx.mgrp(id).devices = g.devices.filter((b) => b !== bdf);
    const md = tx.mdev(bdf);
    md.group = null;
    md.groupWhy = undefined;
    md.groupWhyFn = undefined;
    tx.emit({
      kind: 'group',
      fn: 'iommu_group_add_device',
      device: bdf,
      group: id,
      level: 'err',
      message: `Failed to add to iommu group ${id}: ${err}`,
      why: `Attaching it to group ${id}'s current domain failed, so iommu_group_add_device takes it off the list again: the device has no group.`,
    });
    return false;
  }
  // IOMMU_GROUP_NOTIFY_ADD_DEVICE, after the attach and before the log line.
  if (g.owner === 'user' && has.vfioGroupNotifier(tx.m.kernel)) liveGroupWarning(tx, bdf, id);
  tx.emit({
    kind: 'group',
    fn: 'iommu_group_add_device',
    device: bdf,
    group: id,
    message: `Adding to iommu group ${id}`,
    why,
    ...(inferred ? { inferred: true } : {}),
  });
  return true;
}

/**
 * vfio's group notifier (vfio_group_nb_add_dev) on a group user space is using: a dev_WARN, whose
 * __warn_printk prints the cut-here line, the message, then the WARNING line (lines after it,
 * registers and call trace, are not modelled).
 */
function liveGroupWarning(tx: Tx, bdf: string, id: number): void {
  const why =
    'A device appeared in a group that user space is using; vfio only warns (dev_WARN, from the notifier iommu_group_add_device calls).';
  tx.emit({ kind: 'vfio', fn: '__warn_printk', level: 'warn', prefix: 'kernel', message: CUT_HERE, why });
  tx.emit({
    kind: 'vfio',
    fn: 'vfio_group_nb_add_dev',
    device: bdf,
    group: id,
    level: 'warn',
    prefix: 'vfio',
    message: `Device added to live group ${id}!`,
    why,
  });
  tx.emit({
    kind: 'vfio',
    fn: 'vfio_group_nb_add_dev',
    group: id,
    level: 'warn',
    prefix: 'kernel',
    message: warnOnLine('drivers/vfio/vfio.c', 'vfio_group_nb_add_dev'),
    why: 'The report of the dev_WARN. The CPU, task, source line and code offsets are not known to the sandbox ("…").',
  });
}

/**
 * iommu_group_add_device's attach to group->domain, if the group has one, done by `attach` as
 * the version does it. The Intel driver refuses an RMRR-locked device a domain that user space
 * controls (UNMANAGED: vfio's, or 6.1's blocking domain): -EPERM. Answers 0 or -errno.
 */
export function attachAtAdd(tx: Tx, bdf: string, id: number, attach: (domain: string) => void): number {
  const domain = tx.grp(id).domain;
  if (!domain) return 0;
  if (tx.dom(domain).type === 'unmanaged' && rmrrRefuses(tx, bdf)) return -1;
  attach(domain);
  return 0;
}

/**
 * iommu_group_remove_device(); the last device out releases the group (iommu_group_release),
 * unless vfio still holds a reference to it.
 */
export function leaveGroup(tx: Tx, bdf: string): void {
  const d = tx.dev(bdf);
  if (d.group === null) return;
  const id = d.group;
  const g = tx.mgrp(id);
  g.devices = g.devices.filter((b) => b !== bdf);
  tx.mdev(bdf).group = null;
  tx.emit({
    kind: 'group',
    fn: 'iommu_group_remove_device',
    device: bdf,
    group: id,
    message: `Removing from iommu group ${id}`,
    why: `${fullBdf(bdf)} leaves the group, dropping its reference on it.`,
  });
  if (g.devices.length === 0) {
    if (g.owner === 'user') {
      tx.emit({
        kind: 'group',
        fn: 'iommu_group_release',
        group: id,
        message: `iommu group ${id} is empty but vfio still holds it`,
        why: 'vfio keeps a reference on the iommu_group while user space has it open, so the group is not released yet.',
        prefix: 'sandbox',
        silent: true,
      });
      return;
    }
    releaseGroup(tx, id);
  }
}

/** iommu_group_release(): free the id, the default domain and (6.1) the blocking domain. */
export function releaseGroup(tx: Tx, id: number): void {
  const g = tx.grp(id);
  tx.dropGroup(id);
  tx.groupIds.free(id);
  tx.emit({
    kind: 'group',
    fn: 'iommu_group_release',
    group: id,
    message: `iommu group ${id} released`,
    why: `The last reference to group ${id} is gone: its id becomes free for the next new group, and its default domain is freed.`,
    prefix: 'sandbox',
    silent: true,
  });
  if (g.defaultDomain)
    freeDomain(
      tx,
      g.defaultDomain,
      'iommu_group_release',
      `Group ${id} was released and frees its default domain.`,
    );
  if (g.blockingDomain)
    freeDomain(
      tx,
      g.blockingDomain,
      'iommu_group_release',
      `Group ${id} was released and frees its blocking domain.`,
    );
}

/**
 * intel_iommu_attach_device asked for a domain user space controls: an RMRR-locked device is
 * refused (-EPERM), with the driver's warning. True when it refuses.
 */
export function rmrrRefuses(tx: Tx, bdf: string): boolean {
  if (!isRmrrLocked(tx.topology(), bdf, tx.m.kernel !== 'v5.1')) return false;
  tx.devEvent(
    'vfio',
    'intel_iommu_attach_device',
    bdf,
    RMRR_INELIGIBLE,
    'A device whose firmware RMRR must stay mapped may not be attached to a domain user space controls.',
    { level: 'warn', prefix: 'DMAR' },
  );
  return true;
}
