/** Shared by the scenario tests: fixtures, a small valid scenario to break, result unwrapping. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario } from '../kernel/types';
import type { ValidationResult } from './validate';

const here = import.meta.dirname;

/** The text of src/scenario/fixtures/<kind>/<name>. */
export const fixture = (kind: 'good' | 'bad', name: string): string =>
  readFileSync(join(here, 'fixtures', kind, name), 'utf8');

/** The problems of an invalid result (throws when it is valid). */
export function problemsOf(r: ValidationResult): string[] {
  if (r.ok) throw new Error(`expected problems, got a valid scenario (warnings: ${r.warnings.join('; ')})`);
  return r.problems;
}

/** The scenario of a valid result (throws with the problems when it is not). */
export function scenarioOf(r: ValidationResult): Scenario {
  if (!r.ok) throw new Error(`expected a valid scenario:\n${r.problems.join('\n')}`);
  return r.scenario;
}

/** A valid scenario as raw JSON: host bridge, root port, switch, one endpoint; one boot step. */
export const base = (): Record<string, unknown> & {
  devices: Record<string, unknown>[];
  steps: unknown[];
} => ({
  format: 'iommu-sandbox/scenario@1',
  kernel: 'v5.3',
  devices: [
    { bdf: '00:00.0', type: 'host-bridge' },
    { bdf: '00:1c.0', type: 'root-port', acs: true },
    { bdf: '01:00.0', type: 'switch-upstream', parent: '00:1c.0' },
    { bdf: '02:01.0', type: 'switch-downstream', parent: '01:00.0' },
    { bdf: '03:00.0', type: 'endpoint', parent: '02:01.0' },
  ],
  steps: [{ op: 'boot' }],
});
