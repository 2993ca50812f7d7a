/**
 * Links to a kernel function in the source of the version being simulated, on elixir.bootlin.com.
 * An identifier search rather than a file and line: it survives the function moving between files
 * (drivers/iommu/intel-iommu.c became drivers/iommu/intel/iommu.c in 5.8) and needs no line table.
 */
import type { KernelId } from '../kernel/types';

/**
 * The tag whose tree a kernel's link opens. v3-sewart is an unmerged series posted against 5.1,
 * so its functions are shown as they were in the tree it patched.
 */
const TAG: Record<KernelId, string> = {
  'v5.1': 'v5.1',
  'v3-sewart': 'v5.1',
  'v5.3': 'v5.3',
  'v5.7': 'v5.7',
  'v5.8': 'v5.8',
  'v5.11': 'v5.11',
  'v6.1': 'v6.1',
};

/**
 * What the sandbox names for v3 that the 5.1 tree does not have (the series' device_group
 * callback, and the deferral check its review asked for): no link rather than an empty search.
 */
const NOT_IN_TREE: Partial<Record<KernelId, ReadonlySet<string>>> = {
  'v3-sewart': new Set(['intel_iommu_device_group', 'intel_iommu_is_attach_deferred']),
};

/** A C identifier: what elixir can search for (event fns like "BUG_ON" qualify; prose does not). */
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The elixir.bootlin.com page listing where `fn` is defined and used in `kernel`, or null. */
export function elixirUrl(kernel: KernelId, fn: string): string | null {
  if (!IDENT.test(fn) || NOT_IN_TREE[kernel]?.has(fn)) return null;
  return `https://elixir.bootlin.com/linux/${TAG[kernel]}/A/ident/${fn}`;
}
