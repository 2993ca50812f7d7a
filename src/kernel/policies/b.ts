/**
 * Policy B, James Sewart's v3 series as the 2019 review describes it [T] (kernel-model.md §7.B):
 * the vendor hook picks each group's type up front, and a device that needs identity while its
 * group-mates do not gets a group of its own — which breaks isolation. Reconstructed from the
 * thread (the v3 code itself was not available) on the 5.1 core it was posted against: each
 * device in turn gets its group, the group's default domain if it is new, the attach, and then
 * the "Adding to iommu group" line (iommu_group_get_for_dev → iommu_group_add_device).
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
import { attachAtAdd, createGroup, joinGroup } from '../groupops';
import { pciDeviceGroup } from '../groups';
import { deviceNeed, dmaMaskBits, maskReachesRam } from '../identity';
import type { Tx } from '../tx';
import type { DomainType } from '../types';
import { type Answer, attachOrDefer, finalizeDmaOps, OK, type PolicyImpl } from './policy';

/** The devices the boot probes: v3's 5.1 base groups PCI devices only (no ACPI-namespace ones). */
const probed = (tx: Tx, bdf: string) => underIommu(tx, bdf) && tx.dev(bdf).spec.type !== 'acpi';

/**
 * "Create an IOMMU group for devices that require an identity map" [T], decided before the first
 * probe: a device that needs identity gets a group of its own when a device pci_device_group
 * would put with it does not. Asked over every enumerated device, so the split does not depend
 * on which function is probed first (kernel-model.md §7.B's rule; its caveat is that a callback
 * asking only about devices already probed would depend on the order).
 */
function identitySplits(
  tx: Tx,
  order: readonly string[],
): { split: Set<string>; mates: Record<string, string[]> } {
  const scratch: Record<string, number> = {};
  const members: string[][] = [];
  const mates: Record<string, string[]> = {};
  for (const bdf of order) {
    const dec = pciDeviceGroup(tx.topology(), bdf, (b) => scratch[b] ?? null, false, tx.m.kernel);
    const id = dec.kind === 'existing' ? dec.group : members.push([]) - 1;
    scratch[bdf] = id;
    members[id]!.push(bdf);
    mates[bdf] = members[id]!;
  }
  const split = new Set<string>();
  for (const group of members) for (const bdf of splitOut(tx, group)) split.add(bdf);
  return { split, mates };
}

/** The members of a would-be group that need identity while another member does not. */
function splitOut(tx: Tx, group: readonly string[]): string[] {
  if (group.length < 2) return [];
  const idDevs = group.filter((b) => deviceNeed(tx, b).type === 'identity');
  return idDevs.length === group.length ? [] : idDevs;
}

interface Placement {
  id: number;
  created: boolean;
  why: string;
  fn: string;
}

/**
 * v3's device_group callback [T]: pci_device_group, except that a device to be split off gets a
 * fresh group (taken while the one pci_device_group found or made is still held, which is then
 * dropped), and that the groups of split-off devices are not found by the others' searches.
 */
function deviceGroup(tx: Tx, bdf: string, split: ReadonlySet<string>, mates: readonly string[]): Placement {
  const groupOf = (b: string) => (b !== bdf && split.has(b) ? null : tx.groupOf(b));
  const plain = pciDeviceGroup(tx.topology(), bdf, groupOf, tx.explains, tx.m.kernel);
  if (!split.has(bdf)) {
    if (plain.kind === 'existing')
      return { id: plain.group, created: false, why: plain.reason.text, fn: plain.reason.fn };
    return { id: createGroup(tx), created: true, why: plain.reason.text, fn: plain.reason.fn };
  }
  const held = plain.kind === 'new' ? tx.groupIds.alloc() : null;
  const id = createGroup(tx);
  if (held !== null) tx.groupIds.free(held);
  const need = deviceNeed(tx, bdf);
  const others = mates.filter((b) => b !== bdf);
  tx.fault({
    kind: 'isolation-broken',
    fn: 'intel_iommu_device_group',
    device: bdf,
    group: id,
    message: `${bdf} gets group ${id} of its own although the hardware cannot isolate it from ${others.join(', ')}: one group can now be given to a VM while the other stays with the host`,
    inferred: true,
  });
  return {
    id,
    created: true,
    why: `v3 gives it a group of its own because it requires an identity map (${need.why}), where pci_device_group would have put it with the others (inferred from the review thread)`,
    fn: 'intel_iommu_device_group',
  };
}

/** The vendor hook, asked once per group [T]: DMA if a member needs it, identity if all do, else the default. */
function groupType(tx: Tx, members: readonly string[]): { type: DomainType; why: string } {
  const needs = members.map((b) => [b, deviceNeed(tx, b)] as const);
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

/** iommu_group_get_for_dev's default domain for a new group, of the type the vendor hook picks. */
function giveDefault(tx: Tx, id: number, members: readonly string[]): void {
  const { type, why } = groupType(tx, members);
  const dom = allocDefaultDomain(
    tx,
    id,
    type,
    'iommu_group_get_for_dev',
    `Group ${id}: ${why} (inferred from the review thread).`,
  );
  const g = tx.mgrp(id);
  g.defaultDomain = dom;
  g.domain = dom;
  g.typeWhy = `${why} (inferred from the review thread)`;
  g.typeWhyFn = 'iommu_group_get_for_dev';
}

// init_dmars: si_domain_init, before intel_iommu_init's banner (the 5.1 base prints it there).
function initDevices(tx: Tx): void {
  initSiDomain(tx);
}

/**
 * intel_iommu_add_device → iommu_group_get_for_dev, as the 5.1 core runs it for each device in
 * turn: the device_group callback, a default domain for a new group, then iommu_group_add_device,
 * which attaches the device and only then logs "Adding to iommu group". `mates`: the devices
 * pci_device_group alone would group it with (itself included), known to the vendor hook.
 */
function addDevice(tx: Tx, bdf: string, split: ReadonlySet<string>, mates: readonly string[]): void {
  if (tx.m.config?.copiedTables && tx.m.fixes['defer-attach-in-kdump']) tx.mdev(bdf).deferred = true;
  const { id, created, why, fn } = deviceGroup(tx, bdf, split, mates);
  if (created) giveDefault(tx, id, split.has(bdf) ? [bdf] : mates.filter((b) => !split.has(b)));
  const joined = joinGroup(
    tx,
    bdf,
    id,
    why,
    fn,
    () =>
      attachAtAdd(tx, bdf, id, (domain) =>
        attachOrDefer(
          tx,
          bdf,
          domain,
          'iommu_group_add_device',
          `iommu_group_add_device attaches it to group ${id}'s domain.`,
        ),
      ),
    fn === 'intel_iommu_device_group',
  );
  if (joined) finalizeDmaOps(tx, bdf, 'intel');
}

function boot(tx: Tx, order: string[]): void {
  const devices = order.filter((b) => probed(tx, b));
  const { split, mates } = identitySplits(tx, devices);
  // The hook looks ahead at devices not probed yet: all of them are enumerated already.
  for (const bdf of devices) addDevice(tx, bdf, split, mates[bdf]!);
}

/**
 * A device that appears after boot takes the same path; the hook's look-ahead sees the members of
 * the group pci_device_group finds for it (groups split off at boot are not remembered).
 */
function probeDevice(tx: Tx, bdf: string): void {
  if (!probed(tx, bdf)) return;
  const plain = pciDeviceGroup(tx.topology(), bdf, tx.groupOf, false, tx.m.kernel);
  const group = plain.kind === 'existing' ? [...tx.grp(plain.group).devices, bdf] : [bdf];
  addDevice(tx, bdf, new Set(splitOut(tx, group).filter((b) => b === bdf)), group);
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
      'iommu_need_mapping',
      "The first DMA API call performs the deferred attach, in the 5.1 base's first-map hook (v3's own code for it is not known: inferred).",
    );
  const si = tx.m.siDomain;
  if (tx.dev(bdf).driverDomain !== si || maskReachesRam(tx, bdf)) return OK;
  if (!tx.m.fixes['b-32bit-fallback']) {
    // An identity-mapped device's map returns the buffer's physical address as it is (5.1's
    // __intel_map_single: iommu_no_mapping), never checked against the mask.
    tx.fault({
      kind: 'dma-fault',
      dma: 'out-of-reach',
      fn: 'iommu_need_mapping',
      device: bdf,
      message: `${bdf} has a ${dmaMaskBits(tx, bdf)}-bit DMA mask but stays identity-mapped: buffers above 4 GiB are out of its reach`,
      inferred: true,
    });
    return OK;
  }
  const id = allocDomain(tx, 'DMA', 'private', 'get_valid_domain_for_dev', {
    users: [bdf],
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
