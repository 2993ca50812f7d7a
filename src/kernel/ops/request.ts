/**
 * The `request-domain` step: a driver calls iommu_request_dm_for_dev or
 * iommu_request_dma_domain_for_dev (kernel-model.md §6). Only 5.3–5.7 have both.
 */
import { fullBdf } from '../bdf';
import { requestDefaultDomain } from '../policies/c-request';
import { type Answer, refuse, sandboxRefuses } from '../policies/policy';
import type { Tx } from '../tx';
import { has, policyOf } from '../versions';

/** The function a driver calls to ask for `type`. */
export const requestFn = (type: 'identity' | 'DMA'): string =>
  type === 'identity' ? 'iommu_request_dm_for_dev' : 'iommu_request_dma_domain_for_dev';

/** A driver asks for an identity or a DMA default domain for its device's group. */
export function requestDomain(tx: Tx, bdf: string, type: 'identity' | 'DMA'): Answer {
  const k = tx.m.kernel;
  const fn = requestFn(type);
  if (has.requestDomain(k)) return requestDefaultDomain(tx, bdf, type, fn, `a driver asked for it (${fn})`);
  if (policyOf(k) === 'A' && type === 'identity') {
    // 5.2's iommu_request_dm_for_dev exists (for AMD): single-device check, then an IDENTITY
    // allocation the Intel driver refuses (it returns NULL; the request makes that -ENOMEM).
    const d = tx.dev(bdf);
    // It looks the group up with iommu_group_get_for_dev(), which answers -EINVAL for a bus
    // without IOMMU ops (VT-d off); 57274ea25736 later made it iommu_group_get() and -EINVAL.
    if (d.group === null)
      return tx.m.config?.enabled
        ? refuse(`-ENODEV: ${fullBdf(bdf)} has no iommu group`, fn)
        : refuse(
            `-EINVAL: ${fullBdf(bdf)} has no iommu group, and iommu_group_get_for_dev() finds no IOMMU ops on the bus (VT-d is off)`,
            'iommu_group_get_for_dev',
          );
    const n = tx.grp(d.group).devices.length;
    if (n !== 1) return refuse(`-EBUSY: group ${d.group} has ${n} devices`, fn);
    return refuse('-ENOMEM: intel_iommu_domain_alloc() only allocates IOMMU_DOMAIN_UNMANAGED before 5.3', fn);
  }
  const why =
    policyOf(k) === 'D'
      ? 'it was removed in 5.8: the driver states its needs through def_domain_type instead'
      : policyOf(k) === 'B'
        ? 'the v3 series has no request mechanism: the vendor hook decides once, when the group is formed'
        : 'it first appeared in 5.3';
  // A driver calling it would not build against this kernel: nothing in the kernel answers.
  return sandboxRefuses(`-ENOSYS: ${fn}() does not exist in ${k}: ${why}`, fn);
}
