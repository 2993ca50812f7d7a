/**
 * What a kernel policy (kernel-model.md §7) implements. Everything else (command line, driver
 * binding, vfio, sysfs, hotplug bookkeeping) is shared and asks the policy only these questions.
 */
import { attachDevice } from '../domains';
import { firstTime } from '../printOnce';
import type { Tx } from '../tx';
import { has } from '../versions';

/**
 * A step's answer. `iovaInIdentity`: the map went through __intel_map_single into an identity
 * domain (5.5's deferred attach after the identity check), which handed out an IOVA. A refusal
 * names the kernel function whose return gave the errno (or that oopsed), `fn`; `bySandbox` when
 * the errno is the sandbox's own (no kernel to ask, a wait it does not model), as its notes are
 * marked `prefix: 'sandbox'`: `fn` is then the kernel function the step stands for.
 */
export type Answer =
  | { ok: true; iovaInIdentity?: true }
  | { ok: false; error: string; fn: string; bySandbox?: true };
export const OK: Answer = { ok: true };
export const refuse = (error: string, fn: string): Answer => ({ ok: false, error, fn });
/** A refusal the sandbox makes where the kernel would not answer so (see Answer). */
export const sandboxRefuses = (error: string, fn: string): Answer => ({
  ok: false,
  error,
  fn,
  bySandbox: true,
});

/**
 * The VFS's -ENOENT for a path that does not exist (a group's sysfs directory, /dev/vfio/N): from
 * 5.7's namei rework the walk's step_into → handle_mounts → traverse_mounts returns it for the
 * negative dentry; before, walk_component for a missing directory on the way and do_last for a
 * missing last component. `last`: the last component is the one missing.
 */
export function noSuchFile(tx: Tx, error: string, last: boolean): Answer {
  const k = tx.m.kernel;
  const old = k === 'v5.1' || k === 'v3-sewart' || k === 'v5.3';
  return refuse(error, old ? (last ? 'do_last' : 'walk_component') : 'traverse_mounts');
}

export interface PolicyImpl {
  /** What the driver's init_dmars does to devices before any group exists (A: identity, RMRR). */
  initDevices?(tx: Tx, order: string[]): void;
  /** The first probe of every device (bus_set_iommu / bus_iommu_probe): groups, default domains, attach. */
  boot(tx: Tx, order: string[]): void;
  /** A device appears after boot (hot-add, rescan): BUS_NOTIFY_ADD_DEVICE. */
  probeDevice(tx: Tx, bdf: string): void;
  /** A device goes away (its driver already unbound): BUS_NOTIFY_REMOVED_DEVICE. */
  releaseDevice(tx: Tx, bdf: string): void;
  /** The bound driver makes a DMA API call (the first one may decide identity or attach). */
  dmaCall(tx: Tx, bdf: string): Answer;
}

/**
 * Attach a member to its group's domain unless its attach is deferred (kdump). The core asks the
 * Intel driver's intel_iommu_is_attach_deferred(): inside __iommu_attach_device up to 5.6.14 (so
 * for every caller: the 5.1 base of v3, 5.3), from the callers that attach a device as it joins
 * its group from 5.6.15 and 5.7 (iommu_is_attach_deferred in iommu_group_add_device and
 * iommu_group_do_dma_attach, "iommu: Fix deferred domain attachment").
 */
export function attachOrDefer(tx: Tx, bdf: string, domain: string, fn: string, why: string): void {
  const d = tx.dev(bdf);
  if (d.deferred) {
    const k = tx.m.kernel;
    const asks =
      k === 'v3-sewart' || has.attachChecksDeferred(k)
        ? `${fn} → __iommu_attach_device`
        : `${fn} → iommu_is_attach_deferred`;
    tx.emit({
      kind: 'kdump',
      fn: 'intel_iommu_is_attach_deferred',
      device: bdf,
      domain,
      message: `attach to ${tx.dom(domain).name ?? domain} deferred`,
      why: `Translation was already on (kdump): ${asks} asks intel_iommu_is_attach_deferred(), which says yes, so the device keeps the crashed kernel's copied context until its driver's first DMA API call.`,
      prefix: 'sandbox',
      silent: true,
      ...(k === 'v3-sewart' ? { inferred: true } : {}),
    });
    return;
  }
  attachDevice(tx, bdf, domain, fn, why);
}

/**
 * probe_finalize: which DMA API the driver will call, from the domain the device is in now
 * (iommu_get_domain_for_dev: its group's current domain): a DMA domain's ops, else dma-direct.
 * 5.4–5.10 give an untrusted device bounce_dma_ops whatever its domain (device_needs_bounce).
 * Before 5.8 every device behind VT-d has the global intel_dma_ops, identity-mapped or not.
 */
export function finalizeDmaOps(tx: Tx, bdf: string, translatedOps: 'intel' | 'iommu-dma'): void {
  const d = tx.dev(bdf);
  const g = d.group === null ? null : tx.grp(d.group);
  const dom = g?.domain ? tx.dom(g.domain) : null;
  const ops =
    d.untrusted && has.untrustedBounce(tx.m.kernel)
      ? 'intel-bounce'
      : dom?.type === 'DMA' || dom?.type === 'DMA-FQ' || !has.perDeviceDmaOps(tx.m.kernel)
        ? translatedOps
        : 'direct';
  if (d.dmaOps !== ops) tx.mdev(bdf).dmaOps = ops;
  if (dom && ops === 'iommu-dma' && has.fqWithDmaOps(tx.m.kernel)) askFlushQueue(tx, bdf, dom.id);
}

/**
 * 5.11 iommu_dma_init_domain, as iommu_setup_dma_ops gives a device a DMA domain's ops: the
 * domain's flush queue is set up for its first trusted device (an untrusted one's unmaps are
 * always flushed at once), if the driver's domain_use_flush_queue() says so: not with
 * intel_iommu=strict, nor on a VT-d unit with Caching Mode, which it warns about once.
 */
function askFlushQueue(tx: Tx, bdf: string, domain: string): void {
  const dom = tx.dom(domain);
  const cfg = tx.m.config;
  if (dom.type !== 'DMA' || dom.lazy || dom.freed || !cfg || tx.dev(bdf).untrusted) return;
  if (cfg.strictFromCmdline) return;
  if (!tx.m.machine.cachingMode) {
    tx.mdom(domain).lazy = true;
    return;
  }
  if (firstTime(tx, 'domain_use_flush_queue'))
    tx.emit({
      kind: 'init',
      fn: 'domain_use_flush_queue',
      prefix: 'DMAR',
      level: 'warn',
      message: 'IOMMU batching is disabled due to virtualization',
      why: `Caching Mode (virtual VT-d): iommu_dma_init_domain asks whether ${bdf}'s DMA domain may use a flush queue, and the driver says no (pr_warn_once: the first time only).`,
      inferred: true,
    });
}
