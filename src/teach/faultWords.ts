/**
 * A fault as the inspector says it: a DMA fault in the words a learner would ask for ("was it
 * blocked, or did it land somewhere?"). Loads with the inspector's detail, not the first view,
 * which has only the short names (kernel/faultNames.ts).
 */
import { FAULT_NAMES } from '../kernel/faultNames';
import type { DmaFaultEffect, Fault } from '../kernel/types';

const DMA_WORDS: Record<DmaFaultEffect, string> = {
  blocked: 'DMA fault: blocked by the IOMMU (DMAR fault)',
  misdirected: 'DMA to the wrong memory (no fault logged: memory corruption)',
  'out-of-reach': 'buffer out of the device’s reach (its DMA mask)',
  unpredictable: 'DMA through freed page tables (blocked, or anywhere once that memory is reused)',
};

/** The fault's kind, or for a DMA fault what happened to the DMA, in a learner's words. */
export const faultWords = (f: Pick<Fault, 'kind' | 'dma'>): string =>
  f.dma ? DMA_WORDS[f.dma] : FAULT_NAMES[f.kind];
