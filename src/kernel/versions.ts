/**
 * What each simulated kernel has and lacks. One place answers "does this version do X?",
 * so the policy modules never compare version strings themselves.
 */
import type { KernelId, Policy } from './types';

const POLICY: Record<KernelId, Policy> = {
  'v5.1': 'A',
  'v3-sewart': 'B',
  'v5.3': 'C',
  'v5.7': 'C',
  'v5.8': 'D',
  'v5.11': 'D',
  'v6.1': 'D',
};

/** The policy (kernel-model.md §0.3) a kernel runs. */
export function policyOf(kernel: KernelId): Policy {
  return POLICY[kernel];
}

/** Kernel feature predicates, by version. */
export const has = {
  /** IOMMU_DOMAIN_DMA_FQ as a domain type (6.1; lazy mode is an attribute before it). */
  dmaFqType: (k: KernelId) => k === 'v6.1',
  /**
   * A DMA domain's flush queue is set up with its first trusted device's DMA ops
   * (iommu_dma_init_domain asks the driver's DOMAIN_ATTR_DMA_USE_FLUSH_QUEUE, 5.11), not when it
   * is allocated: a domain only untrusted devices use has none (82c3cefb9f16, "iommu: Don't use
   * lazy flush for untrusted device", 5.12 and 5.11.4).
   */
  fqWithDmaOps: (k: KernelId) => k === 'v5.11',
  /** /sys/kernel/iommu_groups/N/type accepts writes (iommu_group_store_type, 5.11+). */
  writableType: (k: KernelId) => k === 'v5.11' || k === 'v6.1',
  /** iommu_request_dm_for_dev / iommu_request_dma_domain_for_dev (5.3–5.7). */
  requestDomain: (k: KernelId) => k === 'v5.3' || k === 'v5.7',
  /** 6.1 DMA ownership: owner_cnt, blocking domain, iommu_group_claim_dma_owner. */
  dmaOwnership: (k: KernelId) => k === 'v6.1',
  /**
   * A failed probe's errno reaches a sysfs bind (ef6dcbdd8eb2, "driver core: Flow the return code
   * from ->probe() through to sysfs bind", 5.14). Before it really_probe prints the failure and
   * returns 0, and bind_store turns that into -ENODEV.
   */
  probeErrnoToBind: (k: KernelId) => k === 'v6.1',
  /** vfio listens on the group's notifier chain (vfio_iommu_group_notifier; removed in 5.19). */
  vfioGroupNotifier: (k: KernelId) => k !== 'v6.1',
  /** The core asks iommu_get_def_domain_type() about untrusted devices before the driver (5.11+). */
  coreUntrustedCheck: (k: KernelId) => k === 'v5.11' || k === 'v6.1',
  /** Non-PCI (ACPI namespace) devices get a group of their own (generic_device_group, 5.7+). */
  acpiGroups: (k: KernelId) => k === 'v5.7' || policyOf(k) === 'D',
  /**
   * intel_iommu_init logs "Intel(R) Virtualization Technology for Directed I/O" right after
   * init_dmars, before bus_set_iommu forms the groups (until 5.3's "Enable DMA remapping after
   * rmrr mapped" moved it to the end).
   */
  bannerBeforeGroups: (k: KernelId) => k === 'v5.1' || k === 'v3-sewart',
  /**
   * DMA ops chosen per device by its domain (6fc7020cf298 "iommu/vt-d: Apply per-device dma_ops",
   * v5.8): identity → dma-direct. Before it intel_iommu_init sets the global dma_ops to
   * intel_dma_ops for every device, and intel_map_page asks iommu_need_mapping() at each map
   * whether to hand the buffer on to dma-direct.
   */
  perDeviceDmaOps: (k: KernelId) => policyOf(k) === 'D',
  /** bounce_dma_ops for untrusted devices, whatever their domain (5.4 to the dma-iommu conversion in 5.11). */
  untrustedBounce: (k: KernelId) => k === 'v5.7' || k === 'v5.8',
  /**
   * dmar_remove_one_dev_info skips a device whose info is still the DEFER marker (5.5+, "avoid
   * panic in __dmar_remove_one_dev_info"); 5.3 dereferences the marker.
   */
  removeSkipsDeferMarker: (k: KernelId) => k !== 'v5.3',
  /**
   * identity_mapping() skips the DEFER marker (160c63f909ff, "Fix panic after kexec -p for kdump":
   * v5.4-rc5 and 5.3.y stable); 5.3.1 reads info->domain through it.
   */
  identityCheckSkipsDeferMarker: (k: KernelId) => k !== 'v5.3',
  /**
   * A VT-d unit with Caching Mode (a virtual one) makes 6.1's intel_iommu_init force strict mode
   * after init_dmars ("IOMMU batching disallowed"); 5.11 says so when a flush queue is first asked
   * for ("disabled": fqWithDmaOps); nothing before.
   */
  cachingModeForcesStrict: (k: KernelId) => k === 'v6.1',
  /**
   * On removal the core's bus notifier (registered first, by bus_set_iommu) takes the device out
   * of its group before the VT-d driver's own notifier detaches it and frees its domain (up to
   * 5.2); from 5.3 the driver's remove/release callback detaches it first. 5.8's
   * iommu_release_device took it out of the group first only until 5.8-rc5 (9ac8545199a1, "iommu:
   * Fix use-after-free in iommu_release_device"); the order changed again in 6.4 (Jason
   * Gunthorpe's rework), after the kernels modelled here.
   */
  groupLeftBeforeDriverRelease: (k: KernelId) => k === 'v5.1' || k === 'v3-sewart',
  /**
   * __iommu_attach_device skips a device whose attach is deferred (kdump), for every caller: 5.3.
   * 5.6.15/5.7 ("iommu: Fix deferred domain attachment") keep the check only where a device joins
   * a group, so a later attach (a new default domain, vfio) really attaches.
   */
  attachChecksDeferred: (k: KernelId) => k === 'v5.3',
  /**
   * How dmar_fault_do_one words a DMA fault record: 'plain' before 5.4 ("[DMA Write] Request
   * device [..] fault addr %llx [fault reason %02d]"), 'pasid' from 5.4 (Kyung Min Park's "Add
   * Scalable Mode fault information": "PASID %x" after the device, -1 without one), 'no-pasid'
   * from 5.14 ("Tweak the description of a DMA fault": "[DMA Write NO_PASID]", hex address and
   * reason; the "0x" it put before the bus and device was dropped again before 6.1, "Drop "0x"
   * prefix from PCI bus & device addresses").
   */
  dmarFaultFormat: (k: KernelId): 'plain' | 'pasid' | 'no-pasid' =>
    k === 'v6.1' ? 'no-pasid' : k === 'v5.1' || k === 'v3-sewart' || k === 'v5.3' ? 'plain' : 'pasid',
  /** dmar_remove_one_dev_info dereferences info->domain, NULL while an attach is deferred (6.1). */
  releaseNeedsDomain: (k: KernelId) => k === 'v6.1',
  /** An external-facing root port is itself untrusted (pci_acpi_set_untrusted, before 5.9). */
  untrustedPort: (k: KernelId) => k !== 'v5.11' && k !== 'v6.1',
  /**
   * pci_quirk_rciep_acs (Intel RC integrated endpoints count as isolated): upstream in 5.8,
   * backported to 5.4.48 and, we infer, to 5.7.y before 5.7.14; not in 5.1, 5.2 or 5.3.1.
   */
  rciepAcsQuirk: (k: KernelId) => k !== 'v5.1' && k !== 'v3-sewart' && k !== 'v5.3',
  /** Debian's intel_iommu iGPU patch (6.1 bookworm only). */
  debianIntgpu: (k: KernelId) => k === 'v6.1',
  /** domain_exit() warns and keeps the structure while devices are still listed (6.1). */
  domainExitKeepsBusy: (k: KernelId) => k === 'v6.1',
  /**
   * request_default_domain_for_dev creates the RMRR direct mappings in the old default domain,
   * before it makes the new one the default: 5.3, fixed by d360211524bece (5.5, 5.4.y).
   */
  rmrrMappedInOldDefault: (k: KernelId) => k === 'v5.3',
  /** A sysfs bind of a bound device: -EBUSY from __driver_probe_device (5.14, ef6dcbdd8eb2), else -ENODEV. */
  bindBoundBusy: (k: KernelId) => k === 'v6.1',
  /** The DMA API implementation for translated devices (probe_finalize / dma_ops). */
  translatedOps: (k: KernelId): 'intel' | 'iommu-dma' =>
    k === 'v5.11' || k === 'v6.1' ? 'iommu-dma' : 'intel',
};

/** The kernel's source file for the Intel driver in this version (for messages and links). */
export function intelDriverFile(kernel: KernelId): string {
  return policyOf(kernel) === 'D' ? 'drivers/iommu/intel/iommu.c' : 'drivers/iommu/intel-iommu.c';
}
