/**
 * The review fixes of kernel-model.md §9 that can be switched off to show the bug they prevent.
 * Each defaults to what that kernel had.
 */
import type { FixId, KernelId } from './types';
import { FIX_IDS } from './types';

export interface FixInfo {
  id: FixId;
  title: string;
  /** What goes wrong without it. */
  without: string;
  /** Kernels where the switch means something. */
  appliesTo: KernelId[];
  /** Kernels that shipped with the fix. */
  onIn: KernelId[];
}

export const FIXES: Record<FixId, FixInfo> = {
  'si-domain-free-guard': {
    id: 'si-domain-free-guard',
    title: 'si_domain is never freed',
    without:
      'releasing a group (or replacing its default domain) tears down the shared si_domain under every other identity-mapped device (6.1 frees its page tables with a WARN and keeps the structure)',
    appliesTo: ['v3-sewart', 'v5.3', 'v5.7', 'v5.8', 'v5.11', 'v6.1'],
    onIn: ['v3-sewart', 'v5.3', 'v5.7', 'v5.8', 'v5.11', 'v6.1'],
  },
  'defer-attach-in-kdump': {
    id: 'defer-attach-in-kdump',
    title: 'attach is deferred in a kdump kernel',
    without:
      "default domains are attached at boot, replacing the crashed kernel's copied contexts while devices still DMA to old IOVAs",
    appliesTo: ['v3-sewart', 'v5.3', 'v5.7', 'v5.8', 'v5.11', 'v6.1'],
    onIn: ['v3-sewart', 'v5.3', 'v5.7', 'v5.8', 'v5.11', 'v6.1'],
  },
  // a11bfde9c77d "iommu/vt-d: Do deferred attachment in iommu_need_mapping()": v5.6-rc2, and 5.5.y.
  'deferred-attach-first': {
    id: 'deferred-attach-first',
    title: 'the deferred attach happens before the identity check',
    without: '5.3.1 oopses on the DEFER marker; 5.5 WARNs and hands an identity device an IOVA',
    appliesTo: ['v5.3', 'v5.7'],
    onIn: ['v5.7'],
  },
  'hotadd-respects-owner': {
    id: 'hotadd-respects-owner',
    title: 'a hot-added device is not attached to the default domain of a claimed group',
    without: "a device hot-added to a group in use by vfio lands in the group's default domain, not the VM's",
    appliesTo: ['v5.8', 'v5.11', 'v6.1'],
    onIn: ['v6.1'],
  },
  'deferred-attach-any-group-size': {
    id: 'deferred-attach-any-group-size',
    title: 'the deferred attach works in multi-device groups',
    without: 'iommu_attach_device() refuses groups with more than one device, so the first DMA map fails',
    appliesTo: ['v5.11', 'v6.1'],
    onIn: ['v6.1'],
  },
  'b-32bit-fallback': {
    id: 'b-32bit-fallback',
    title: 'a 32-bit device leaves si_domain at its first DMA map',
    without: 'a device that cannot reach all of RAM stays identity-mapped and its DMA above 4 GiB fails',
    appliesTo: ['v3-sewart'],
    onIn: ['v3-sewart'],
  },
};

/** Fix switches for a kernel: its defaults, overridden by the scenario's `fixes`. */
export function resolveFixes(
  kernel: KernelId,
  given: Partial<Record<FixId, boolean>> = {},
): Record<FixId, boolean> {
  const out = {} as Record<FixId, boolean>;
  for (const id of FIX_IDS) {
    const info = FIXES[id];
    const dflt = info.onIn.includes(kernel) || !info.appliesTo.includes(kernel);
    out[id] = given[id] ?? dflt;
  }
  return out;
}

/** Fixes whose switch changes something on this kernel. */
export function fixesFor(kernel: KernelId): FixInfo[] {
  return FIX_IDS.map((id) => FIXES[id]).filter((f) => f.appliesTo.includes(kernel));
}
