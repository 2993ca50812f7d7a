/**
 * Booting a kernel on the machine: command line, effective configuration, DMAR init (translation
 * left on by a previous kernel, ignored graphics units), the policy's probe, then boot drivers.
 */
import { parseCmdline } from './cmdline';
import { resolveConfig } from './config';
import { doesDma, isDisplay } from './devclass';
import { NO_CONTEXT, newDeviceState, OLD_KERNEL_CONTEXT } from './device';
import { mastersDma } from './dma';
import { bindDriver } from './ops/driver';
import { policyFor } from './policies';
import { isUntrusted, type Topology } from './topology';
import type { Tx } from './tx';
import type { DeviceSpec } from './types';
import { has } from './versions';

/** What a kdump kernel inherits from the kernel that crashed. */
export interface KdumpCarry {
  /** Devices whose context entry the old tables still hold. */
  oldContext: ReadonlySet<string>;
  /** Devices still doing DMA the crashed kernel set up. */
  active: ReadonlySet<string>;
  /**
   * Devices the crashed kernel had in an identity domain (1:1 tables or hardware pass-through):
   * their copied context maps addresses to themselves, so DMA they were doing used physical
   * addresses, which 1:1 or no translation keeps landing where it did. The others' contexts
   * map IOVAs only the crashed kernel handed out.
   */
  oneToOne: ReadonlySet<string>;
}

/** The carry of a kdump kernel booted straight from the scenario: every device had a context. */
export function carryFromSpecs(specs: DeviceSpec[]): KdumpCarry {
  const oldContext = new Set<string>();
  const active = new Set<string>();
  for (const s of specs) {
    oldContext.add(s.bdf);
    if (mastersDma(s) && (s.activeAtCrash ?? doesDma(s))) active.add(s.bdf);
  }
  // What the crashed kernel's domains were is not in the scenario: IOVAs, the usual case.
  return { oldContext, active, oneToOne: new Set() };
}

/** Boot the machine's kernel from scratch (a reboot brings sysfs-removed devices back). */
export function bootKernel(tx: Tx, carry: KdumpCarry | null): void {
  const m = tx.m;
  const specs = [...tx.deviceStates().map((d) => d.spec), ...m.removed];
  tx.dropAllDevices();
  m.removed = [];
  tx.resetGroups();
  tx.resetDomains();
  m.domainSeq = 0;
  m.siDomain = null;
  m.booted = false;
  m.panicked = false;
  if (m.noCrashKernel) m.noCrashKernel = false;
  if (m.printedOnce) m.printedOnce = undefined;

  const parsed = parseCmdline(m.kernel, m.cmdline);
  tx.keep(parsed.events);
  const externalPci = specs.some((s) => s.externalFacing === true);
  const resolved = resolveConfig(m.kernel, parsed.vars, m.kconfig, m.machine, externalPci);
  m.config = resolved.config;
  tx.keep(resolved.events);
  const cfg = resolved.config;

  // The topology of all of them, handed in with the last (not asked of the record afterwards).
  const topo = tx.topologyOf(specs);
  for (let i = 0; i < specs.length; i++)
    tx.putDevice(newDeviceState(specs[i]!), i === specs.length - 1 ? topo : null);
  const order = topo.order;
  for (const bdf of untrustedOf(topo, has.untrustedPort(m.kernel))) tx.mdev(bdf).untrusted = true;

  initDmar(tx, order, carry);
  if (cfg.enabled) {
    const policy = policyFor(m.kernel);
    policy.initDevices?.(tx, order);
    const early = has.bannerBeforeGroups(m.kernel);
    if (early) vtdBanner(tx);
    if (m.machine.cachingMode && has.cachingModeForcesStrict(m.kernel)) batchingDisallowed(tx);
    // 5.11's own line comes with the first trusted device's DMA ops (policy.ts, askFlushQueue).
    policy.boot(tx, order);
    if (!early) vtdBanner(tx);
  }
  m.booted = true;
  for (let i = 0; i < order.length; i++) {
    const bdf = order[i]!;
    const drv = tx.m.devices[bdf]?.spec.driver;
    if (drv) bindDriver(tx, bdf, drv, true);
  }
}

// The devices below an external-facing port, per topology: the same for every kernel booted on
// the machine (a kdump kernel, a reboot), and a walk to the root for each of 20,000 devices.
const untrusted = [new WeakMap<Topology, readonly string[]>(), new WeakMap<Topology, readonly string[]>()];
function untrustedOf(topo: Topology, portItself: boolean): readonly string[] {
  const cache = untrusted[portItself ? 1 : 0]!;
  let list = cache.get(topo);
  if (!list) {
    const ports = topo.order.some((bdf) => topo.devices[bdf]!.externalFacing);
    list = ports ? topo.order.filter((bdf) => isUntrusted(topo, bdf, portItself)) : [];
    cache.set(topo, list);
  }
  return list;
}

/** DMAR setup before any device is probed: pre-enabled translation, ignored graphics units. */
function initDmar(tx: Tx, order: string[], carry: KdumpCarry | null): void {
  const m = tx.m;
  const cfg = m.config!;
  const pre = m.machine.translationPreEnabled;
  if (!cfg.enabled) {
    if (pre) {
      tx.emit({
        kind: 'init',
        fn: 'intel_disable_iommus',
        prefix: 'DMAR',
        message: 'Disabling translation left on by the previous kernel',
        why: 'With the IOMMU off, the driver still switches off translation a previous kernel left enabled.',
        silent: true,
      });
      if (cfg.kdump)
        untranslatedInheritedDma(tx, order, carry ?? carryFromSpecs(order.map((b) => tx.dev(b).spec)));
    }
    return;
  }
  if (pre && !cfg.kdump)
    tx.emit({
      kind: 'kdump',
      fn: 'init_dmars',
      prefix: 'DMAR',
      level: 'warn',
      message: 'Translation was enabled for dmar0 but we are not in kdump mode',
      why: 'A kernel that is not a crash kernel starts from clean tables.',
    });
  if (pre && cfg.kdump) {
    tx.emit({
      kind: 'kdump',
      fn: 'init_dmars',
      prefix: 'DMAR',
      message: 'Translation already enabled - trying to copy translation structures',
      why: 'This is a kdump kernel and the crashed kernel left VT-d translating.',
    });
    if (m.machine.copyTablesFails)
      tx.emit({
        kind: 'kdump',
        fn: 'init_dmars',
        prefix: 'DMAR',
        level: 'err',
        message: 'Failed to copy translation tables from previous kernel for dmar0',
        why: 'The old tables cannot be copied: translation is switched off and nothing is deferred, so devices still doing DMA will fault.',
      });
    else
      tx.emit({
        kind: 'kdump',
        fn: 'init_dmars',
        prefix: 'DMAR',
        message: 'Copied translation tables from previous kernel for dmar0',
        why: "The crashed kernel's root and context tables are copied, so devices still doing DMA keep working until their drivers reset them.",
      });
  }
  const c = carry ?? (cfg.kdump ? carryFromSpecs(order.map((b) => tx.dev(b).spec)) : null);
  for (let i = 0; i < order.length; i++) {
    const bdf = order[i]!;
    const d = tx.dev(bdf);
    if (cfg.kdump && c?.active.has(bdf)) inherit(tx, bdf, c);
    if (cfg.copiedTables && c?.oldContext.has(bdf))
      tx.setHw(bdf, OLD_KERNEL_CONTEXT).inheritedOneToOne = c.oneToOne.has(bdf);
    if (m.machine.gfxOnlyUnit && !cfg.mapGfx && isDisplay(d.spec)) {
      const md = tx.setHw(bdf, NO_CONTEXT);
      md.noIommu = true;
      tx.emit({
        kind: 'init',
        fn: 'init_no_remapping_devices',
        device: bdf,
        message: 'on a graphics-only DMAR unit ignored by igfx_off: no IOMMU',
        why: 'intel_iommu=igfx_off makes the driver ignore a VT-d unit that serves only display devices; they get no group and DMA to physical addresses.',
        prefix: 'sandbox',
        silent: true,
      });
    }
  }
}

function inherit(tx: Tx, bdf: string, c: KdumpCarry): void {
  const md = tx.mdev(bdf);
  md.inheritedDma = true;
  md.inheritedOneToOne = c.oneToOne.has(bdf);
}

/**
 * A kdump kernel with VT-d off: intel_iommu_init switches translation off ("Make sure the IOMMUs
 * are switched off, even when we boot into a kexec kernel and the previous kernel left them
 * enabled") and never turns it back on, so DMA the crashed kernel programmed with IOVAs now
 * reaches those numbers as physical addresses, in the memory the dump is meant to save.
 */
function untranslatedInheritedDma(tx: Tx, order: string[], c: KdumpCarry): void {
  for (let i = 0; i < order.length; i++) {
    const bdf = order[i]!;
    if (!c.active.has(bdf)) continue;
    inherit(tx, bdf, c);
    if (c.oneToOne.has(bdf)) continue;
    tx.fault(
      {
        kind: 'dma-fault',
        dma: 'misdirected',
        fn: 'intel_disable_iommus',
        device: bdf,
        message: `${bdf} still DMAs to the crashed kernel's IOVAs, which untranslated now reach those physical addresses: memory corruption`,
        inferred: true,
      },
      'With translation off nothing faults or logs a line: the DMA lands on whatever physical memory has those numbers, silently corrupting it (perhaps the memory the dump is meant to save).',
    );
  }
}

function vtdBanner(tx: Tx): void {
  tx.emit({
    kind: 'init',
    fn: 'intel_iommu_init',
    prefix: 'DMAR',
    message: 'Intel(R) Virtualization Technology for Directed I/O',
    why: 'Every VT-d unit now translates DMA through the context entries set up by init_dmars.',
  });
}

function batchingDisallowed(tx: Tx): void {
  tx.emit({
    kind: 'init',
    fn: 'intel_iommu_init',
    prefix: 'DMAR',
    message: 'IOMMU batching disallowed due to virtualization',
    why: 'A virtual VT-d with Caching Mode: intel_iommu_init calls iommu_set_dma_strict(), after iommu_subsys_init printed its policy. (One that also has scalable mode and first-level tables would keep its flush queues, as DMA domains then use first-level tables: first_level_by_default(), 257ec2907419, in 6.1.y [I]. QEMU 7.2’s VT-d has no first-level tables.)',
  });
}
