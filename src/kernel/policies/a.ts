/**
 * Policy A, the v5.1 baseline (read as 5.0.1/5.2.1; kernel-model.md §7.A): the Intel driver
 * manages its own domains, the core's groups never get a default domain, and every DMA map
 * re-decides identity (iommu_no_mapping).
 */

import { hasRmrr } from '../devclass';
import {
  allocDomain,
  attachDevice,
  detachDevice,
  devicesIn,
  freeDomain,
  initSiDomain,
  underIommu,
} from '../domains';
import { attachAtAdd, findOrCreateGroup, joinGroup } from '../groupops';
import { dmaRequesterId } from '../groups';
import { shouldIdentityMapA } from '../identity';
import type { Tx } from '../tx';
import { type Answer, OK, type PolicyImpl } from './policy';

const identityWanted = (tx: Tx) => !!(tx.m.config?.identmapAll || tx.m.config?.identmapGfx);

function identityMessage(tx: Tx): string {
  const hw = !tx.dom(tx.m.siDomain!).softwareIdentity;
  return `${hw ? 'Hardware' : 'Software'} identity mapping`;
}

function initDevices(tx: Tx, order: string[]): void {
  const cfg = tx.m.config!;
  if (identityWanted(tx)) initSiDomain(tx);
  if (!cfg.copiedTables) {
    if (identityWanted(tx))
      for (const bdf of order) {
        if (!underIommu(tx, bdf)) continue;
        const v = shouldIdentityMapA(tx, bdf, true);
        if (v.yes)
          attachDevice(
            tx,
            bdf,
            tx.m.siDomain!,
            'iommu_prepare_static_identity_mapping',
            `At VT-d init: ${v.why}.`,
          );
        if (v.yes)
          tx.emit({
            kind: 'attach',
            fn: 'dev_prepare_static_identity_mapping',
            device: bdf,
            prefix: 'DMAR',
            message: identityMessage(tx),
            why: `iommu_should_identity_map(dev, 1): ${v.why}.`,
          });
      }
    for (const bdf of order)
      if (underIommu(tx, bdf) && hasRmrr(tx.topology(), bdf, false)) prepareRmrr(tx, bdf);
  }
}

function boot(tx: Tx, order: string[]): void {
  for (const bdf of order) addToGroup(tx, bdf);
}

/** iommu_prepare_rmrr_dev: the RMRR device gets its own (or its alias's) DMA domain with the region mapped 1:1. */
function prepareRmrr(tx: Tx, bdf: string): void {
  const d = tx.dev(bdf);
  const si = tx.m.siDomain;
  if (si && d.driverDomain === si) {
    if (!tx.dom(si).softwareIdentity)
      tx.devEvent(
        'domain',
        'iommu_prepare_rmrr_dev',
        bdf,
        'RMRR region left unmapped: the device is in si_domain with hardware pass-through',
        'Hardware pass-through already lets it reach the RMRR region; iommu_prepare_identity_map logs "Ignoring identity map for HW passthrough" with the region, which the sandbox does not model.',
        { prefix: 'sandbox', silent: true },
      );
    return;
  }
  validDomain(
    tx,
    bdf,
    'iommu_prepare_rmrr_dev',
    'Its firmware RMRR region must stay mapped 1:1 from boot on, so the driver gives it a DMA domain now.',
  );
}

/** get_valid_domain_for_dev: the device's domain, its DMA alias's, or a new one. */
function validDomain(tx: Tx, bdf: string, fn: string, why: string): string {
  const d = tx.dev(bdf);
  if (d.driverDomain && d.driverDomain !== tx.m.siDomain && !tx.dom(d.driverDomain).freed)
    return d.driverDomain;
  const topo = tx.topology();
  const rid = dmaRequesterId(topo, bdf);
  if (rid !== bdf)
    for (const other of Object.values(tx.m.devices)) {
      if (other.bdf === bdf || !other.driverDomain || other.driverDomain === tx.m.siDomain) continue;
      if (dmaRequesterId(topo, other.bdf) !== rid) continue;
      attachDevice(
        tx,
        bdf,
        other.driverDomain,
        'find_or_alloc_domain',
        `It shares requester ID ${rid} with ${other.bdf}, so it shares that device's domain.`,
      );
      return other.driverDomain;
    }
  const id = allocDomain(tx, 'DMA', 'private', fn, { why, users: [bdf] });
  attachDevice(tx, bdf, id, 'domain_context_mapping', why);
  return id;
}

/** intel_iommu_add_device → iommu_group_get_for_dev: a group, but no default domain. */
function addToGroup(tx: Tx, bdf: string): boolean {
  if (!underIommu(tx, bdf)) return false;
  // 5.0–5.2 probe the PCI bus only (bus_set_iommu(&pci_bus_type)): an ACPI-namespace device gets
  // no group (5.3's probe_acpi_namespace_devices is the first to try).
  if (tx.dev(bdf).spec.type === 'acpi') return false;
  const { id, created, why, fn: whyFn } = findOrCreateGroup(tx, bdf);
  // A group has a domain only while vfio holds it: a device hot-added then joins the VM's domain.
  const joined = joinGroup(tx, bdf, id, why, whyFn, () =>
    attachAtAdd(tx, bdf, id, (domain) =>
      attachDevice(tx, bdf, domain, 'iommu_group_add_device', `It joins group ${id}'s current domain.`),
    ),
  );
  if (!joined) return false;
  // intel_iommu_init set the global dma_ops to intel_dma_ops before bus_set_iommu probed anything.
  if (tx.dev(bdf).dmaOps === 'none') tx.mdev(bdf).dmaOps = 'intel';
  if (created) {
    const g = tx.mgrp(id);
    g.typeWhy =
      'before 5.3 intel_iommu_domain_alloc() accepts only IOMMU_DOMAIN_UNMANAGED, so the core cannot give the group a default domain';
    g.typeWhyFn = 'intel_iommu_domain_alloc';
    tx.emit({
      kind: 'domain',
      fn: 'iommu_group_get_for_dev',
      group: id,
      message: `group ${id}: no default domain`,
      why: 'The core asks the Intel driver for a default domain, which it refuses before 5.3: the driver keeps managing domains per device itself.',
      prefix: 'sandbox',
      silent: true,
    });
  }
  return true;
}

function probeDevice(tx: Tx, bdf: string): void {
  if (!addToGroup(tx, bdf) || tx.dev(bdf).driverDomain || !identityWanted(tx)) return;
  const v = shouldIdentityMapA(tx, bdf, true);
  if (!v.yes) return;
  attachDevice(
    tx,
    bdf,
    tx.m.siDomain!,
    'device_notifier',
    `The driver's bus notifier identity-maps the new device: ${v.why}.`,
  );
  // The notifier prints nothing (unlike the boot-time pass).
  tx.emit({
    kind: 'attach',
    fn: 'device_notifier',
    device: bdf,
    prefix: 'sandbox',
    message: `${identityMessage(tx)} (no log line at hot-add)`,
    why: v.why,
    silent: true,
  });
}

/** iommu_no_mapping(): decided again at every DMA map. */
function dmaCall(tx: Tx, bdf: string): Answer {
  if (!underIommu(tx, bdf)) return OK;
  const si = tx.m.siDomain;
  const d = tx.dev(bdf);
  if (identityWanted(tx) && si) {
    const v = shouldIdentityMapA(tx, bdf, false);
    if (d.driverDomain === si) {
      // intel_map_page hands an identity-mapped device's buffer on to dma-direct: its ops stay intel_dma_ops.
      if (v.yes) {
        tx.mdev(bdf).dmaOps = 'intel';
        return OK;
      }
      detachDevice(tx, bdf, 'dmar_remove_one_dev_info', `It must leave si_domain: ${v.why}.`);
      tx.devEvent(
        'dma',
        'iommu_no_mapping',
        bdf,
        '32bit DMA uses non-identity mapping',
        `${v.why}, so the driver moves it from si_domain to a DMA domain of its own.`,
        { prefix: 'DMAR' },
      );
    } else if (!d.driverDomain && v.yes) {
      attachDevice(tx, bdf, si, 'domain_add_dev_info', `It qualifies for identity now: ${v.why}.`);
      tx.devEvent(
        'dma',
        'iommu_no_mapping',
        bdf,
        '64bit DMA uses identity mapping',
        'A device without a domain that can reach all of RAM goes (back) to si_domain.',
        { prefix: 'DMAR' },
      );
      tx.mdev(bdf).dmaOps = 'intel';
      return OK;
    }
  }
  validDomain(
    tx,
    bdf,
    'get_valid_domain_for_dev',
    `${bdf}'s first DMA map needs a translated domain: the driver allocates one lazily.`,
  );
  tx.mdev(bdf).dmaOps = 'intel';
  return OK;
}

/** device_notifier(BUS_NOTIFY_REMOVED_DEVICE): detach and free the device's domain if now empty. */
function releaseDevice(tx: Tx, bdf: string): void {
  const prev = tx.dev(bdf).driverDomain;
  detachDevice(tx, bdf, 'dmar_remove_one_dev_info', 'The device is going away.');
  if (!prev) return;
  const dom = tx.dom(prev);
  if (dom.kind === 'si_domain' || dom.type === 'unmanaged' || dom.freed) return;
  if (devicesIn(tx, prev).length === 0)
    freeDomain(
      tx,
      prev,
      'domain_exit',
      `The driver's bus notifier frees ${prev}: it is empty and neither si_domain nor a VM's domain.`,
    );
}

export const policyA: PolicyImpl = { initDevices, boot, probeDevice, releaseDevice, dmaCall };
