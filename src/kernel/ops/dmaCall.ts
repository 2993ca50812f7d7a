/**
 * A driver's DMA API call: the policy decides what the call does (a deferred attach, a domain
 * made at the first map); a device whose context cannot translate faults.
 */
import { fullBdf } from '../bdf';
import { isSmbus } from '../devclass';
import { typeName } from '../deviceTypes';
import { dmaBehaviour, mastersDma } from '../dma';
import { contextFaultReason, type FaultReason, faultReasonText, reportDmarFault } from '../dmarFault';
import { dmaMaskBits, maskReachesRam } from '../identity';
import { policyFor } from '../policies';
import { type Answer, sandboxRefuses } from '../policies/policy';
import type { Tx } from '../tx';
import type { DmaBehaviour, DmaOps } from '../types';

/** The `dma` step: the bound driver's first DMA API call (a map), through the policy's dma ops. */
export function dma(tx: Tx, bdf: string): Answer {
  const d = tx.dev(bdf);
  // Calls no driver would make: the kernel is never asked, so these answers are the sandbox's.
  if (!d.driver)
    return sandboxRefuses(
      `-ENODEV: no driver is bound to ${fullBdf(bdf)}; only a driver makes DMA API calls`,
      MAP_FN.none,
    );
  if (!mastersDma(d.spec))
    return sandboxRefuses(
      `-EINVAL: ${fullBdf(bdf)} never masters the bus (a ${isSmbus(d.spec) ? 'SMBus controller' : typeName(d.spec.type)}): ${d.driver.name} has no DMA of its own to map`,
      MAP_FN.none,
    );
  if (d.driver.managedDma)
    return sandboxRefuses(
      `-EINVAL: ${d.driver.name} does not use the DMA API for ${fullBdf(bdf)} (its DMA, if any, is user space's)`,
      MAP_FN.none,
    );
  const answer = policyFor(tx.m.kernel).dmaCall(tx, bdf);
  if (answer.ok) {
    const md = tx.mdev(bdf);
    md.dmaStarted = true;
    const hw = md.hw;
    const dom = hw.kind === 'domain' ? tx.m.domains[hw.domain] : undefined;
    const oldTables = hw.kind === 'old-kernel' && !md.inheritedOneToOne;
    // A freed domain's page tables went with it; a freed pass-through si_domain had none (dma.ts).
    const freedTables = dom?.freed === true && dmaBehaviour(tx.m, md) === 'faults';
    if (
      tx.m.config?.enabled &&
      !md.noIommu &&
      (hw.kind === 'cleared' ||
        (hw.kind === 'none' && md.group !== null) ||
        freedTables ||
        dom?.kind === 'blocking' ||
        oldTables)
    ) {
      // A freed domain's page tables are freed memory: what the walk finds there is anyone's guess.
      const reason: FaultReason | null = freedTables
        ? null
        : dom?.kind === 'blocking' || oldTables
          ? 6
          : contextFaultReason(tx, bdf);
      if (reason !== null) reportDmarFault(tx, bdf, 'Read', reason);
      const blocked = reason === null ? '' : `the IOMMU blocks its DMA (${faultReasonText(reason)})`;
      tx.fault({
        kind: 'dma-fault',
        dma: freedTables ? 'unpredictable' : 'blocked',
        fn: 'dmar_fault',
        device: bdf,
        ...(dom ? { domain: dom.id } : {}),
        message: freedTables
          ? `${bdf} maps a buffer in ${dom!.name ?? dom!.id}, which was freed: the IOMMU walks freed page tables, so the DMA faults or lands anywhere`
          : dom?.kind === 'blocking'
            ? `${bdf}'s context points at the empty blocking domain: ${blocked}`
            : oldTables
              ? `${bdf}'s driver hands it a physical address (dma-direct), which the crashed kernel's copied tables do not map: ${blocked}`
              : `${bdf}'s context entry is not present: ${blocked}`,
        ...(oldTables ? { inferred: true } : {}),
      });
    } else if (!tx.skipsSilent()) mappedNote(tx, bdf, answer.iovaInIdentity === true);
  }
  return answer;
}

// The map call of each set of DMA ops (none yet: the generic entry point).
const MAP_FN: Record<DmaOps, string> = {
  none: 'dma_map_page_attrs',
  direct: 'dma_direct_map_page',
  intel: 'intel_map_page',
  'intel-bounce': 'bounce_map_page',
  'iommu-dma': 'iommu_dma_map_page',
};

/**
 * What the driver's map call gave it, for the log (a map prints nothing in the kernel). `iova`:
 * __intel_map_single mapped it in an identity domain (5.5's late deferred attach).
 */
function mappedNote(tx: Tx, bdf: string, iova: boolean): void {
  const d = tx.dev(bdf);
  const hw = d.hw;
  const dom = hw.kind === 'domain' ? tx.m.domains[hw.domain] : undefined;
  const name = dom ? (dom.name ?? dom.id) : '';
  const what: Partial<Record<DmaBehaviour, string>> = {
    physical: 'a physical address: no IOMMU translates this device',
    passthrough: iova
      ? `an IOVA from ${name}'s allocator, which its pass-through context entry does not translate`
      : dom?.freed
        ? `a physical address: the pass-through context entry written from ${name}, freed, does not translate it`
        : `a physical address: ${name} is hardware pass-through`,
    identity: iova
      ? `an IOVA that __intel_map_single added to ${name}'s 1:1 page tables`
      : `an address that ${name} maps 1:1`,
    translated: `an IOVA that ${name} now maps`,
    'old-kernel': "a physical address, which the crashed kernel's copied 1:1 context maps to itself",
  };
  const got = what[dmaBehaviour(tx.m, d)];
  if (!got) return;
  // From 5.8 a device with a mask too small for RAM stays identity (no 32-bit rule): dma-direct
  // finds a buffer above its reach (dma_capable) and maps a swiotlb bounce buffer instead.
  const bounced = d.dmaOps === 'direct' && !maskReachesRam(tx, bdf);
  tx.devEvent(
    'dma',
    bounced ? 'swiotlb_map' : MAP_FN[d.dmaOps],
    bdf,
    `${d.driver!.name} maps a buffer: ${got}${bounced ? `; a buffer above 4 GiB, out of its ${dmaMaskBits(tx, bdf)}-bit reach, is copied through a swiotlb bounce buffer below it` : ''}`,
    bounced
      ? 'dma_direct_map_page() checks each buffer against the device’s mask (dma_capable): one above 4 GiB is out of a 32-bit device’s reach, so swiotlb_map() hands the device a bounce buffer below 4 GiB and copies the data through it.'
      : 'A DMA map prints nothing; this is what the device will put on the bus for that buffer.',
    { prefix: 'sandbox', silent: true },
  );
}
