/**
 * User space takes a whole group (vfio) and lets it go: viability before 6.1 (vfio_dev_viable),
 * DMA ownership in 6.1 (iommu_group_claim_dma_owner), the type1 UNMANAGED domain, and the way
 * back to the default domain (kernel-model.md §7.C.6, §7.D "vfio (6.1)").
 */
import { fullBdf } from '../bdf';
import { isBridge } from '../deviceTypes';
import { allocDomain, attachDevice, detachDevice, freeDomain } from '../domains';
import { RMRR_INELIGIBLE, releaseGroup, rmrrRefuses } from '../groupops';
import { formGroups } from '../groups';
import { dmarRemoveOneDevInfo, leakIfOrphaned } from '../policies/c-request';
import { type Answer, attachOrDefer, noSuchFile, OK, refuse } from '../policies/policy';
import type { Tx } from '../tx';
import { has, policyOf } from '../versions';
import { VFIO_SAFE_DRIVERS } from './driver';

// intel_iommu_attach_device's device_is_rmrr_locked() check, in every version.
const rmrrRefused = (bdf: string) =>
  refuse(`-EPERM: ${fullBdf(bdf)}: ${RMRR_INELIGIBLE}`, 'intel_iommu_attach_device');

/** VFIO_GROUP_SET_CONTAINER + VFIO_SET_IOMMU(type1): user space takes group `id`. */
export function vfioClaim(tx: Tx, id: number): Answer {
  const g = tx.m.groups[String(id)];
  if (!g) return noSuchFile(tx, `-ENOENT: no /dev/vfio/${id}: there is no iommu group ${id}`, true);
  // The group's file is open already (or, before 6.1, still has a container).
  if (g.owner === 'user')
    return refuse(`-EBUSY: group ${id} is already in use by user space`, 'vfio_group_fops_open');
  // The group's character device appears when a vfio driver registers a member: before that
  // there is nothing for user space to open. vfio_register_group_dev is 5.13's name for it.
  const k = tx.m.kernel;
  const creates = k === 'v6.1' ? 'vfio_register_group_dev' : 'vfio_add_group_dev';
  if (!g.devices.some((b) => tx.dev(b).driver?.name === 'vfio-pci'))
    return noSuchFile(
      tx,
      `-ENOENT: no /dev/vfio/${id}: no device of group ${id} is bound to vfio-pci (${creates} creates it)`,
      true,
    );
  if (has.dmaOwnership(k)) {
    if (g.ownerCnt > 0) {
      const users = g.devices.filter((b) => tx.dev(b).driver && !tx.dev(b).driver!.managedDma);
      return refuse(
        `-EPERM: iommu_group_claim_dma_owner: ${users.map((b) => `${b} is bound to ${tx.dev(b).driver!.name}`).join(', ')}`,
        'iommu_group_claim_dma_owner',
      );
    }
    if (g.domain !== g.defaultDomain)
      return refuse(`-EBUSY: group ${id} is not in its default domain`, 'iommu_group_claim_dma_owner');
    const blocking =
      g.blockingDomain ??
      allocDomain(tx, 'unmanaged', 'blocking', '__iommu_group_alloc_blocking_domain', {
        why: "The Intel driver cannot allocate IOMMU_DOMAIN_BLOCKED, so the core uses an empty UNMANAGED domain as the group's blocking domain; it stays until the group is released.",
      });
    tx.mgrp(id).blockingDomain = blocking;
    // __iommu_group_set_domain attaches member by member and stops at the first failure without
    // undoing the others: members before an RMRR-locked one stay in the blocking domain while
    // group->domain still names the default.
    for (const bdf of g.devices) {
      if (rmrrRefuses(tx, bdf)) {
        const stranded = g.devices.slice(0, g.devices.indexOf(bdf));
        if (stranded.length > 0)
          tx.emit({
            kind: 'vfio',
            fn: '__iommu_group_set_domain',
            group: id,
            message: `${stranded.join(', ')} left in the blocking domain`,
            why: `__iommu_group_set_domain stops at the first device that refuses and does not move the others back: group ${id} still reads ${g.defaultDomain}, so a driver may bind there and its DMA will fault.`,
            prefix: 'sandbox',
            silent: true,
          });
        return rmrrRefused(bdf);
      }
      attachDevice(
        tx,
        bdf,
        blocking,
        '__iommu_group_set_domain',
        'While user space owns the group its devices sit in the blocking domain until vfio attaches its own.',
      );
    }
    const mg = tx.mgrp(id);
    mg.owner = 'user';
    mg.ownerCnt += 1;
    mg.domain = blocking;
  } else {
    const bad = g.devices.filter((b) => {
      const drv = tx.dev(b).driver;
      return drv !== null && !VFIO_SAFE_DRIVERS.includes(drv.name) && !isBridge(tx.dev(b).spec);
    });
    // vfio_dev_viable's -EINVAL decides: vfio_group_viable() is false, and the ioctls that ask it
    // (VFIO_GROUP_GET_DEVICE_FD's vfio_group_get_device_fd) answer -EINVAL in turn.
    if (bad.length > 0)
      return refuse(
        `-EINVAL: group ${id} is not viable: ${bad.map((b) => `${b} is bound to ${tx.dev(b).driver!.name}`).join(', ')} (vfio_dev_viable; VFIO_GROUP_GET_STATUS says so and QEMU stops before attaching, and VFIO_GROUP_GET_DEVICE_FD would fail)`,
        'vfio_dev_viable',
      );
    // type1's iommu_attach_group → __iommu_attach_group refuses a group out of its default domain.
    if (g.defaultDomain && g.domain !== g.defaultDomain)
      return refuse(`-EBUSY: group ${id} is not in its default domain`, '__iommu_attach_group');
  }
  const u = allocDomain(tx, 'unmanaged', 'unmanaged', 'vfio_iommu_type1_attach_group', {
    why: "vfio type1 allocates an UNMANAGED domain: only what user space maps (the VM's memory) is reachable.",
  });
  for (const bdf of tx.grp(id).devices) {
    // 5.3: __iommu_attach_device returns 0 for a deferred device; it keeps the old context.
    if (tx.dev(bdf).deferred && has.attachChecksDeferred(k)) {
      attachOrDefer(tx, bdf, u, '__iommu_attach_device', `vfio attaches group ${id} to the VM's domain.`);
      continue;
    }
    if (rmrrRefuses(tx, bdf)) {
      // __iommu_attach_group stops here without undoing the members before; type1's error path
      // frees its domain, and domain_exit detaches those members: they are left with no domain.
      freeDomain(
        tx,
        u,
        'vfio_iommu_type1_attach_group',
        'The attach failed: vfio frees the domain it allocated, with the members it reached still in it.',
      );
      return rmrrRefused(bdf);
    }
    if (policyOf(k) === 'C') {
      const prev = tx.dev(bdf).driverDomain;
      dmarRemoveOneDevInfo(
        tx,
        bdf,
        'intel_iommu_attach_device first removes the device from its old domain.',
      );
      // 5.3 no longer frees it there (5.1 did): a private domain left empty is lost.
      if (prev) leakIfOrphaned(tx, prev);
    } else if (policyOf(k) === 'A') releaseOldPrivate(tx, bdf);
    attachDevice(tx, bdf, u, 'intel_iommu_attach_device', `vfio attaches group ${id} to the VM's domain.`);
  }
  const mg = tx.mgrp(id);
  mg.domain = u;
  mg.vfioDomain = u;
  mg.owner = 'user';
  tx.emit({
    kind: 'vfio',
    fn: 'vfio_iommu_type1_attach_group',
    group: id,
    domain: u,
    message: `group ${id} attached to ${u} for user space`,
    why: "User space now controls the group's DMA.",
    prefix: 'sandbox',
    silent: true,
  });
  if (policyOf(k) === 'B') checkSplitIsolation(tx, id);
  return OK;
}

/** A (5.2): attaching to a VM domain frees the device's old driver domain if it became empty. */
function releaseOldPrivate(tx: Tx, bdf: string): void {
  const prev = tx.dev(bdf).driverDomain;
  if (!prev) return;
  detachDevice(tx, bdf, 'dmar_remove_one_dev_info', "The device leaves its old domain for the VM's.");
  const dom = tx.dom(prev);
  if (
    dom.kind === 'private' &&
    !dom.freed &&
    !Object.values(tx.m.devices).some((d) => d.driverDomain === prev)
  )
    freeDomain(
      tx,
      prev,
      'domain_exit',
      `${prev} is empty and neither si_domain nor a VM domain, so the driver frees it.`,
    );
}

/** B: a group split off by v3 given to user space while its hardware siblings stay with the host. */
function checkSplitIsolation(tx: Tx, id: number): void {
  const hw = formGroups(tx.topology(), undefined, tx.m.kernel).groupOf;
  const mine = new Set(tx.grp(id).devices.map((b) => hw[b]));
  for (const d of Object.values(tx.m.devices)) {
    if (d.group === null || d.group === id || !mine.has(hw[d.bdf])) continue;
    if (tx.grp(d.group).owner === 'user') continue;
    tx.fault({
      kind: 'isolation-broken',
      fn: 'vfio_iommu_type1_attach_group',
      device: d.bdf,
      group: id,
      message: `group ${id} went to user space while ${d.bdf}, which the hardware cannot isolate from it, stays with the host in group ${d.group}: the guest can reach it peer-to-peer`,
      inferred: true,
    });
  }
}

/**
 * The container is released: vfio's type1 backend detaches the group (iommu_detach_group) and
 * frees its domain; 6.1 then releases the group's DMA ownership. Before 6.1 the detach puts the
 * group back in its default domain; in 6.1 __iommu_group_set_core_domain puts it in the blocking
 * domain while it still has an owner, and in the default domain once the owner is released.
 */
export function vfioRelease(tx: Tx, id: number): Answer {
  const g = tx.m.groups[String(id)];
  if (!g) return noSuchFile(tx, `-ENOENT: there is no iommu group ${id}`, true);
  // VFIO_GROUP_UNSET_CONTAINER on a group with no container.
  if (g.owner !== 'user')
    return refuse(
      `-EINVAL: group ${id} is not in use by user space`,
      has.dmaOwnership(tx.m.kernel) ? 'vfio_group_ioctl_unset_container' : 'vfio_group_unset_container',
    );
  // Read before the group is written: a consuming step writes it in place.
  const { vfioDomain: u, defaultDomain: back, devices } = g;
  const ownership = has.dmaOwnership(tx.m.kernel);
  const blocking = ownership ? g.blockingDomain : null;
  const backWithKernel = () =>
    tx.emit({
      kind: 'vfio',
      fn: ownership ? 'iommu_group_release_dma_owner' : '__vfio_group_unset_container',
      group: id,
      message: `group ${id} back with the kernel`,
      why: 'User space let go of the group.',
      prefix: 'sandbox',
      silent: true,
    });
  if (blocking) {
    for (const bdf of devices)
      attachDevice(
        tx,
        bdf,
        blocking,
        '__iommu_group_set_core_domain',
        `vfio detaches its domain while user space still owns group ${id}: the core puts it in the blocking domain, not the default.`,
      );
    tx.mgrp(id).domain = blocking;
    freeVfioDomain(tx, u);
    backWithKernel();
  }
  for (const bdf of devices) {
    if (back)
      attachDevice(
        tx,
        bdf,
        back,
        ownership ? '__iommu_group_set_core_domain' : '__iommu_detach_group',
        `Group ${id} has no owner any more: it returns to its default domain.`,
      );
    else
      detachDevice(
        tx,
        bdf,
        '__iommu_detach_group',
        'Without a default domain the devices are simply detached; their next DMA map decides again.',
      );
  }
  const mg = tx.mgrp(id);
  mg.domain = back;
  mg.owner = 'kernel';
  mg.vfioDomain = null;
  if (ownership) mg.ownerCnt = 0;
  if (!blocking) {
    freeVfioDomain(tx, u);
    backWithKernel();
  }
  if (devices.length === 0) releaseGroup(tx, id);
  return OK;
}

function freeVfioDomain(tx: Tx, u: string | null): void {
  if (u)
    freeDomain(
      tx,
      u,
      'vfio_iommu_type1_detach_group',
      'vfio frees the domain it allocated; group release never does.',
    );
}
