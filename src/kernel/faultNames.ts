/**
 * A fault in a few words, for the page's badges, notices and log tags. One copy for the store and
 * the graph (both in the first view's bundle); the sentences of why are in faultWhy.ts, which
 * loads with the core.
 */
import type { DmaFaultEffect, Fault } from './types';

export const FAULT_NAMES: Record<Fault['kind'], string> = {
  'use-after-free': 'use-after-free',
  'double-free': 'double free',
  'dma-fault': 'DMA fault',
  'kernel-crash': 'kernel crash',
  leak: 'leak',
  'isolation-broken': 'isolation broken',
};

/** A DMA fault by what it did: only a blocked one shows in dmesg, so the name says which. */
export const DMA_FAULT_NAMES: Record<DmaFaultEffect, string> = {
  blocked: 'DMA blocked (DMAR fault)',
  misdirected: 'DMA to wrong memory (not logged)',
  'out-of-reach': "buffer out of device's reach",
  unpredictable: 'DMA via freed page tables',
};

/** The fault's name: a DMA fault's says what happened to the DMA. */
export const faultName = (f: Pick<Fault, 'kind' | 'dma'>): string =>
  f.dma ? DMA_FAULT_NAMES[f.dma] : FAULT_NAMES[f.kind];
