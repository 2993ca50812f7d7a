/**
 * The `crash` step: the running kernel panics and the kdump kernel boots on the same machine,
 * inheriting VT-d translation and the context entries of the crashed kernel (kernel-model.md §8).
 */
import { bootKernel, type KdumpCarry } from '../boot';
import { doesDma } from '../devclass';
import { mastersDma } from '../dma';
import { crashKernelRefusal } from '../kexecLoad';
import { type Answer, OK, sandboxRefuses } from '../policies/policy';
import type { Tx } from '../tx';
import type { DeviceState, KernelEvent } from '../types';

/**
 * Who is doing DMA when the kernel dies: a bus master, as the scenario says (activeAtCrash), else
 * a DMA-capable device with a driver bound. Drivers map their rings and queues at probe, so a bound NVMe drive or
 * NIC keeps DMAing (the sandbox's separate first-DMA step only marks when its first map is made);
 * an unbound one was quiesced by its driver's remove.
 */
function doingDmaAtCrash(d: DeviceState): boolean {
  if (d.inheritedDma) return true;
  return mastersDma(d.spec) && (d.spec.activeAtCrash ?? (d.driver !== null && doesDma(d.spec)));
}

// A dead kernel answers nothing: it stays in panic() (no kexec_crash_image to start), and the
// refusal is the sandbox's.
const noCrashKernelLeft = () =>
  sandboxRefuses(
    '-EIO: the kernel has crashed and has no crash kernel to start (kexec refused to load it); only boot goes on',
    'panic',
  );

/** Panic, then boot the crash kernel (with `cmdline` if the step gives one). */
export function crash(tx: Tx, cmdline: string | undefined): Answer {
  const m = tx.m;
  // A kdump kernel loads no crash kernel of its own (kdump-tools saves the dump and reboots):
  // __crash_kexec finds no kexec_crash_image, and panic() ends in a hang or a reboot.
  if (m.machine.kdump) {
    if (m.panicked)
      return sandboxRefuses(
        '-EIO: the kdump kernel has crashed and has no crash kernel to start; only boot goes on',
        'panic',
      );
    panicLines(
      tx,
      'The kdump kernel dies; it has no crash kernel loaded (kexec -p is never run in it), so nothing boots.',
    );
    m.panicked = true;
    return OK;
  }
  if (m.noCrashKernel) return noCrashKernelLeft();
  // The crash kernel was loaded at boot with this command line, or refused for it.
  const refusal = crashKernelRefusal(cmdline ?? m.cmdline);
  if (refusal) return noCrashKernel(tx, refusal);
  const oldContext = new Set<string>();
  const active = new Set<string>();
  const oneToOne = new Set<string>();
  const translating = m.config?.enabled === true;
  const states = tx.deviceStates();
  for (let i = 0; i < states.length; i++) {
    const d = states[i]!;
    if (d.hw.kind === 'domain' || d.hw.kind === 'old-kernel') oldContext.add(d.bdf);
    // si_domain (1:1 tables or pass-through): its context maps addresses to themselves. A device
    // still on an older kernel's copied context (a crash of a kdump kernel) counts as IOVAs.
    if (d.hw.kind === 'domain' && m.domains[d.hw.domain]?.type === 'identity') oneToOne.add(d.bdf);
    if (doingDmaAtCrash(d)) active.add(d.bdf);
  }
  const carry: KdumpCarry = { oldContext, active, oneToOne };
  if (!m.panicked)
    panicLines(
      tx,
      'The running kernel dies; kexec starts the crash kernel loaded with crashkernel=, without resetting the hardware.',
    );
  // An explanation listing every device still doing DMA: for 20,000 devices not built unless kept.
  if (!tx.skipsSilent()) {
    if (!/(^|\s)crashkernel=/.test(m.cmdline))
      tx.emit({
        kind: 'kdump',
        fn: 'reserve_crashkernel',
        prefix: 'sandbox',
        message:
          'no crashkernel= on the command line: the sandbox assumes kdump-tools reserved memory for the crash kernel',
        why: "Without crashkernel= no memory is reserved, kexec -p fails as the kernel boots, and a crash only panics. Debian's kdump-tools adds crashkernel= to GRUB's command line (/etc/default/grub.d/kdump-tools.cfg), so the sandbox's crash kernel is always loaded unless its own command line cannot be.",
        silent: true,
        inferred: true,
      });
    const still = [...active];
    tx.emit({
      kind: 'kdump',
      fn: 'machine_kexec',
      prefix: 'sandbox',
      message: `booting the kdump kernel; ${still.length ? `still doing DMA: ${still.join(', ')}` : 'no device is doing DMA'}`,
      why: "Devices are not reset by a crash: those that were doing DMA keep doing it with the old kernel's addresses.",
      silent: true,
    });
  }
  m.machine = { ...m.machine, kdump: true, translationPreEnabled: translating };
  if (cmdline !== undefined) m.cmdline = cmdline;
  bootKernel(tx, carry);
  return OK;
}

/**
 * The crash with no crash kernel loaded: what the load said, then the panic (if the kernel had not
 * already died), after which nothing boots. The machine stays as it was, dead until a boot.
 */
function noCrashKernel(tx: Tx, refusal: KernelEvent): Answer {
  const m = tx.m;
  tx.emit(refusal);
  m.noCrashKernel = true;
  if (m.panicked) return noCrashKernelLeft();
  panicLines(
    tx,
    'The running kernel dies with no crash kernel loaded: __crash_kexec finds no kexec_crash_image, so nothing boots and the machine stays dead until a reboot.',
  );
  m.panicked = true;
  return OK;
}

/** echo c > /proc/sysrq-trigger, as the kernel logs it. */
function panicLines(tx: Tx, then: string): void {
  tx.emit({
    kind: 'kdump',
    fn: '__handle_sysrq',
    prefix: 'sysrq',
    // One "sysrq: " since 5.1 (c3fee60908db, "sysrq: Remove duplicated sysrq message").
    message: 'Trigger a crash',
    why: 'echo c > /proc/sysrq-trigger: the sysrq handler announces the action, then sysrq_handle_crash calls panic().',
  });
  tx.emit({
    kind: 'kdump',
    fn: 'panic',
    prefix: 'kernel',
    level: 'err',
    message: 'Kernel panic - not syncing: sysrq triggered crash',
    why: then,
  });
}
