/**
 * How much of a line printk keeps. vprintk_store (kernel/printk/printk.c) formats a record into
 * LOG_LINE_MAX bytes, 1024 - PREFIX_MAX (32; 48 with CONFIG_PRINTK_CALLER, which Debian leaves
 * off) = 992, its NUL included: up to 5.9 with vscnprintf into textbuf[LOG_LINE_MAX], from 5.10
 * into a ringbuffer reservation capped at LOG_LINE_MAX (6.3 renamed it PRINTKRB_RECORD_MAX and
 * made it 1024). What does not fit is dropped, the newline with it. The cut counts the whole text:
 * - pr_*() and printk(): the KERN_<level> mark ("\0015", two bytes) is in the text when it is cut
 *   and stripped after, and the file's pr_fmt ("DMAR: ") is text like any other: 989 bytes stay;
 * - dev_printk: dev_printk_emit passes the level apart and formats "%s %s: %pV", so the driver's
 *   (or bus's) name and the device's name are in the same record: 991 bytes stay.
 */

const LOG_LINE_MAX = 1024 - 32;
/** The bytes of text a record keeps: without the NUL, and for pr_*() without the level mark. */
export const PRINTK_MAX = LOG_LINE_MAX - 1 - 2;
export const DEV_PRINTK_MAX = LOG_LINE_MAX - 1;
/** Lines this long (UTF-16 units) fit in any record: a unit is at most 3 bytes of UTF-8. */
export const FITS = Math.floor(PRINTK_MAX / 3);

/**
 * `text` cut to `max` bytes of UTF-8 as the record keeps it. A character the cut splits becomes
 * U+FFFD, as the sandbox shows any byte that is not whole UTF-8 (dmesg would print the bytes).
 */
export function cutRecord(text: string, max: number): string {
  const bytes = new TextEncoder().encode(text);
  return bytes.length <= max ? text : new TextDecoder().decode(bytes.subarray(0, max));
}
