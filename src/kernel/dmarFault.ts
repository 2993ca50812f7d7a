/**
 * The lines the VT-d fault interrupt prints for a DMA the IOMMU blocked: dmar_fault ("DRHD:
 * handling fault status reg") and dmar_fault_do_one (the decoded fault record), in each version's
 * words (drivers/iommu/dmar.c; drivers/iommu/intel/dmar.c from 5.8; pr_fmt "DMAR: ").
 *
 * What the sandbox does not know is printed as "…", as in its fault notes: the fault status value
 * (PPF, bit 1, plus the index of the fault record in bits 15:8, which depends on how many records
 * the unit has and on the faults before) and the faulting address (the IOVA or physical address
 * the device put on the bus; the sandbox models no addresses). The direction (Read or Write) is
 * the sandbox's reading of the case, so the lines are marked inferred.
 */
import { busKey, parseBdf } from './bdf';
import { dmaRequesterId } from './groups';
import type { Tx } from './tx';
import { has } from './versions';

export type DmaAccess = 'Read' | 'Write';

/**
 * Legacy-mode fault reasons (dma_remap_fault_reasons[]): the context entry of a detached device
 * is not present (2), or its bus has no context table yet (1); a page-table entry with neither
 * permission is not present, reported as the access it refused (5 for a write, 6 for a read).
 */
export type FaultReason = 1 | 2 | 5 | 6;

const REASON_TEXT: Record<FaultReason, string> = {
  1: 'Present bit in root entry is clear',
  2: 'Present bit in context entry is clear',
  5: 'PTE Write access is not set',
  6: 'PTE Read access is not set',
};

/**
 * Why a device without a context entry faults: its bus's context table exists (another device
 * on the bus was attached, or it was detached itself) and the entry is clear (2), or the bus has
 * none yet, so its root entry is clear (1).
 */
export function contextFaultReason(tx: Tx, bdf: string): FaultReason {
  const rid = dmaRequesterId(tx.topology(), bdf);
  const bus = busKey(rid);
  for (const d of tx.deviceStates())
    if (d.hw.kind !== 'none' && busKey(dmaRequesterId(tx.topology(), d.bdf)) === bus) return 2;
  return 1;
}

/** The reason, as the sandbox's own notes spell it. */
export const faultReasonText = (reason: FaultReason): string =>
  `fault reason ${reason}: ${REASON_TEXT[reason]}`;

/** The access a non-present page-table entry refused: what dmar_fault_do_one then reports. */
export const pteReason = (access: DmaAccess): FaultReason => (access === 'Write' ? 5 : 6);

// dmar_fault's messages share one ratelimit state (DEFAULT_RATELIMIT_BURST, 10 in 5 s); the
// sandbox counts a step as one interval.
const RATELIMIT_BURST = 10;
const printed = new WeakMap<Tx, number>();

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

/** dmar_fault_do_one's record line for a DMA request the IOMMU blocked. */
export function dmarFaultRecord(tx: Tx, bdf: string, access: DmaAccess, reason: FaultReason): string {
  // The requester ID the unit saw (a conventional device behind a bridge carries the bridge's).
  const rid = parseBdf(dmaRequesterId(tx.topology(), bdf)) ?? parseBdf(bdf);
  const dev = rid ? `${hex2(rid.bus)}:${hex2(rid.dev)}.${rid.fn}` : bdf;
  const text = REASON_TEXT[reason];
  switch (has.dmarFaultFormat(tx.m.kernel)) {
    case 'plain':
      return `DMAR: [DMA ${access}] Request device [${dev}] fault addr … [fault reason ${String(reason).padStart(2, '0')}] ${text}`;
    case 'pasid':
      // No PASID in the request: dmar_fault passes -1, which "%x" prints as ffffffff.
      return `DMAR: [DMA ${access}] Request device [${dev}] PASID ffffffff fault addr … [fault reason ${String(reason).padStart(2, '0')}] ${text}`;
    case 'no-pasid':
      return `DMAR: [DMA ${access} NO_PASID] Request device [${dev}] fault addr 0x… [fault reason 0x${hex2(reason)}] ${text}`;
  }
}

/**
 * The fault interrupt's lines for one blocked DMA of `bdf` (call beside the sandbox's fault
 * record). Only for a DMA the IOMMU translates and refuses: DMA that bypasses translation, or
 * that a mapping sends to the wrong memory, prints nothing.
 */
export function reportDmarFault(tx: Tx, bdf: string, access: DmaAccess, reason: FaultReason): void {
  let n = printed.get(tx) ?? 0;
  const why = `A blocked DMA sets a fault record and raises the unit's fault interrupt: dmar_fault reads the fault status register (its value, the pending-fault bit and the record's index, is left out: the sandbox does not know which record the unit used), then dmar_fault_do_one decodes the record. The address is the one ${bdf} put on the bus, which the sandbox does not model; Read or Write is its reading of the case.`;
  const lines: [fn: string, message: string][] = [
    ['dmar_fault', 'DMAR: DRHD: handling fault status reg …'],
    ['dmar_fault_do_one', dmarFaultRecord(tx, bdf, access, reason)],
  ];
  for (const [fn, message] of lines) {
    if (n < RATELIMIT_BURST)
      tx.emit({ kind: 'dma', fn, device: bdf, level: 'err', prefix: 'kernel', message, why, inferred: true });
    else if (n === RATELIMIT_BURST)
      tx.emit({
        kind: 'dma',
        fn: 'dmar_fault',
        device: bdf,
        message: 'more DMAR faults in this step are not printed (ratelimited)',
        why: 'dmar_fault and dmar_fault_do_one share one ratelimit state (10 messages per 5 seconds): past it the records are cleared without a line.',
        prefix: 'sandbox',
        silent: true,
      });
    else break;
    n += 1;
  }
  printed.set(tx, n);
}
