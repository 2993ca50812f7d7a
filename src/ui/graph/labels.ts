/** Words the graph's nodes and legend use for DMA behaviours and domain kinds. */
import type { DmaShown } from '../../graph/dmaShown';
import type { DomainKind, DomainType } from '../../kernel/types';

/** What a device's DMA does now, as a node says it. */
export const DMA_TEXT: Record<DmaShown, string> = {
  passthrough: 'pass-through',
  identity: 'identity (1:1)',
  translated: 'translated',
  user: 'user space (vfio)',
  blocked: 'blocked',
  'old-kernel': "old kernel's tables",
  faults: 'faults',
  unattached: 'not attached yet',
  physical: 'physical (no IOMMU)',
  none: 'none',
};

/** What a domain is for. */
export const KIND_TEXT: Record<DomainKind, string> = {
  si_domain: 'si_domain',
  default: 'default domain',
  private: 'private (driver)',
  unmanaged: 'unmanaged (vfio)',
  // What the core allocates for it on Intel, which has no BLOCKED domain type.
  blocking: 'empty unmanaged',
};

/** The colour variable of a domain type (graph.css). */
export const typeVar = (t: DomainType | string) => `var(--g-${t})`;

/** Class names joined, falsy ones dropped. */
export const cx = (...names: (string | false | null | undefined)[]) => names.filter(Boolean).join(' ');
