/**
 * Driver bind and unbind: the moment a device's DMA mask becomes known, 6.1's DMA ownership
 * count (pci_dma_configure → iommu_device_use_default_domain), and the 5.x vfio BUG_ON.
 */
import { fullBdf } from '../bdf';
import { isBridge } from '../deviceTypes';
import { type Answer, OK, refuse, sandboxRefuses } from '../policies/policy';
import { stopKernel } from '../stop';
import type { Tx } from '../tx';
import type { BoundDriver, DriverSpec } from '../types';
import { has } from '../versions';
import { CUT_HERE } from '../warn';
import { dma } from './dmaCall';

/** Drivers that set driver_managed_dma. */
export const MANAGED_DMA_DRIVERS = ['vfio-pci', 'pci-stub', 'pcieport'];
/** Drivers vfio accepts in a group it uses (vfio_dev_viable before 6.1). */
export const VFIO_SAFE_DRIVERS = ['vfio-pci', 'pci-stub'];

/** The driver that binds: a name, an object, or the device's own boot driver. */
export function resolveDriver(
  tx: Tx,
  bdf: string,
  given: DriverSpec | string | null | undefined,
): BoundDriver | null {
  const own = tx.dev(bdf).spec.driver ?? null;
  const spec: DriverSpec | null =
    typeof given === 'string' ? (own && own.name === given ? own : { name: given }) : (given ?? own);
  if (!spec) return null;
  return {
    name: spec.name,
    dmaMask: spec.dmaMask ?? 64,
    managedDma: spec.managedDma ?? MANAGED_DMA_DRIVERS.includes(spec.name),
    dmaAtProbe: spec.dmaAtProbe ?? false,
  };
}

/** A driver probes the device (driver_probe_device). */
export function bindDriver(
  tx: Tx,
  bdf: string,
  given: DriverSpec | string | null | undefined,
  atBoot = false,
): Answer {
  const d = tx.dev(bdf);
  const drv = resolveDriver(tx, bdf, given);
  // No driver to name: drivers_probe would find none (device_attach) and the write would succeed.
  if (!drv)
    return sandboxRefuses(
      `-ENODEV: no driver given and ${fullBdf(bdf)} has no driver of its own`,
      'device_attach',
    );
  if (d.driver)
    return has.bindBoundBusy(tx.m.kernel)
      ? refuse(
          `-EBUSY: ${fullBdf(bdf)} is already bound to ${d.driver.name} (__driver_probe_device)`,
          '__driver_probe_device',
        )
      : refuse(
          `-ENODEV: ${fullBdf(bdf)} is already bound to ${d.driver.name} (bind_store probes only a device without a driver)`,
          'bind_store',
        );
  // vfio-pci and pci-stub bind PCI devices only: their bind file looks the name up on the PCI bus
  // (bind_store → bus_find_device_by_name), where an ACPI device's platform device is not.
  if (d.spec.type === 'acpi' && (drv.name === 'vfio-pci' || drv.name === 'pci-stub'))
    return refuse(
      `-ENODEV: ${drv.name} binds PCI devices; ${fullBdf(bdf)} is an ACPI device, not on the PCI bus`,
      'bind_store',
    );
  const k = tx.m.kernel;
  const g = d.group === null ? null : tx.grp(d.group);
  // vfio_pci_probe: no group (VT-d off, or the device is not behind it), no vfio device. 6.1 asks
  // when it registers the device (vfio_register_group_dev → vfio_group_find_or_alloc).
  if (drv.name === 'vfio-pci' && !g)
    return probeFailed(
      tx,
      bdf,
      drv,
      -22,
      `-EINVAL: vfio-pci: ${fullBdf(bdf)} has no iommu group`,
      k === 'v6.1' ? 'vfio_group_find_or_alloc' : 'vfio_pci_probe',
      `vfio-pci finds no iommu group for ${fullBdf(bdf)}, so it has no vfio device to create and its probe fails with -EINVAL.`,
    );
  if (g && g.owner === 'user' && !has.dmaOwnership(k) && !drv.managedDma && !vfioTolerates(tx, bdf, drv)) {
    const why = `Group ${g.id} is in use by user space and ${drv.name} is not a driver vfio allows next to it; before 5.19 the vfio notifier answers with BUG_ON(vfio_group_nb_verify(...)), which report_bug prints as the cut line and the file and line of the BUG_ON (its number depends on the tree: "…").`;
    tx.emit({ ...bugLine(bdf, g.id, why), fn: 'report_bug', level: 'warn', message: CUT_HERE });
    tx.emit({ ...bugLine(bdf, g.id, why), message: 'kernel BUG at drivers/vfio/vfio.c:…!' });
    tx.fault({
      kind: 'kernel-crash',
      fn: 'vfio_iommu_group_notifier',
      device: bdf,
      group: g.id,
      message: `binding ${drv.name} to ${fullBdf(bdf)} inside live vfio group ${g.id} hits BUG_ON`,
    });
    tx.m.panicked = true;
    return refuse(
      '-EFAULT: kernel BUG in vfio_iommu_group_notifier (the machine has crashed)',
      'vfio_iommu_group_notifier',
    );
  }
  if (g && has.dmaOwnership(k) && !drv.managedDma) {
    if (g.ownerCnt > 0 && (g.domain !== g.defaultDomain || g.owner === 'user')) {
      tx.devEvent(
        'driver',
        'iommu_device_use_default_domain',
        bdf,
        `${drv.name}: probe refused, group ${g.id} is owned by user space`,
        `6.1 DMA ownership: a kernel driver that uses the DMA API cannot bind while group ${g.id} is claimed or out of its default domain.`,
        { level: 'warn', prefix: 'sandbox', silent: true },
      );
      return refuse(
        `-EBUSY: group ${g.id} is claimed for user space (iommu_device_use_default_domain)`,
        'iommu_device_use_default_domain',
      );
    }
    tx.mgrp(g.id).ownerCnt += 1;
  }
  const md = tx.mdev(bdf);
  md.driver = drv;
  md.maskKnownAt = tx.m.step;
  const reset = md.inheritedDma;
  md.inheritedDma = false;
  if (!tx.skipsSilent()) {
    // driver_managed_dma is 5.19's; before it such a driver is only one that sets no DMA mask.
    const owns = has.dmaOwnership(tx.m.kernel);
    tx.devEvent(
      'driver',
      'really_probe',
      bdf,
      `bound to ${drv.name}${drv.managedDma ? (owns ? ' (driver_managed_dma)' : '') : `, dma_set_mask(${drv.dmaMask} bits)`}`,
      `${atBoot ? 'At boot ' : ''}${drv.name} probes ${fullBdf(bdf)}${drv.managedDma ? (owns ? ' and manages DMA ownership itself' : ' and sets no DMA mask of its own') : `: only now is its ${drv.dmaMask}-bit DMA mask known`}${reset ? '; probing resets the device, which stops the DMA the crashed kernel had set up' : ''}.`,
      { prefix: 'sandbox', silent: true },
    );
  }
  if (drv.dmaAtProbe && !drv.managedDma) return firstDmaInProbe(tx, bdf, drv);
  return OK;
}

// The probe allocates its queues (dma_alloc_coherent): the first DMA API call, with what it does
// (a deferred attach, a 5.x re-decision). If the allocation fails, so does the probe, and
// really_probe unbinds the driver again.
function firstDmaInProbe(tx: Tx, bdf: string, drv: BoundDriver): Answer {
  const answer = dma(tx, bdf);
  if (answer.ok) return OK;
  // The map oopsed: the kernel dies inside the probe (during a boot, the boot stops there).
  if (tx.m.panicked) stopKernel(tx, answer.error, answer.fn);
  // libata reports it first: ata_host_start, when ahci_port_start's dmam_alloc_coherent fails.
  if (drv.name === 'ahci')
    tx.devEvent(
      'driver',
      'ata_host_start',
      bdf,
      'failed to start port 0 (errno=-12)',
      "ahci_port_start could not allocate the port's command list and FIS area.",
      { level: 'err' },
    );
  dropDriver(tx, bdf);
  // The -ENOMEM is the driver's probe's (ahci's port_start hook; another driver's the sandbox does
  // not name: really_probe, which reports it).
  return probeFailed(
    tx,
    bdf,
    drv,
    -12,
    `-ENOMEM: ${drv.name}: probe of ${fullBdf(bdf)} failed: its first DMA allocation failed (${answer.error})`,
    drv.name === 'ahci' ? 'ahci_port_start' : 'really_probe',
    `The probe's first DMA allocation failed (${answer.error}), so ${drv.name} gives up with -ENOMEM and the device stays without a driver.`,
  );
}

/**
 * A probe that failed with `errno`: the driver core prints it (really_probe; call_driver_probe
 * from 5.14), and a sysfs bind answers the probe's `error` from 5.14, -ENODEV before (bind_store
 * sees really_probe's 0).
 */
function probeFailed(
  tx: Tx,
  bdf: string,
  drv: BoundDriver,
  errno: number,
  error: string,
  fn: string,
  why: string,
): Answer {
  const k = tx.m.kernel;
  tx.devEvent(
    'driver',
    has.probeErrnoToBind(k) ? 'call_driver_probe' : 'really_probe',
    bdf,
    `${drv.name}: probe of ${fullBdf(bdf)} failed with error ${errno}`,
    why,
    { prefix: 'kernel', level: 'warn' },
  );
  if (has.probeErrnoToBind(k)) return refuse(error, fn);
  return refuse(
    `-ENODEV: ${drv.name}: probe of ${fullBdf(bdf)} failed with error ${errno} (${error.replace(/^-E[A-Z]+: /, '')}); before 5.14 bind_store answers any failed probe with -ENODEV`,
    'bind_store',
  );
}

// lib/bug.c report_bug, 5.1 to 6.1: a BUG_ON prints CUT_HERE (include/asm-generic/bug.h, at the
// default level), then pr_crit("kernel BUG at %s:%u!\n", file, line) — lib/bug.c's pr_fmt adds nothing.
const bugLine = (bdf: string, group: number, why: string) =>
  ({
    kind: 'vfio',
    fn: 'vfio_iommu_group_notifier',
    device: bdf,
    group,
    level: 'err',
    prefix: 'kernel',
    why,
  }) as const;

function vfioTolerates(tx: Tx, bdf: string, drv: BoundDriver): boolean {
  return VFIO_SAFE_DRIVERS.includes(drv.name) || isBridge(tx.dev(bdf).spec);
}

/**
 * A vfio-pci device of a group user space holds: the VM has it open, and taking vfio-pci away
 * (an unbind, a removal) does not fail in the kernel but waits in vfio_del_group_dev
 * (vfio_unregister_group_dev in 6.1), which has vfio-pci relay a device request to user space
 * until it closes the device. The sandbox runs no user space to answer: it shows the request and
 * refuses the step, whose errno is the sandbox's. `what`: the write, for the refusal.
 */
export function heldByUserSpace(tx: Tx, bdf: string, what: string): Answer | null {
  const d = tx.dev(bdf);
  if (d.group === null || tx.grp(d.group).owner !== 'user' || d.driver?.name !== 'vfio-pci') return null;
  const wait = has.dmaOwnership(tx.m.kernel) ? 'vfio_unregister_group_dev' : 'vfio_del_group_dev';
  tx.devEvent(
    'vfio',
    has.dmaOwnership(tx.m.kernel) ? 'vfio_pci_core_request' : 'vfio_pci_request',
    bdf,
    'Relaying device request to user (#0)',
    `User space has the device open: ${wait}() asks it, through vfio-pci, to let go, and waits.`,
    { inferred: true },
  );
  return sandboxRefuses(
    `-EBUSY: vfio-pci holds ${fullBdf(bdf)} for user space: ${what} does not fail in the kernel but waits in ${wait}() until the VM lets go of it; the sandbox refuses instead (release the group first)`,
    wait,
  );
}

/** device_release_driver: the driver lets go; 6.1 drops its DMA ownership count. */
export function unbindDriver(tx: Tx, bdf: string): Answer {
  const d = tx.dev(bdf);
  // unbind_store answers -ENODEV when the device is not bound to the driver written to.
  if (!d.driver) return refuse(`-ENODEV: ${fullBdf(bdf)} has no driver bound`, 'unbind_store');
  const name = d.driver.name;
  tx.devEvent(
    'driver',
    'device_release_driver',
    bdf,
    `${name} unbound`,
    `${name} lets go of the device; its domain does not change.`,
    { prefix: 'sandbox', silent: true },
  );
  dropDriver(tx, bdf);
  return OK;
}

/** The device is left without its driver: 6.1 drops the driver's DMA ownership count. */
function dropDriver(tx: Tx, bdf: string): void {
  const d = tx.dev(bdf);
  if (d.group !== null && has.dmaOwnership(tx.m.kernel) && !d.driver?.managedDma) {
    const g = tx.mgrp(d.group);
    g.ownerCnt = Math.max(0, g.ownerCnt - 1);
  }
  const md = tx.mdev(bdf);
  md.driver = null;
  md.dmaStarted = false;
}
