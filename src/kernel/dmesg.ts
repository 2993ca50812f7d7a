/**
 * Events as the kernel log would show them (`pci 0000:01:00.0: Adding to iommu group 3`,
 * `DMAR: ...`) and steps as short commands, for the page and the CLI (dmesgLog.ts has the CLI's
 * whole log). Pure formatting.
 */
import { fullBdf } from './bdf';
import { cutRecord, DEV_PRINTK_MAX, FITS, PRINTK_MAX } from './printk';
import type { KernelEvent, ResultEvent, Step } from './types';

export type AnyEvent = KernelEvent | ResultEvent;

// An event without a prefix (older results, hand-made events): guess it from the function name.
function inferredPrefix(e: AnyEvent): string {
  if (e.kind === 'vfio' || /^_*vfio/.test(e.fn)) return 'vfio';
  if (/^_*(bus_)?iommu/.test(e.fn) && !/^iommu_(should|prepare|need)/.test(e.fn)) return 'iommu';
  return 'DMAR';
}

/**
 * What dev_printk or the subsystem's pr_fmt puts before the message; nothing for a line the
 * kernel prints whole (prefix `kernel`).
 */
export function lineHead(e: AnyEvent): string {
  const { prefix, driverName, devName } = e;
  if (prefix === 'kernel') return '';
  // dev_printk: the driver's name, else the bus's (an ACPI device's platform node is on the
  // platform bus), the device's name, then the file's dev_fmt (intel-iommu.c: pr_fmt, "DMAR: ").
  if (e.device)
    return `${driverName ?? (devName ? 'platform' : 'pci')} ${devName ?? fullBdf(e.device)}: ${prefix === 'DMAR' ? 'DMAR: ' : ''}`;
  return `${prefix ?? inferredPrefix(e)}: `;
}

/**
 * One event as a kernel log line, cut where printk cuts its record (printk.ts); sandbox notes
 * (prefix `sandbox`) become `# sandbox: ...` comments, whole.
 */
export function dmesgLine(e: AnyEvent): string {
  if (e.prefix === 'sandbox') return `# sandbox: ${e.device ? `${fullBdf(e.device)}: ` : ''}${e.message}`;
  const line = lineHead(e) + e.message;
  if (line.length <= FITS) return line;
  return cutRecord(line, e.device && e.prefix !== 'kernel' ? DEV_PRINTK_MAX : PRINTK_MAX);
}

/** A step as a short command line: `bind 01:00.0 vfio-pci`, `set-group-type 3 "identity"`. */
export function describeStep(step: Step): string {
  switch (step.op) {
    case 'bind': {
      const d =
        step.driver === undefined
          ? ''
          : ` ${typeof step.driver === 'string' ? step.driver : step.driver.name}`;
      return `bind ${step.device}${d}`;
    }
    case 'unbind':
    case 'dma':
    case 'hot-remove':
      return `${step.op} ${step.device}`;
    case 'hot-add':
      return `hot-add ${step.device.bdf} (${step.device.type})`;
    case 'set-group-type':
      return `set-group-type ${step.group} ${JSON.stringify(step.value)}`;
    case 'request-domain':
      return `request-domain ${step.device} ${step.type}`;
    case 'vfio-claim':
    case 'vfio-release':
      return `${step.op} ${step.group}`;
    case 'crash':
      return step.cmdline === undefined ? 'crash' : `crash cmdline=${JSON.stringify(step.cmdline)}`;
    default:
      return step.op;
  }
}
