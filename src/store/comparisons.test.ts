import { describe, expect, it } from 'vitest';
import { compareRuns, type Difference } from '../compare/diff';
import { withConfig } from '../compare/variant';
import { runScenario } from '../kernel/run';
import { COMPARISONS } from './comparisons';
import { ComparisonError, comparisonDescription, loadComparison } from './loadComparison';

const brief = (d: Difference) => `${d.step} ${d.kind} ${d.devices.join(',')}: ${d.left} | ${d.right}`;

async function differences(id: string) {
  const { comparison, scenario } = await loadComparison(id);
  const left = runScenario(withConfig(scenario, comparison.left));
  const right = runScenario(withConfig(scenario, comparison.right));
  return { left, right, diffs: compareRuns(left, right) };
}

describe('ready-made comparisons (scenarios/compare)', () => {
  it('has one per §9 entry the fixes cover, in the catalogue order, then the seed discussion', async () => {
    const catalogue = COMPARISONS.filter((c) => c.section === 'Bug and fix catalogue').map((c) => c.id);
    expect(catalogue).toEqual([
      'si-free',
      'kdump-no-defer',
      'kdump-defer-order',
      'hotadd-owned-group',
      'kdump-multidev',
    ]);
    const seed = COMPARISONS.filter((c) => c.section === 'Seed discussion').map((c) => c.id);
    expect(seed).toEqual(
      expect.arrayContaining(['seed-extra-group', 'seed-driver-vs-core-32bit', 'seed-is-attach-deferred']),
    );
    for (const c of COMPARISONS) expect(await comparisonDescription(c.id), c.id).toBeTruthy();
  });

  it.each(COMPARISONS.map((c) => c.id))('%s opens, both worlds boot, and they differ', async (id) => {
    const { left, right, diffs } = await differences(id);
    expect(left.steps[0]?.ok).toBe(true);
    expect(right.steps[0]?.ok).toBe(true);
    expect(diffs.length).toBeGreaterThan(0);
  });

  it('si-free: the use-after-free is only in the world without the guard', async () => {
    const { diffs } = await differences('si-free');
    expect(diffs.filter((d) => d.step === 1 && d.kind === 'fault').map(brief)).toEqual([
      '1 fault : — | use-after-free',
    ]);
  });

  it('hotadd-owned-group: 5.11 attaches the hot-added function outside the VM domain, 6.1 does not', async () => {
    const { diffs } = await differences('hotadd-owned-group');
    expect(diffs.filter((d) => d.kind === 'fault').map(brief)).toEqual([
      '2 fault 01:00.2: isolation-broken on 01:00.2 | —',
    ]);
  });

  it('kdump-multidev: 5.11 refuses the deferred attach of a two-device group', async () => {
    const { diffs } = await differences('kdump-multidev');
    const error = diffs.find((d) => d.kind === 'error');
    expect(error?.left).toMatch(/^-ENOMEM \(the driver's\): iommu_dma_deferred_attach/);
    expect(error?.right).toBe('ok');
  });

  it('names what is wrong with a comparison that cannot be opened', async () => {
    await expect(loadComparison('no-such-comparison')).rejects.toBeInstanceOf(ComparisonError);
  });
});
