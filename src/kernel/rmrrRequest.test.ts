/**
 * 5.3's request_default_domain_for_dev creates the RMRR direct mappings before it makes the new
 * domain the default (iommu_group_create_direct_mappings reads group->default_domain): an RMRR
 * device moved out of identity loses its RMRR mappings. Fixed in 5.5 (d360211524be).
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from './run';
import type { KernelId, Step } from './types';

const raidUnderPt = (kernel: KernelId, steps: Step[] = [{ op: 'boot' }]) =>
  runScenario({
    format: 'iommu-sandbox/scenario@1',
    kernel,
    cmdline: 'intel_iommu=on iommu.passthrough=1',
    devices: [
      { bdf: '00:1c.0', type: 'root-port', acs: true },
      {
        bdf: '01:00.0',
        type: 'endpoint',
        parent: '00:1c.0',
        class: '0104',
        rmrr: true,
        driver: { name: 'megaraid_sas' },
      },
    ],
    steps,
  });

describe('an RMRR device asking for a DMA domain under iommu=pt', () => {
  it('5.3: gets its DMA domain without its RMRR mapped: the firmware’s DMA faults (inferred)', () => {
    const r = raidUnderPt('v5.3');
    const group = r.steps[0]!.state.groups.find((g) => g.devices.includes('01:00.0'))!;
    expect(group.type).toBe('DMA');
    expect(r.faults).toMatchObject([
      {
        step: 0,
        kind: 'dma-fault',
        fn: 'iommu_group_create_direct_mappings',
        device: '01:00.0',
        domain: group.defaultDomain,
        inferred: true,
      },
    ]);
    expect(r.faults[0]!.message).toMatch(
      /asked of the old one, si_domain, an identity domain that needs none/,
    );
  });

  it('5.7 has the fix: asked for DMA, the device gets its RMRR mapped in the new domain, nothing faults', () => {
    // 5.7 leaves an RMRR device identity-mapped at boot; the request moves it.
    const r = raidUnderPt('v5.7', [{ op: 'boot' }, { op: 'request-domain', device: '01:00.0', type: 'DMA' }]);
    expect(r.steps[1]!.ok).toBe(true);
    expect(r.steps[1]!.state.groups.find((g) => g.devices.includes('01:00.0'))!.type).toBe('DMA');
    expect(r.faults).toEqual([]);
  });
});
