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
  it('two members of one choice set true: a problem at the second, whatever the order of the keys', () => {
    const problems = (kconfig: Record<string, boolean>) => {
      const r = validateScenario({ ...base(), kernel: 'v6.1', kconfig });
      return r.ok ? [] : r.problems;
    };
    const one = 'are true together, but they are members of one Kconfig choice, which takes exactly one';
    expect(problems({ IOMMU_DEFAULT_DMA_STRICT: true, IOMMU_DEFAULT_DMA_LAZY: true })).toEqual([
      `kconfig.IOMMU_DEFAULT_DMA_LAZY: IOMMU_DEFAULT_DMA_STRICT, IOMMU_DEFAULT_DMA_LAZY ${one}: set only one of them true`,
    ]);
    expect(problems({ IOMMU_DEFAULT_DMA_LAZY: true, IOMMU_DEFAULT_DMA_STRICT: true })).toEqual([
      `kconfig.IOMMU_DEFAULT_DMA_STRICT: IOMMU_DEFAULT_DMA_LAZY, IOMMU_DEFAULT_DMA_STRICT ${one}: set only one of them true`,
    ]);
    expect(
      problems({
        INTEL_IOMMU_DEFAULT_OFF: true,
        INTEL_IOMMU_DEFAULT_ON: true,
        INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF: true,
      }),
    ).toEqual([
      `kconfig.INTEL_IOMMU_DEFAULT_ON: INTEL_IOMMU_DEFAULT_OFF, INTEL_IOMMU_DEFAULT_ON, INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF ${one}: set only one of them true`,
    ]);
    // One member true and the others false is a choice made.
    expect(problems({ IOMMU_DEFAULT_DMA_LAZY: false, IOMMU_DEFAULT_DMA_STRICT: true })).toEqual([]);
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
    const r = validateScenario({ ...base(), kernel: 'v5.3', kconfig });
    if (!r.ok) throw new Error(r.problems.join('\n'));
    expect(runScenario(r.scenario).steps[0]!.state.groups[0]?.type).toBe('identity');
    // 6.1 has the choice, whose members exclude each other.
    expect(validateScenario({ ...base(), kernel: 'v6.1', kconfig }).ok).toBe(false);
  });
});

describe('review fix warnings', () => {
  it('says a fix switched on a kernel without its code changes nothing, and is quiet where it applies', () => {
    const warnings = (kernel: KernelId, fixes: Record<string, boolean>) => {
      const r = validateScenario({ ...base(), kernel, fixes });
      if (!r.ok) throw new Error(r.problems.join('\n'));
      return r.warnings;
    };
    expect(warnings('v5.1', { 'hotadd-respects-owner': false })).toEqual([
      'fixes.hotadd-respects-owner: changes nothing on v5.1, which has no code this fix changes (it applies to v5.8, v5.11, v6.1)',
    ]);
    expect(warnings('v5.11', { 'hotadd-respects-owner': false })).toEqual([]);
  });
});
