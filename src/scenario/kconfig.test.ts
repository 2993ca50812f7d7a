import { describe, expect, it } from 'vitest';
import { effectiveKconfig } from '../kernel/config';
import { runScenario } from '../kernel/run';
import type { KernelId } from '../kernel/types';
import { base } from './fixtures.helpers';
import { validateScenario } from './validate';

/** The warnings a scenario with this kconfig gets (it must stay valid: warnings never fail it). */
function warningsFor(kconfig: Record<string, boolean>, kernel: KernelId = 'v6.1'): string[] {
  const r = validateScenario({ ...base(), kernel, kconfig });
  if (!r.ok) throw new Error(r.problems.join('\n'));
  return r.warnings;
}

describe('kconfig warnings', () => {
  it('two members of one choice set true: the one that changes nothing, naming the one used and why', () => {
    const why = 'is true too and the last one set true is used (kconfig reading a .config keeps the last)';
    expect(warningsFor({ IOMMU_DEFAULT_DMA_STRICT: true, IOMMU_DEFAULT_DMA_LAZY: true })).toEqual([
      `kconfig.IOMMU_DEFAULT_DMA_STRICT: changes nothing: IOMMU_DEFAULT_DMA_LAZY, of the same Kconfig choice, ${why}`,
    ]);
    expect(warningsFor({ IOMMU_DEFAULT_DMA_LAZY: true, IOMMU_DEFAULT_DMA_STRICT: true })).toEqual([
      `kconfig.IOMMU_DEFAULT_DMA_LAZY: changes nothing: IOMMU_DEFAULT_DMA_STRICT, of the same Kconfig choice, ${why}`,
    ]);
    // What the warning says is what the kernel is built with.
    expect(effectiveKconfig({ IOMMU_DEFAULT_DMA_LAZY: true, IOMMU_DEFAULT_DMA_STRICT: true })).toMatchObject({
      IOMMU_DEFAULT_DMA_STRICT: true,
      IOMMU_DEFAULT_DMA_LAZY: false,
    });
    expect(
      warningsFor({
        INTEL_IOMMU_DEFAULT_OFF: true,
        INTEL_IOMMU_DEFAULT_ON: true,
        INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF: true,
      }),
    ).toEqual([
      `kconfig.INTEL_IOMMU_DEFAULT_OFF: changes nothing: INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF, of the same Kconfig choice, ${why}`,
      `kconfig.INTEL_IOMMU_DEFAULT_ON: changes nothing: INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF, of the same Kconfig choice, ${why}`,
    ]);
  });

  it('a choice left with no member y: the member its default picks, even one set false', () => {
    expect(warningsFor({ IOMMU_DEFAULT_DMA_LAZY: false })).toEqual([
      "kconfig.IOMMU_DEFAULT_DMA_LAZY: no member of this Kconfig choice is true, and one must be y: IOMMU_DEFAULT_DMA_LAZY is used all the same, the choice's default (as olddefconfig picks it)",
    ]);
    expect(warningsFor({ INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF: false })).toEqual([
      "kconfig.INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF: no member of this Kconfig choice is true, and one must be y: INTEL_IOMMU_DEFAULT_ON is used, the choice's default (as olddefconfig picks it)",
    ]);
    expect(warningsFor({ IOMMU_DEFAULT_DMA_LAZY: false, IOMMU_DEFAULT_PASSTHROUGH: false })).toEqual([
      expect.stringMatching(
        /^kconfig\.IOMMU_DEFAULT_DMA_LAZY: .*: IOMMU_DEFAULT_DMA_LAZY is used all the same/,
      ),
    ]);
  });

  it('says nothing when the options do what they say', () => {
    // Debian's pick stays y when another member is set false; a member set true deselects the rest.
    expect(warningsFor({ IOMMU_DEFAULT_PASSTHROUGH: false, INTEL_IOMMU_DEFAULT_OFF: false })).toEqual([]);
    expect(warningsFor({ IOMMU_DEFAULT_DMA_LAZY: false, IOMMU_DEFAULT_DMA_STRICT: true })).toEqual([]);
    expect(warningsFor({ INTEL_IOMMU_DEFAULT_ON: true, IOMMU_DEFAULT_PASSTHROUGH: true })).toEqual([]);
  });

  it('every name the sandbox does not read changes nothing, with a guess when one is close', () => {
    const nothing = 'the sandbox does not read this option, so it changes nothing';
    expect(
      warningsFor({
        INTEL_IOMMU: false,
        IOMMU_DEFAULT_PT: true,
        INTEL_IOMMU_SVM: true,
        IOMMU_DEFAULT_DMA_LASY: true,
      }),
    ).toEqual([
      `kconfig.INTEL_IOMMU: ${nothing}: VT-d is always built in (for VT-d off: INTEL_IOMMU_DEFAULT_OFF or intel_iommu=off)`,
      `kconfig.IOMMU_DEFAULT_PT: ${nothing} (it reads only the INTEL_IOMMU_DEFAULT_* and IOMMU_DEFAULT_* choices)`,
      `kconfig.INTEL_IOMMU_SVM: ${nothing} (it reads only the INTEL_IOMMU_DEFAULT_* and IOMMU_DEFAULT_* choices)`,
      `kconfig.IOMMU_DEFAULT_DMA_LASY: ${nothing}; did you mean "IOMMU_DEFAULT_DMA_LAZY"?`,
    ]);
  });

  it('before 5.15 the default-domain choice does not exist: IOMMU_DEFAULT_PASSTHROUGH is an option of its own', () => {
    const kconfig = { IOMMU_DEFAULT_PASSTHROUGH: true, IOMMU_DEFAULT_DMA_STRICT: true };
    expect(warningsFor(kconfig, 'v5.3')).toEqual([
      'kconfig.IOMMU_DEFAULT_DMA_STRICT: v5.3 has no such option (its Kconfig choice came with 5.15; before, IOMMU_DEFAULT_PASSTHROUGH was an option of its own), so it changes nothing',
    ]);
    expect(effectiveKconfig(kconfig, 'v5.3')).toMatchObject({ IOMMU_DEFAULT_PASSTHROUGH: true });
    // 6.1 has the choice: the last member set true is the one used.
    expect(effectiveKconfig(kconfig, 'v6.1')).toMatchObject({ IOMMU_DEFAULT_PASSTHROUGH: false });
    const groupType = (kernel: KernelId) => {
      const r = validateScenario({ ...base(), kernel, kconfig });
      if (!r.ok) throw new Error(r.problems.join('\n'));
      return runScenario(r.scenario).steps[0]!.state.groups[0]?.type;
    };
    expect(groupType('v5.3')).toBe('identity');
    expect(groupType('v6.1')).toBe('DMA');
  });
});
