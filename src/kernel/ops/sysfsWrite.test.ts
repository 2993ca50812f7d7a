/**
 * What reaches iommu_group_store_type of a sysfs write: nothing of an empty write
 * (sysfs_kf_write), and the text up to its first NUL (sysfs_streq).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../run';
import type { Scenario, Step } from '../types';

const e13 = JSON.parse(
  readFileSync(
    new URL('../../../scenarios/examples/e13-sysfs-group-type.v6.1.json', import.meta.url),
    'utf8',
  ),
) as Scenario;

/** E13's machine, booted, the nic unbound (the first result), then `values` written to its group's type file. */
function write(kernel: Scenario['kernel'], ...values: string[]) {
  const steps: Step[] = [
    { op: 'boot' },
    { op: 'unbind', device: '00:02.0' },
    ...values.map((value): Step => ({ op: 'set-group-type', group: 1, value })),
  ];
  return runScenario({ ...e13, kernel, steps }).steps.slice(1);
}

const typeOf = (step: ReturnType<typeof write>[number]) => step.state.groups.find((g) => g.id === 1)?.type;

describe('a write to /sys/kernel/iommu_groups/N/type', () => {
  it('of no bytes succeeds and changes nothing: sysfs_kf_write never calls the store', () => {
    const [unbound, empty] = write('v6.1', '');
    expect(empty!.ok).toBe(true);
    expect(typeOf(empty!)).toBe('DMA-FQ');
    expect(empty!.state).toEqual(unbound!.state);
  });

  it('of no bytes is still refused where the file is read-only (before 5.11)', () => {
    const [, empty] = write('v5.3', '');
    expect(empty!.error).toMatch(/^-EACCES: /);
  });

  it('is read up to its first NUL, as sysfs_streq compares', () => {
    const [, nul] = write('v6.1', 'identity\0garbage');
    expect(nul!.ok).toBe(true);
    expect(typeOf(nul!)).toBe('identity');
  });

  it('forgives one trailing newline (echo), not two', () => {
    const [, one, two] = write('v6.1', 'identity\n', 'DMA\n\n');
    expect(typeOf(one!)).toBe('identity');
    // The refusal quotes what was written, not what was left after the newline.
    expect(two!.error).toBe('-EINVAL: "DMA\\n\\n" is not one of identity, DMA, DMA-FQ, auto');
  });
});
