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
