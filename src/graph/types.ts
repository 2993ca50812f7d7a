/**
 * The graph's view model: React Flow nodes and edges derived from a Machine. Plain data; the UI
 * components in src/ui/graph draw it, the layout in layout.ts positions it.
 */
import type { Edge, Node } from '@xyflow/react';
import type { DomainKind, DomainType } from '../kernel/types';
import type { DmaShown } from './dmaShown';

/** Faults that hit a node, for its red badge. */
export type FaultMarks = {
  /**
   * Distinct names, in the order they first happened: a fault's kind in words, or for a DMA fault
   * what became of the DMA ("DMA to wrong memory (not logged)").
   */
  names: string[];
  /** One line per fault: "step 4: use-after-free in iommu_group_release: …". */
  text: string;
  /** When: "step 0", or "steps 0–2" (a badge on a later step is history, not a fault now). */
  when: string;
};

/** A PCI function (or ACPI device). */
export type DeviceData = {
  bdf: string;
  label: string | null;
  /** "PCIe endpoint · SATA controller". */
  what: string;
  /** The full type name ("root-complex integrated endpoint"), for the tooltip. */
  kind: string;
  driver: string | null;
  /** Bits, once the driver probed; null before. */
  dmaMask: number | null;
  dma: DmaShown;
  deferred: boolean;
  inheritedDma: boolean;
  untrusted: boolean;
  noIommu: boolean;
  group: number | null;
  /** Why pci_device_group() put it in its group, for the hover text. */
  groupWhy: string | null;
  faults: FaultMarks | null;
};

/** An IOMMU group container. */
export type GroupData = {
  id: number;
  /** sysfs `type`: DMA, DMA-FQ, identity, unknown, … */
  type: string;
  owner: 'kernel' | 'user';
  /** Type of the domain the group is attached to now, for the header colour. */
  domainType: DomainType | null;
  /** Why its default domain has its type, for the hover text. */
  typeWhy: string | null;
  faults: FaultMarks | null;
};

/** An iommu_domain. */
export type DomainData = {
  id: string;
  type: DomainType;
  kind: DomainKind;
  name: string | null;
  lazy: boolean;
  /** The static identity domain (si_domain), drawn unmistakably. */
  si: boolean;
  softwareIdentity: boolean;
  freed: boolean;
  freedAt: number | null;
  allocatedAt: number;
  allocatedBy: string;
  /** "group 1, 2 · 01:00.1 (private)" or "no users". */
  users: string;
  /** Allocated, not freed, and nothing uses it (an si_domain no rule asked for): drawn faint. */
  unused: boolean;
  faults: FaultMarks | null;
};

/** A PCI root bus, the anchor of the topology edges. */
export type BusData = { bus: string };

export type DeviceNode = Node<DeviceData, 'device'>;
export type GroupNode = Node<GroupData, 'group'>;
export type DomainNode = Node<DomainData, 'domain'>;
export type BusNode = Node<BusData, 'bus'>;
export type GraphNode = DeviceNode | GroupNode | DomainNode | BusNode;

/** What an edge stands for; the UI styles it by kind. */
export type EdgeKind = 'topology' | 'current' | 'default' | 'driver-view';
export type GraphEdgeData = { kind: EdgeKind; domainType?: DomainType };
export type GraphEdge = Edge<GraphEdgeData>;

/** toFlow's result. */
export interface FlowGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}
