/**
 * 5.3 without the si_domain guard, after domain_exit() freed si_domain and detached every device
 * in it: what a later DMA map and a later hot-remove of such a device do.
 */
import { describe, expect, it } from 'vitest';
import { dmesgLine } from './dmesg';
import { loadScenario } from './examples.helpers';
import { runScenario } from './run';
import type { StepResult } from './types';

const lines = (s: StepResult) => s.events.filter((e) => !e.silent).map(dmesgLine);

describe('5.3 without the si_domain guard: a later hot-remove of a device domain_exit already detached', () => {
  const scenario = loadScenario('../library/review-si-domain-freed.guard-off.v5.3.json');
  const r = runScenario(scenario);
  const REMOVE_NVME = 4;

  it('dmar_remove_one_dev_info finds no info (if (info)): no detach, no context cleared', () => {
    const step = r.steps[REMOVE_NVME]!;
    const mine = step.events.filter((e) => e.fn === 'dmar_remove_one_dev_info');
    expect(mine.map((e) => [e.message, e.silent])).toEqual([['no device info left: nothing to clear', true]]);
    expect(step.events.some((e) => e.message === 'context entry cleared')).toBe(false);
    expect(lines(step)).toEqual(['pci 0000:00:03.0: Removing from iommu group 2']);
  });

  it('with the guard, the same removal detaches nvme from si_domain', () => {
    const on = runScenario({ ...scenario, fixes: { 'si-domain-free-guard': true } });
    const detach = on.steps[REMOVE_NVME]!.events.filter((e) => e.fn === 'dmar_remove_one_dev_info');
    expect(detach.map((e) => e.message)).toEqual(['detached from si_domain']);
  });

  it('the dma step in between: DMA_MAPPING_ERROR has no errno; -ENOMEM is named as the driver’s', () => {
    const step = r.steps[2]!;
    expect(step.ok).toBe(false);
    expect(step.error).toMatch(/^-ENOMEM \(the driver's\): 0000:00:03\.0 has no domain/);
    expect(step.error).toMatch(/__intel_map_single returns DMA_MAPPING_ERROR, which has no errno/);
    expect(step.error).toMatch(/dma_mapping_error\(\)/);
    expect(lines(step)).toEqual([]);
  });
});
