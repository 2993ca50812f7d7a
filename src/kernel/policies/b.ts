/**
 * Policy B, James Sewart's v3 series as the 2019 review describes it [T] (kernel-model.md §7.B):
 * the vendor hook picks each group's type up front, and a device that needs identity while its
 * group-mates do not is moved to a group of its own — which breaks isolation. Reconstructed from
 * the thread; the v3 code itself was not available.
 */
import {
  allocDefaultDomain,
  allocDomain,
  attachDevice,
  devicesIn,
  freeDomain,
  initSiDomain,
  underIommu,
} from '../domains';
import { createGroup, findOrCreateGroup, joinGroup } from '../groupops';
import { deviceNeed, dmaMaskBits, maskReachesRam } from '../identity';
import type { Tx } from '../tx';
import type { DomainType } from '../types';
import { type Answer, attachOrDefer, finalizeDmaOps, OK, type PolicyImpl } from './policy';

function probeGroup(tx: Tx, bdf: string): { id: number; created: boolean } | null {
  if (!underIommu(tx, bdf)) return null;
  // Its 5.1 base probes the PCI bus only: no group for an ACPI-namespace device.
  if (tx.dev(bdf).spec.type === 'acpi') return null;
  if (tx.m.config?.copiedTables && tx.m.fixes['defer-attach-in-kdump']) tx.mdev(bdf).deferred = true;
  const { id, created, why, fn: whyFn } = findOrCreateGroup(tx, bdf);
  joinGroup(tx, bdf, id, why, whyFn);
  return { id, created };
}

/** "Create an IOMMU group for devices that require an identity map": split them out. */
function splitIdentityDevices(tx: Tx, id: number): number[] {
  const g = tx.grp(id);
  if (g.devices.length < 2) return [];
  const needs = g.devices.map((b) => [b, deviceNeed(tx, b)] as const);
  const idDevs = needs.filter(([, n]) => n.type === 'identity');
  if (idDevs.length === 0 || idDevs.length === needs.length) return [];
  const created: number[] = [];
  const stay = needs.filter(([, n]) => n.type !== 'identity').map(([b]) => b);
  for (const [bdf, need] of idDevs) {
    const mg = tx.mgrp(id);
    mg.devices = mg.devices.filter((b) => b !== bdf);
    const fresh = createGroup(tx);
    joinGroup(
      tx,
      bdf,
      fresh,
      `v3 moves it out of group ${id} into a group of its own because it requires an identity map (${need.why}) [T]`,
      'intel_iommu_device_group',
    );
    created.push(fresh);
    tx.fault({
      kind: 'isolation-broken',
      fn: 'intel_iommu_device_group',
      device: bdf,
      group: fresh,
      message: `${bdf} was split from group ${id} (${stay.join(', ')}) although the hardware cannot isolate them: one group can now be given to a VM while the other stays with the host`,
      inferred: true,
    });
  }
  return created;
}

/** The vendor hook, asked once per group [T]: DMA if a member needs it, identity if all do, else the default. */
function groupType(tx: Tx, id: number): { type: DomainType; why: string } {
  const needs = tx.grp(id).devices.map((b) => [b, deviceNeed(tx, b)] as const);
  const dma = needs.find(([, n]) => n.type === 'DMA');
  if (dma) return { type: 'DMA', why: `the vendor hook answers DMA: ${dma[0]} ${dma[1].why}` };
  if (needs.length > 0 && needs.every(([, n]) => n.type === 'identity'))
    return { type: 'identity', why: `the vendor hook answers identity: ${needs[0]![1].why}` };
  const cfg = tx.m.config!;
  return {
    type: cfg.defaultType,
    why: `no member needs a particular type: ${cfg.reasons.defaultType ?? cfg.defaultType}`,
  };
}

function giveDefault(tx: Tx, id: number): void {
  const { type, why } = groupType(tx, id);
  const dom = allocDefaultDomain(tx, type, 'iommu_group_get_for_dev', `Group ${id}: ${why}.`);
  const g = tx.mgrp(id);
  g.defaultDomain = dom;
  g.domain = dom;
  g.typeWhy = `${why} [T]`;
  g.typeWhyFn = 'iommu_group_get_for_dev';
  const attachWhy = `Group ${id}'s members attach to its default domain.`;
  for (const bdf of g.devices) attachOrDefer(tx, bdf, dom, 'iommu_group_add_device', attachWhy);
  for (const bdf of g.devices) finalizeDmaOps(tx, bdf, 'intel');
}

// init_dmars: si_domain_init, before intel_iommu_init's banner (the 5.1 base prints it there).
function initDevices(tx: Tx): void {
  initSiDomain(tx);
}

function boot(tx: Tx, order: string[]): void {
  const groups: number[] = [];
  for (const bdf of order) {
    const r = probeGroup(tx, bdf);
    if (r?.created) groups.push(r.id);
  }
  for (const id of [...groups]) groups.push(...splitIdentityDevices(tx, id));
  for (const id of groups) giveDefault(tx, id);
}

function probeDevice(tx: Tx, bdf: string): void {
  const r = probeGroup(tx, bdf);
  if (!r) return;
  if (r.created) {
    giveDefault(tx, r.id);
    return;
  }
  const g = tx.grp(r.id);
  const need = deviceNeed(tx, bdf);
  const groupIsIdentity = g.defaultDomain !== null && tx.dom(g.defaultDomain).type === 'identity';
  if (need.type === 'identity' && !groupIsIdentity) {
    for (const id of splitIdentityDevices(tx, r.id)) giveDefault(tx, id);
    return;
  }
  attachOrDefer(tx, bdf, g.domain!, 'iommu_group_add_device', `It joins group ${r.id}'s domain.`);
  finalizeDmaOps(tx, bdf, 'intel');
}

/** First DMA map: deferred attach, then the A-style 32-bit fallback [I]. */
function dmaCall(tx: Tx, bdf: string): Answer {
  const d = tx.dev(bdf);
  if (!underIommu(tx, bdf) || d.group === null) return OK;
  if (d.deferred)
    attachDevice(
      tx,
      bdf,
      tx.grp(d.group).domain!,
      'do_deferred_attach',
      'The first DMA API call performs the deferred attach.',
    );
  const si = tx.m.siDomain;
  if (tx.dev(bdf).driverDomain !== si || maskReachesRam(tx, bdf)) return OK;
  if (!tx.m.fixes['b-32bit-fallback']) {
    tx.fault({
      kind: 'dma-fault',
      fn: 'iommu_need_mapping',
      device: bdf,
      message: `${bdf} has a ${dmaMaskBits(tx, bdf)}-bit DMA mask but stays identity-mapped: buffers above 4 GiB are out of its reach`,
      inferred: true,
    });
    return OK;
  }
  const id = allocDomain(tx, 'DMA', 'private', 'get_valid_domain_for_dev', {
    why: 'v3 is assumed to keep the driver-internal fallback of v5.1 for devices found to be 32-bit-only after boot [I].',
  });
  attachDevice(
    tx,
    bdf,
    id,
    'get_valid_domain_for_dev',
    'A 32-bit device leaves si_domain for a private DMA domain.',
  );
  tx.devEvent(
    'dma',
    'iommu_need_mapping',
    bdf,
    '32bit DMA uses non-identity mapping',
    `Its driver set a ${dmaMaskBits(tx, bdf)}-bit mask and RAM reaches above 4 GiB [I].`,
    { inferred: true, prefix: 'DMAR' },
  );
  tx.mdev(bdf).dmaOps = 'intel';
  return OK;
}

function releaseDevice(tx: Tx, bdf: string): void {
  const prev = tx.dev(bdf).driverDomain;
  if (!prev) return;
  const dom = tx.dom(prev);
  const m = tx.setHw(bdf, { kind: 'cleared' });
  m.driverDomain = null;
  if (dom.kind === 'private' && !dom.freed && devicesIn(tx, prev).length === 0)
    freeDomain(tx, prev, 'domain_exit', 'The private domain of a removed device is freed [I].');
}

export const policyB: PolicyImpl = { initDevices, boot, probeDevice, releaseDevice, dmaCall };
