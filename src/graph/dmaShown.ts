/**
 * A device's DMA as the views show it: the result format's behaviour (kernel/dma.ts), except that
 * a device the kernel has simply not attached yet is told apart from one whose DMA faults. Before
 * 5.3 (and for a device whose attach waits for its first DMA map) the context entry stays empty
 * until the driver maps a buffer, and that map attaches it: DMA now would fault, but no driver
 * does DMA without mapping first, so painting every such device red would show faults that never
 * happen.
 */
import { dmaBehaviour } from '../kernel/dma';
import type { DeviceState, DmaBehaviour, Machine } from '../kernel/types';

export type DmaShown = DmaBehaviour | 'unattached';

export function dmaShown(m: Machine, d: DeviceState): DmaShown {
  const dma = dmaBehaviour(m, d);
  return dma === 'faults' && d.hw.kind === 'none' && !d.dmaStarted ? 'unattached' : dma;
}
