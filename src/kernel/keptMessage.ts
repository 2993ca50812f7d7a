/** What of an event's message a printk record keeps (the emitting Tx stores that, not the whole). */
import { dmesgLine, lineHead } from './dmesg';
import { FITS } from './printk';
import type { KernelEvent } from './types';

/**
 * The message as the kernel's record keeps it (printk.ts): what is left of it once its line is
 * cut, nothing if even the device's prefix fills the record. Sandbox notes are whole.
 */
export function keptMessage(e: KernelEvent): string {
  const m = e.message;
  // Cheap: the device's and driver's names are most of a prefix; 40 units cover the rest.
  if (
    e.silent ||
    e.prefix === 'sandbox' ||
    m.length + (e.driverName?.length ?? 0) + (e.devName?.length ?? 0) + 40 <= FITS
  )
    return m;
  const head = lineHead(e).length;
  const line = dmesgLine(e);
  return line.length > head ? line.slice(head) : '';
}
