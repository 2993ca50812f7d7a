import { describe, expect, it } from 'vitest';
import { checkKconfig, effectiveKconfig, kconfigDefaults, settleChoices } from './config';
import { boot } from './config.helpers';
import { dmesgLine } from './dmesg';
import { runScenario } from './run';

describe('Kconfig (Debian bookworm defaults, choices)', () => {
  it("defaults to Debian's: VT-d on except the iGPU, lazy DMA domains, no passthrough", () => {
    expect(kconfigDefaults()).toEqual({
      INTEL_IOMMU_DEFAULT_ON: false,
      INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF: true,
      INTEL_IOMMU_DEFAULT_OFF: false,
      IOMMU_DEFAULT_DMA_STRICT: false,
      IOMMU_DEFAULT_DMA_LAZY: true,
      IOMMU_DEFAULT_PASSTHROUGH: false,
    });
  });

  it('a member set y deselects the default member of its choice (no problem reported)', () => {
    const kc = effectiveKconfig({ INTEL_IOMMU_DEFAULT_ON: true, IOMMU_DEFAULT_PASSTHROUGH: true });
    expect(kc).toMatchObject({ INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF: false, IOMMU_DEFAULT_DMA_LAZY: false });
    expect(checkKconfig({ INTEL_IOMMU_DEFAULT_ON: true, IOMMU_DEFAULT_PASSTHROUGH: true })).toEqual([]);
  });

  it('two members of one choice set y is a problem; the last one wins', () => {
    const kconfig = { IOMMU_DEFAULT_DMA_STRICT: true, IOMMU_DEFAULT_DMA_LAZY: true };
    expect(checkKconfig(kconfig)).toEqual([
      { option: 'IOMMU_DEFAULT_DMA_LAZY', message: expect.stringContaining('one Kconfig choice') },
    ]);
    expect(effectiveKconfig(kconfig)).toMatchObject({
      IOMMU_DEFAULT_DMA_STRICT: false,
      IOMMU_DEFAULT_DMA_LAZY: true,
    });
  });

  it.each([
    ['IOMMU_DEFAULT_DMA_STRICT', 'iommu: DMA domain TLB invalidation policy: strict mode'],
    ['IOMMU_DEFAULT_PASSTHROUGH', 'iommu: Default domain type: Passthrough'],
  ])(
    'a scenario setting only CONFIG_%s boots with it, and no choice is reported twice set',
    (option, printed) => {
      const r = runScenario({
        format: 'iommu-sandbox/scenario@1',
        kernel: 'v6.1',
        kconfig: { [option]: true },
        devices: [{ bdf: '00:00.0', type: 'host-bridge' }],
        steps: [{ op: 'boot' }],
      });
      const events = r.steps[0]!.events;
      expect(events.filter((e) => !e.silent).map(dmesgLine)).toContain(printed);
      expect(events.filter((e) => e.fn === 'kconfig')).toEqual([]);
    },
  );

  it("a choice with every member turned off falls back to the choice's Kconfig default", () => {
    expect(effectiveKconfig({ INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF: false }).INTEL_IOMMU_DEFAULT_ON).toBe(true);
  });

  it('settles each choice: the last member set true, else the member left y, else the default, even one set false', () => {
    const settled = (kconfig: Record<string, boolean>) =>
      settleChoices(kconfig).map(({ chosen, byDefault }) => [chosen, byDefault]);
    expect(settled({ IOMMU_DEFAULT_DMA_LAZY: true, IOMMU_DEFAULT_DMA_STRICT: true })[1]).toEqual([
      'IOMMU_DEFAULT_DMA_STRICT',
      false,
    ]);
    expect(settled({ IOMMU_DEFAULT_PASSTHROUGH: false })).toEqual([
      ['INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF', false],
      ['IOMMU_DEFAULT_DMA_LAZY', false],
    ]);
    expect(settled({ IOMMU_DEFAULT_DMA_LAZY: false })[1]).toEqual(['IOMMU_DEFAULT_DMA_LAZY', true]);
    expect(effectiveKconfig({ IOMMU_DEFAULT_DMA_LAZY: false }).IOMMU_DEFAULT_DMA_LAZY).toBe(true);
  });

  it('unknown names are not problems, but resolving logs that the sandbox does not model them', () => {
    expect(checkKconfig({ INTEL_IOMMU_SVM: true })).toEqual([]);
    const { events } = boot('v6.1', '', { INTEL_IOMMU_SVM: true });
    expect(events).toContainEqual(
      expect.objectContaining({
        prefix: 'sandbox',
        message: 'CONFIG_INTEL_IOMMU_SVM is not modelled by the sandbox',
      }),
    );
  });
});
