/** The sentence of why each kind of fault matters, and the event that says it. */
import type { DmaFaultEffect, Fault, KernelEvent } from './types';

// What each DMA fault does to the machine: only a blocked one leaves a line in dmesg.
const DMA_WHY: Record<DmaFaultEffect, string> = {
  blocked:
    'The IOMMU blocked the DMA and logged a DMAR fault: nothing was read or written, and the driver sees its device fail or time out.',
  misdirected:
    'The DMA reached memory other than its buffer and nothing was logged: silent memory corruption, noticed only by whatever breaks.',
  'out-of-reach':
    'The buffer lies above the highest address the device can put on the bus (its DMA mask): its DMA cannot reach the buffer.',
  unpredictable:
    'The IOMMU walks page tables that were freed: the DMA is blocked while that memory still reads as empty entries, and goes anywhere once it is reused (the sandbox cannot tell which, so it prints no DMAR line).',
};

export function faultWhy(kind: Fault['kind'], dma?: DmaFaultEffect): string {
  if (dma) return DMA_WHY[dma];
  switch (kind) {
    case 'use-after-free':
      return 'Memory that was freed is used again: on a real machine this corrupts whatever was allocated there since.';
    case 'double-free':
      return 'The same memory is freed twice, corrupting the allocator.';
    case 'dma-fault':
      return 'The IOMMU blocked a DMA or the DMA hit memory it was never meant to reach.';
    case 'kernel-crash':
      return 'The kernel hit a BUG_ON, dereferenced a bad pointer or deadlocked: the machine is dead.';
    case 'leak':
      return 'Memory that can never be freed again.';
    case 'isolation-broken':
      return 'Devices the hardware cannot isolate from each other no longer share one domain (split into different groups, or one left in another domain than its group): peer-to-peer DMA between them bypasses the IOMMU, so neither is protected from the other.';
  }
}

/** The sandbox's event for a fault: silent, an explanation beside the kernel's own lines. */
export function faultEvent(f: Omit<Fault, 'step'>): KernelEvent {
  return {
    kind: 'fault',
    fn: f.fn,
    message: f.message,
    why: faultWhy(f.kind, f.dma),
    level: 'err',
    prefix: 'sandbox',
    silent: true,
    ...(f.device ? { device: f.device } : {}),
    ...(f.domain ? { domain: f.domain } : {}),
    ...(f.group !== undefined ? { group: f.group } : {}),
    ...(f.inferred ? { inferred: true } : {}),
  };
}
