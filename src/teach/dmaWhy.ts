/**
 * Why a device's DMA does what it does now, in one sentence and the kernel function behind it.
 * Follows the same cases as the core's dmaBehaviour (snapshot.ts), adding the cause of each.
 */
import { dmaBehaviour } from '../kernel/dma';
import type { DeviceState, Machine } from '../kernel/types';
import { policyOf } from '../kernel/versions';

export interface Why {
  text: string;
  fn: string;
}

/** The reason behind `dmaBehaviour(m, d)`. */
export function dmaWhy(m: Machine, d: DeviceState): Why {
  const behaviour = dmaBehaviour(m, d);
  const hw = d.hw;
  const dom = hw.kind === 'domain' ? m.domains[hw.domain] : undefined;
  const domName = dom ? (dom.name ?? dom.id) : '';
  switch (behaviour) {
    case 'none':
      return {
        text: 'It never masters the bus: a host bridge is the CPU’s end of it, a bridge or port forwards the DMA of the devices below it without starting any, an SMBus controller is driven through its registers. Its context entry, whatever it says, is never used for DMA of its own.',
        fn: 'pci_set_master',
      };
    case 'physical':
      if (!m.booted || !m.config)
        return {
          text: 'The machine is powered off: no kernel has set up the IOMMU, so nothing translates DMA yet.',
          fn: 'intel_iommu_init',
        };
      if (!m.config.enabled && d.inheritedDma && !d.inheritedOneToOne)
        return {
          text: 'This kdump kernel runs with the IOMMU off, so it switched off the translation the crashed kernel left on. The device is still doing the DMA that kernel programmed: its addresses were IOVAs, and untranslated they now hit whatever physical memory has those numbers (memory corruption, in the memory the dump should save).',
          fn: 'intel_disable_iommus',
        };
      if (!m.config.enabled)
        return {
          text: `The IOMMU is off in this boot (${m.config.reasons.enabled ?? 'VT-d is not enabled'}), so the device reaches physical memory directly.`,
          fn: 'intel_iommu_init',
        };
      // The IOMMU is on: only a device no unit translates has physical DMA.
      return {
        text: 'No VT-d unit translates this device (its unit is ignored, e.g. a graphics-only unit with intel_iommu=igfx_off), so its DMA reaches physical memory directly.',
        fn: 'init_no_remapping_devices',
      };
    case 'old-kernel':
      return {
        text: 'This is a kdump kernel and the device’s attach is deferred: its context entry still holds the crashed kernel’s copied tables, so DMA the old kernel programmed keeps landing where it did.',
        fn: 'copy_translation_tables',
      };
    case 'faults':
      if (dom?.freed)
        return {
          text: `Its context entry points at ${domName}, which was freed: every DMA now walks freed page tables (use-after-free).`,
          fn: 'domain_exit',
        };
      if (d.inheritedDma && dom)
        return {
          text: `It is still doing DMA the crashed kernel programmed, but its copied context was replaced by ${domName}: those old addresses are not mapped there, so the IOMMU reports faults.`,
          fn: 'dmar_fault',
        };
      if (hw.kind === 'old-kernel')
        return {
          text: 'Its group is identity, so its driver maps with dma-direct, which never performs the deferred attach: the device still uses the crashed kernel’s copied tables, and the physical addresses it is now given are not mapped there (kdump-identity).',
          fn: 'dma_direct_map_page',
        };
      if (hw.kind === 'none' && policyOf(m.kernel) === 'A')
        return {
          text: 'Not attached yet: this kernel gives a device its domain at its driver’s first DMA map, so until then its context entry is empty and any DMA it did would be blocked and reported.',
          fn: 'get_valid_domain_for_dev',
        };
      return {
        text: 'Its context entry is empty (never attached, or cleared on detach): the IOMMU blocks and reports every DMA.',
        fn: 'dmar_fault',
      };
    case 'passthrough':
      if (dom?.freed)
        return {
          text: `Its context entry was written from ${domName} after ${domName} was freed (use-after-free). Under hardware pass-through that domain has no page tables, so the entry still says pass-through and DMA goes through untranslated; what suffers is whatever the kernel allocates in the freed memory next.`,
          fn: 'domain_context_mapping_one',
        };
      if (d.inheritedDma && !d.inheritedOneToOne)
        return oldIovas(domName, 'pass-through: they are not translated at all');
      return bounced(m, d, {
        text: `It is attached to ${domName}, an identity domain the hardware implements as pass-through: DMA is not translated at all.`,
        fn: 'domain_context_mapping_one',
      });
    case 'identity':
      if (d.inheritedDma && !d.inheritedOneToOne)
        return oldIovas(domName, '1:1 page tables: each maps to itself');
      return bounced(m, d, {
        text: `It is attached to ${domName}, an identity domain built from 1:1 page tables (the unit lacks hardware pass-through): every address maps to itself.`,
        fn: 'si_domain_init',
      });
    case 'translated':
      return {
        text: `It is attached to ${domName}, a DMA domain: only buffers its driver mapped through the DMA API are reachable.`,
        fn: m.kernel === 'v5.11' || m.kernel === 'v6.1' ? 'iommu_dma_map_page' : 'intel_map_page',
      };
    case 'user':
      return {
        text: `User space holds its group (vfio): ${domName} maps what the virtual machine gave it.`,
        fn: 'vfio_iommu_type1_attach_group',
      };
    case 'blocked':
      return {
        text: 'Its group is attached to a blocking domain while user space takes ownership: no DMA gets through.',
        fn: '__iommu_group_set_domain',
      };
  }
}

/**
 * A kdump kernel's identity attach under DMA the crashed kernel programmed with IOVAs: nothing
 * refuses them, so nothing is logged (kernel-model.md §1.5: pass-through is "untranslated, full
 * memory"); the harm is the misdirected DMA fault recorded at the attach.
 */
function oldIovas(domName: string, how: string): Why {
  return {
    text: `It is still doing DMA the crashed kernel programmed, with that kernel’s IOVAs, but its copied context was replaced by ${domName}, an identity domain with ${how}. They land on whatever memory has those numbers: memory corruption, and no DMAR fault is logged.`,
    fn: 'domain_context_mapping',
  };
}

/**
 * An identity-mapped device whose mask cannot reach all of RAM, from 5.8: the Intel driver no
 * longer moves it to a DMA domain at its first map (5.1–5.7 did) and no longer switches swiotlb off
 * (intel_iommu_init), so dma-direct bounces what lies above the mask (dma_direct_map_page →
 * swiotlb_map when !dma_capable). The core's events do not show the copy; the reason says it.
 */
function bounced(m: Machine, d: DeviceState, why: Why): Why {
  const drv = d.driver;
  if (policyOf(m.kernel) !== 'D' || d.dmaOps !== 'direct' || !m.machine.ramAbove4G) return why;
  if (!drv || drv.managedDma || drv.dmaMask > 32) return why;
  const reach = drv.dmaMask === 32 ? '4 GiB' : `its ${drv.dmaMask}-bit limit`;
  return {
    text: `${why.text} Its driver set a ${drv.dmaMask}-bit DMA mask and RAM reaches above 4 GiB: since 5.8 the kernel leaves it identity-mapped, and dma-direct copies each buffer it maps above ${reach} into a swiotlb bounce buffer below it (slower, not broken).`,
    fn: 'dma_direct_map_page',
  };
}
