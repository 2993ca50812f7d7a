/** `*.json?run`: a scenario file and its run, computed by the core at build time (scripts/precomputed-run.ts). */
declare module '*.json?run' {
  /** The scenario file. */
  export const scenario: import('../kernel/types').Scenario;
  /** What `runAll(s)` returns for a scenario equal to the file, sharing `s`'s objects as it would. */
  export function build(s: import('../kernel/types').Scenario): import('./timeline').Run;
}
