/**
 * The first line a WARN_ON prints (lib/bug.c report_bug → kernel/panic.c __warn, 5.1 to 6.1):
 * "WARNING: CPU: %d PID: %d at %s:%d %pS". The CPU, the task and the code offsets depend on the
 * run, and the source line on the exact tree (Debian's 6.1 carries its own patches to the Intel
 * driver; 5.3.1's iommu.c was not available to read): "…", as the sandbox's notes mark what it
 * does not know. The lines after it (modules, registers, call trace) are not modelled.
 */
export function warnOnLine(file: string, fn: string): string {
  return `WARNING: CPU: … PID: … at ${file}:… ${fn}+0x…/0x…`;
}

/** include/asm-generic/bug.h: the line report_bug prints before a BUG's or a WARN's report. */
export const CUT_HERE = '------------[ cut here ]------------';

/**
 * The line before a WARN_ON's WARNING line: on x86 a WARN traps into report_bug, which prints
 * CUT_HERE first (since 4.15, a7bed27af194 "bug: fix "cut here" location for __WARN_TAINT
 * architectures"; before, it came after the warning text). `warning` is the WARNING line's event.
 */
export function cutHereBefore<E extends { message: string; fn: string; why: string }>(warning: E): E {
  return {
    ...warning,
    fn: 'report_bug',
    message: CUT_HERE,
    why: 'report_bug prints the cut-here line, then the WARNING line: the report of a WARN_ON.',
  };
}
