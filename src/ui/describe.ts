/** Words for machine state, shared by the inspector, the device list and the event log. */
import { type DmaShown, dmaShown } from '../graph/dmaShown';
import { groupType } from '../kernel/dma';
import type { AttachState, DeviceState, DmaOps, Domain, GroupState, Machine } from '../kernel/types';

/** What a device's DMA does, in a few words (kernel-model.md §1.5). */
export const DMA_TEXT: Record<DmaShown, string> = {
  physical: 'physical addresses, no IOMMU in the way',
  passthrough: 'untranslated (hardware pass-through)',
  identity: 'translated 1:1 (software identity map)',
  translated: 'translated: only mapped IOVAs work',
  user: 'user space’s mappings (a VM)',
  blocked: 'blocked: no DMA gets through',
  'old-kernel': 'the crashed kernel’s copied translations',
  faults: 'faults: no usable context (cleared, or its domain freed)',
  unattached: 'not attached yet: its driver’s first DMA map attaches it (DMA before that would fault)',
  none: 'none: not a bus master',
};

/** Which DMA API a driver calls, in words. */
export const DMA_OPS_TEXT: Record<DmaOps, string> = {
  none: 'none yet',
  direct: 'dma-direct',
  intel: 'intel_dma_ops',
  'intel-bounce': 'bounce_dma_ops',
  'iommu-dma': 'iommu-dma',
};

/** A device's attach state as the result format names it. */
export function attachState(d: DeviceState): AttachState {
  return d.hw.kind === 'domain' ? 'attached' : d.deferred ? 'deferred' : 'none';
}

/** What a device's DMA does now (a device not attached yet told apart from one that faults). */
export function deviceDma(m: Machine, d: DeviceState): DmaShown {
  return dmaShown(m, d);
}

/** The sysfs type of a group ("unknown" without a default domain). */
export function sysfsType(m: Machine, g: GroupState): string {
  return groupType(m, g);
}

/** The CSS class that colours a domain type (theme.css .t-*). */
export function typeClass(type: string, freed = false): string {
  return freed ? 't-freed' : `t-${type}`;
}

/** A domain as people name it: `si_domain`, `d3`; lazy 5.x domains say so. */
export function domainName(dom: Domain): string {
  return dom.name ?? dom.id;
}

/** The type as shown on a badge: `DMA (lazy)` for 5.x lazy domains, `blocking` for 6.1's. */
export function domainTypeText(dom: Domain): string {
  if (dom.kind === 'blocking') return 'blocking';
  return dom.lazy ? `${dom.type} (lazy)` : dom.type;
}

/** A device's label, else its type name: what a person calls it. */
export function deviceName(d: DeviceState): string {
  return d.spec.label ?? d.spec.type;
}
