/**
 * Policy D, the def_domain_type era (5.8.1, 5.11.14, 6.1.192; kernel-model.md §7.D):
 * bus_iommu_probe in two passes, iommu_probe_device for hot-add, deferred attach in dma-iommu.
 */
import { fullBdf } from '../bdf';
import { allocDefaultDomain, attachDevice, detachDevice, initSiDomain, underIommu } from '../domains';
import { attachAtAdd, findOrCreateGroup, joinGroup } from '../groupops';
import { deviceNeed } from '../identity';
import { stopKernel } from '../stop';
import type { Tx } from '../tx';
import type { DomainType } from '../types';
import { has } from '../versions';
import { type Answer, attachOrDefer, finalizeDmaOps, OK, type PolicyImpl, refuse } from './policy';

const typeStr = (t: DomainType | 'identity' | 'DMA') => (t === 'identity' ? 'Passthrough' : 'Translated');

/** Pass 1 of bus_iommu_probe / the start of iommu_probe_device: probe_device and the group. */
function probeGroup(tx: Tx, bdf: string): { id: number; created: boolean } | null {
  const k = tx.m.kernel;
  const d = tx.dev(bdf);
  if (!underIommu(tx, bdf)) return null;
  if (d.spec.type === 'acpi' && !has.acpiGroups(k)) return null;
  if (tx.m.config?.copiedTables && tx.m.fixes['defer-attach-in-kdump']) tx.mdev(bdf).deferred = true;
  const { id, why, created, fn: whyFn } = findOrCreateGroup(tx, bdf);
  // iommu_group_add_device attaches to group->domain unless deferred; a group formed at boot or
  // a new one has none yet (its default domain comes after, from bus_iommu_probe or
  // iommu_probe_device).
  const joined = joinGroup(tx, bdf, id, why, whyFn, () =>
    tx.dev(bdf).deferred
      ? 0
      : attachAtAdd(tx, bdf, id, (domain) =>
          attachDevice(
            tx,
            bdf,
            domain,
            'iommu_group_add_device',
            `A new member joins group ${id}'s current domain.`,
          ),
        ),
  );
  return joined ? { id, created } : null;
}

/** probe_get_default_domain_type + iommu_group_alloc_default_domain for a group formed at boot. */
function allocGroupDefault(tx: Tx, id: number): void {
  const cfg = tx.m.config!;
  const g = tx.grp(id);
  let candidate: 'identity' | 'DMA' | null = null;
  let first: string | null = null;
  let typeWhy = '';
  for (let i = 0; i < g.devices.length; i++) {
    const bdf = g.devices[i]!;
    const need = deviceNeed(tx, bdf);
    if (!need.type) continue;
    if (candidate && candidate !== need.type) {
      tx.emit({
        kind: 'domain',
        fn: 'probe_get_default_domain_type',
        device: bdf,
        group: id,
        level: 'warn',
        message: `Device needs domain type ${typeStr(need.type)}, but device ${fullBdf(first!)} in the same iommu group requires type ${typeStr(candidate)} - using default`,
        why: `Members of one group need different domain types (${bdf}: ${need.why}); the core gives up and uses the default type for the whole group.`,
      });
      typeWhy = `its members need different types (${first} ${candidate}, ${bdf} ${need.type}), so the kernel fell back to the default type`;
      candidate = null;
    }
    if (!first) {
      first = bdf;
      candidate = need.type;
      typeWhy = `${bdf} needs it: ${need.why}`;
    }
  }
  const type: DomainType = candidate ?? cfg.defaultType;
  if (!candidate && !typeWhy)
    typeWhy = `no member needs a particular type, so the default type applies: ${cfg.reasons.defaultType ?? ''}`;
  setDefault(tx, id, type, typeWhy, 'probe_get_default_domain_type');
}

/**
 * The group's default domain of `type`; `whyFn` chose the type: probe_get_default_domain_type for
 * a group formed at boot (bus_iommu_probe), iommu_alloc_default_domain (iommu_get_def_domain_type)
 * for one formed by a hot-added device (iommu_probe_device).
 */
function setDefault(tx: Tx, id: number, type: DomainType, typeWhy: string, whyFn: string): string {
  const dom = allocDefaultDomain(
    tx,
    id,
    type,
    'iommu_group_alloc_default_domain',
    `Group ${id}'s default domain: ${typeWhy}.`,
  );
  const g = tx.mgrp(id);
  g.defaultDomain = dom;
  g.domain = dom;
  g.typeWhy = typeWhy;
  g.typeWhyFn = whyFn;
  return dom;
}

function boot(tx: Tx, order: string[]): void {
  // init_dmars → si_domain_init, before any device is probed and whether or not a device will
  // use it (hardware pass-through only decides whether it gets 1:1 page tables): d1 on every
  // boot with the IOMMU on, as the kernel numbers it.
  initSiDomain(tx);
  // Indexed loops over every device and group: in a boot's first milliseconds, before V8 has
  // optimised them, `for of` allocates an iterator result per device.
  const groups: number[] = [];
  for (let i = 0; i < order.length; i++) {
    const r = probeGroup(tx, order[i]!);
    if (r?.created) groups.push(r.id);
  }
  for (let i = 0; i < groups.length; i++) {
    const id = groups[i]!;
    allocGroupDefault(tx, id);
    const { devices, domain } = tx.grp(id);
    // One sentence per group, not one per member (a boot attaches 20,000 devices).
    const why = `bus_iommu_probe attaches every member to group ${id}'s new default domain.`;
    for (let j = 0; j < devices.length; j++)
      attachOrDefer(tx, devices[j]!, domain!, 'iommu_group_do_dma_attach', why);
    for (let j = 0; j < devices.length; j++) finalizeDmaOps(tx, devices[j]!, has.translatedOps(tx.m.kernel));
  }
}

function probeDevice(tx: Tx, bdf: string): void {
  const r = probeGroup(tx, bdf);
  if (r === null) return;
  const id = r.id;
  const g = tx.grp(id);
  const need = deviceNeed(tx, bdf);
  if (!g.defaultDomain) {
    const cfg = tx.m.config!;
    const why = need.type
      ? `${bdf} needs it: ${need.why}`
      : `the default type applies: ${cfg.reasons.defaultType ?? ''}`;
    setDefault(tx, id, need.type ?? cfg.defaultType, why, 'iommu_alloc_default_domain');
  } else {
    const current = tx.dom(g.defaultDomain).type;
    const mismatch = need.type && (need.type === 'identity') !== (current === 'identity');
    if (mismatch)
      tx.emit({
        kind: 'domain',
        fn: 'iommu_alloc_default_domain',
        device: bdf,
        group: id,
        message: `needs a ${need.type} domain but group ${id} keeps its ${current} default`,
        why: 'iommu_probe_device only allocates a default domain for a new group; a device joining an existing one gets what the group has, without a warning (hotadd-ignores-need).',
        prefix: 'sandbox',
        silent: true,
      });
  }
  const grp = tx.grp(id);
  // iommu_probe_device attaches the default domain: unconditionally before 6.1, only for an
  // unclaimed group after.
  const respectOwner = tx.m.fixes['hotadd-respects-owner'];
  if (grp.owner === 'user' && respectOwner) {
    tx.emit({
      kind: 'attach',
      fn: 'iommu_probe_device',
      device: bdf,
      group: id,
      message: `group ${id} is claimed: default domain not attached`,
      why: 'The group belongs to user space, so 6.1 leaves the new device in the domain the group uses now.',
      prefix: 'sandbox',
      silent: true,
    });
  } else {
    const hw = tx.dev(bdf).hw;
    // Joining a group that has a domain, the device was attached in iommu_group_add_device already.
    const again = hw.kind === 'domain' && hw.domain === grp.defaultDomain;
    attachDevice(
      tx,
      bdf,
      grp.defaultDomain!,
      '__iommu_attach_device',
      again
        ? `iommu_probe_device attaches a hot-added device to its group's default domain at once${tx.m.config?.kdump ? ', even in a kdump kernel' : ''}: the domain iommu_group_add_device has just attached it to, so it is attached twice (the Intel driver detaches it first; nothing changes).`
        : `iommu_probe_device attaches a hot-added device to its group's default domain at once${tx.m.config?.kdump ? ', even in a kdump kernel' : ''}.`,
    );
    if (grp.domain !== grp.defaultDomain)
      tx.fault({
        kind: 'isolation-broken',
        fn: 'iommu_probe_device',
        device: bdf,
        group: id,
        message: `${bdf} was attached to group ${id}'s default domain while the group is in ${grp.domain}: its DMA bypasses the VM's address space`,
        inferred: true,
      });
  }
  finalizeDmaOps(tx, bdf, has.translatedOps(tx.m.kernel));
}

function dmaCall(tx: Tx, bdf: string): Answer {
  const d = tx.dev(bdf);
  if (d.group === null || !d.deferred) return OK;
  const g = tx.grp(d.group);
  if (d.dmaOps === 'direct') {
    tx.emit({
      kind: 'kdump',
      fn: 'dma_direct_map_page',
      device: bdf,
      message: "dma-direct never performs the deferred attach: the crashed kernel's context stays",
      why: 'Identity-default devices use dma-direct, which does not call into the IOMMU, so nothing ever replaces the copied context (kdump-identity).',
      prefix: 'sandbox',
      silent: true,
      inferred: true,
    });
    return OK;
  }
  const k = tx.m.kernel;
  if (k === 'v5.11' && g.devices.length !== 1 && !tx.m.fixes['deferred-attach-any-group-size']) {
    tx.emit({
      kind: 'kdump',
      fn: 'iommu_dma_deferred_attach',
      device: bdf,
      group: g.id,
      level: 'err',
      message: `iommu_attach_device refuses group ${g.id} with ${g.devices.length} devices: the DMA map returns DMA_MAPPING_ERROR`,
      why: "5.11's deferred attach goes through iommu_attach_device(), which only handles single-device groups (fixed in 6.1 by iommu_deferred_attach).",
      prefix: 'sandbox',
    });
    // The map functions turn the attach's -EINVAL into DMA_MAPPING_ERROR: the driver never sees it.
    return refuse(
      `-ENOMEM (the driver's): iommu_dma_deferred_attach: iommu_attach_device refuses group ${g.id} with ${g.devices.length} devices (-EINVAL), so the DMA map returns DMA_MAPPING_ERROR, which has no errno; a typical driver turns it into -ENOMEM`,
      'iommu_attach_device',
    );
  }
  const fn =
    k === 'v5.8'
      ? 'do_deferred_attach'
      : k === 'v5.11'
        ? 'iommu_dma_deferred_attach'
        : 'iommu_deferred_attach';
  attachDevice(
    tx,
    bdf,
    g.domain!,
    fn,
    "The driver's first DMA API call performs the deferred attach: the group's domain replaces the copied context.",
  );
  return OK;
}

/** iommu_release_device → intel_iommu_release_device: the context entry is cleared. */
function releaseDevice(tx: Tx, bdf: string): void {
  // 6.1.192's dmar_remove_one_dev_info takes info->domain->lock unchecked; a device whose attach
  // is still deferred has no domain yet (upstream "iommu/vt-d: Fix NULL domain on device release").
  if (tx.dev(bdf).deferred && has.releaseNeedsDomain(tx.m.kernel)) {
    tx.emit({
      kind: 'kdump',
      fn: 'dmar_remove_one_dev_info',
      device: bdf,
      level: 'err',
      prefix: 'kernel',
      // 0x1c: the offset of `lock` in 6.1's struct dmar_domain (int nid, a 16-byte xarray, a byte
      // of flags) without spinlock debugging, as Debian builds it; the fix's log, from a debug
      // build, shows 0x3c.
      message: 'BUG: kernel NULL pointer dereference, address: 000000000000001c',
      why: `${bdf}'s attach is still deferred in this kdump kernel, so its info->domain is NULL, and intel_iommu_release_device → dmar_remove_one_dev_info takes domain->lock through it: the fault is at the lock's offset in struct dmar_domain, with RIP in _raw_spin_lock_irqsave and dmar_remove_one_dev_info in the call trace.`,
      inferred: true,
    });
    tx.fault({
      kind: 'kernel-crash',
      fn: 'dmar_remove_one_dev_info',
      device: bdf,
      message: `oops releasing ${fullBdf(bdf)}: its deferred attach left info->domain NULL`,
    });
    stopKernel(
      tx,
      `-EFAULT: kernel oops in dmar_remove_one_dev_info() releasing ${fullBdf(bdf)} (no domain yet: deferred attach)`,
      'dmar_remove_one_dev_info',
    );
  }
  detachDevice(tx, bdf, 'intel_iommu_release_device', 'The device is going away.');
}

export const policyD: PolicyImpl = { boot, probeDevice, releaseDevice, dmaCall };
