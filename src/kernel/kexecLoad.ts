/**
 * Loading the crash kernel (kdump-tools runs `kexec -p` while the first kernel boots) as x86's
 * bzImage64_load (arch/x86/kernel/kexec-bzimage64.c, the kexec_file_load path) checks the crash
 * kernel's command line. Pure: a command line in; null (it loads) or the event saying why not.
 *
 * Read in the kernel, the same from 5.1 to 6.1:
 * - kimage_file_prepare_segments (kernel/kexec_file.c) takes `cmdline_len` bytes and wants the last
 *   one NUL: kexec-tools passes strlen + 1, so the length counts the NUL.
 * - header->cmdline_size is the bzImage's own limit, COMMAND_LINE_SIZE - 1 (arch/x86/boot/header.S).
 * - `cmdline_len > cmdline_size`: pr_err "Kernel command line too long", -EINVAL.
 * - `cmdline_len + MAX_ELFCOREHDR_STR_LEN (30) > cmdline_size`: -EINVAL with a pr_debug only
 *   (no line by default; it became kexec_dprintk in 6.8): no room for the elfcorehdr= it prepends.
 * kdump-tools' kdump-config uses kexec_file_load (`kexec -s -p`) under Secure Boot; otherwise
 * kexec_load, where kexec-tools refuses the same lines itself (do_bzImage64_load: the first test;
 * cmdline_add_elfcorehdr: "Command line overflow" when " elfcorehdr=<addr>K" does not fit) and the
 * kernel logs nothing.
 */
import { COMMAND_LINE_SIZE } from './kstrtobool';
import type { KernelEvent } from './types';

/** The bzImage's setup header field cmdline_size: bytes of command line it takes, the NUL included. */
export const CMDLINE_SIZE = COMMAND_LINE_SIZE - 1;
const MAX_ELFCOREHDR_STR_LEN = 30;

/** What kexec hands the kernel for this command line: its UTF-8 bytes and the NUL. */
export function cmdlineLen(cmdline: string): number {
  return new TextEncoder().encode(cmdline).length + 1;
}

// The load ran long before the crash: kdump-tools' service, as the first kernel booted.
const LOADED_AT_BOOT =
  'It happened when kdump-tools loaded the crash kernel (kexec -p) as this kernel booted; /sys/kernel/kexec_crash_loaded has read 0 since.';

/** Why bzImage64_load refuses a crash kernel with this command line, or null when it loads it. */
export function crashKernelRefusal(cmdline: string): KernelEvent | null {
  const len = cmdlineLen(cmdline);
  if (len > CMDLINE_SIZE)
    return {
      kind: 'kdump',
      fn: 'bzImage64_load',
      prefix: 'kexec-bzImage64',
      level: 'err',
      message: 'Kernel command line too long',
      why: `The crash kernel's command line is ${len} bytes with its NUL, more than the ${CMDLINE_SIZE} the bzImage takes (cmdline_size, COMMAND_LINE_SIZE - 1): kexec_file_load fails with -EINVAL and no crash kernel is loaded. ${LOADED_AT_BOOT} (Through kexec_load, kdump-config's choice without Secure Boot, kexec-tools refuses the same line itself and the kernel logs nothing.)`,
    };
  if (len + MAX_ELFCOREHDR_STR_LEN > CMDLINE_SIZE)
    return {
      kind: 'kdump',
      fn: 'bzImage64_load',
      prefix: 'sandbox',
      level: 'info',
      silent: true,
      message: `no crash kernel loaded: its command line (${len} bytes with the NUL) leaves no room for elfcorehdr=`,
      why: `bzImage64_load keeps ${MAX_ELFCOREHDR_STR_LEN} of the ${CMDLINE_SIZE} bytes for the "elfcorehdr=0x<addr> " it puts before a crash kernel's command line, and refuses this one with -EINVAL and only a pr_debug ("Appending elfcorehdr=<addr> to command line exceeds maximum allowed length"), not printed. ${LOADED_AT_BOOT}`,
    };
  return null;
}
