/**
 * The kernel stops in the middle of a step: an oops in the boot path, a CPU spinning on a lock it
 * already holds. Nothing after that point of the step happens, and what the step did before it
 * stays, as on the real machine. stopKernel throws; applyStep catches it and answers `error` and `errorFn`.
 */
import type { Tx } from './tx';

export class KernelStopped {
  constructor(
    readonly error: string,
    readonly fn: string,
  ) {}
}

/** Marks the machine dead and leaves the step here; `fn`: the kernel function that oopsed or hung. */
export function stopKernel(tx: Tx, error: string, fn: string): never {
  tx.m.panicked = true;
  throw new KernelStopped(error, fn);
}

/** Whether a step's answer says the kernel died in it (an oops, a BUG, a hang), not that it refused. */
export const diedIn = (error: string | null | undefined): boolean =>
  error?.startsWith('-EFAULT') === true || error?.startsWith('-EDEADLK') === true;
