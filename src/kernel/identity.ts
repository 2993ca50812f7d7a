/**
 * The Intel driver's identity/DMA decision per kernel version (kernel-model.md §5), with the rule
 * that decided it, so the teaching views can say why. Reads the machine; changes nothing.
 */
import { hasRmrr, isBehindOrIsPciBridge, isDisplay, isIntelIgpu, isRmrrLocked } from './devclass';
import type { Tx } from './tx';
import { has, policyOf } from './versions';

export type NeedType = 'identity' | 'DMA' | null;

export interface Need {
  type: NeedType;
  /** The rule, in words, and the kernel function that applies it. */
  why: string;
  fn: string;
}

const none = (fn: string, why: string): Need => ({ type: null, fn, why });

/**
 * device_def_domain_type() (C: 5.3/5.7, and the vendor hook of B) or the 5.8+ def_domain_type
 * callback; for 5.11+ the core's untrusted check (iommu_get_def_domain_type) comes first.
 */
export function deviceNeed(tx: Tx, bdf: string): Need {
  const k = tx.m.kernel;
  const cfg = tx.m.config;
  const topo = tx.topology();
  const d = topo.devices[bdf];
  if (!d || !cfg) return none('device_def_domain_type', 'no IOMMU configuration');
  const policy = policyOf(k);
  const untrusted = tx.dev(bdf).untrusted;
  const fn = 'device_def_domain_type';
  if (has.coreUntrustedCheck(k) && untrusted)
    return {
      type: 'DMA',
      fn: 'iommu_get_def_domain_type',
      why: `it sits below an external-facing port, so it is untrusted and must be translated, and strictly: ${
        k === 'v6.1' ? 'DMA, never DMA-FQ' : 'dma-iommu gives its domain no flush queue'
      }, as lazy IOTLB invalidation would leave it a moment to reach buffers already unmapped`,
    };
  if (d.type === 'acpi') {
    if (k === 'v5.3' || policy === 'B')
      return hasRmrr(topo, bdf, false)
        ? { type: 'DMA', fn, why: 'a non-PCI device listed in an RMRR must be translated' }
        : cfg.identmapAll
          ? { type: 'identity', fn, why: 'iommu=pt asks for identity mapping' }
          : none(fn, 'no rule applies');
    return none(fn, 'no rule applies to a non-PCI device');
  }
  const cOrB = policy === 'C' || policy === 'B';
  if (cOrB && k !== 'v5.7' && isRmrrLocked(topo, bdf, true))
    return {
      type: 'DMA',
      fn: 'device_is_rmrr_locked',
      why: 'it is listed in a firmware RMRR and is not USB or graphics, so its RMRR must stay mapped in a DMA domain',
    };
  if ((cOrB || k === 'v5.8') && untrusted)
    return {
      type: 'DMA',
      fn,
      why: 'it is untrusted (below an external-facing port), so it must never be identity-mapped',
    };
  if (isDisplay(d) && cfg.identmapGfx)
    return { type: 'identity', fn, why: 'intel_iommu=igfx_off (IDENTMAP_GFX) identity-maps display devices' };
  if (has.debianIntgpu(k) && cfg.identmapIntgpu && isIntelIgpu(d))
    return {
      type: 'identity',
      fn,
      why: "Debian's INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF identity-maps the integrated Intel GPU (intel_iommu=on translates it)",
    };
  if (cOrB && isBehindOrIsPciBridge(d))
    return {
      type: 'DMA',
      fn,
      why: 'a conventional PCI device behind a bridge (or the bridge itself) shares its requester ID with its siblings, so it is kept out of the 1:1 domain',
    };
  if (cOrB && k !== 'v5.7' && cfg.identmapAll)
    return {
      type: 'identity',
      fn,
      why: 'iommu=pt sets IDENTMAP_ALL: every eligible device starts in si_domain',
    };
  return none(fn, 'no rule forces a type: identity and DMA both work for it');
}

/**
 * iommu_should_identity_map(dev, startup) of 5.0/5.2 (policy A). At DMA time (`startup` false)
 * the device's DMA mask must reach all of RAM.
 */
export function shouldIdentityMapA(tx: Tx, bdf: string, startup: boolean): { yes: boolean; why: string } {
  const cfg = tx.m.config;
  const topo = tx.topology();
  const d = topo.devices[bdf];
  if (!d || !cfg) return { yes: false, why: 'no IOMMU configuration' };
  if (d.type === 'acpi') {
    if (hasRmrr(topo, bdf, false))
      return { yes: false, why: 'a non-PCI device with an RMRR is never identity-mapped' };
  } else {
    if (isRmrrLocked(topo, bdf, false))
      return { yes: false, why: 'it is RMRR-locked (an RMRR device that is not USB or graphics)' };
    if (tx.dev(bdf).untrusted) return { yes: false, why: 'it is untrusted' };
    if (isDisplay(d) && cfg.identmapGfx)
      return { yes: true, why: 'intel_iommu=igfx_off identity-maps display devices' };
    if (!cfg.identmapAll) return { yes: false, why: 'iommu=pt is not set (no IDENTMAP_ALL)' };
    if (isBehindOrIsPciBridge(d))
      return {
        yes: false,
        why: 'conventional PCI devices behind bridges, and the bridges, stay out of the 1:1 domain',
      };
  }
  if (!cfg.identmapAll && d.type === 'acpi') return { yes: false, why: 'iommu=pt is not set' };
  if (!startup && !maskReachesRam(tx, bdf))
    return { yes: false, why: `its ${dmaMaskBits(tx, bdf)}-bit DMA mask cannot reach all of RAM` };
  return { yes: true, why: 'iommu=pt sets IDENTMAP_ALL and nothing excludes it' };
}

/** The device's DMA mask (the PCI core default of 32 bits until a driver sets one). */
export function dmaMaskBits(tx: Tx, bdf: string): number {
  return tx.dev(bdf).driver?.dmaMask ?? 32;
}

/** dma_mask >= dma_get_required_mask(): with RAM above 4 GiB a 32-bit mask falls short. */
export function maskReachesRam(tx: Tx, bdf: string): boolean {
  return !tx.m.machine.ramAbove4G || dmaMaskBits(tx, bdf) > 32;
}
