/**
 * Input checks on `kconfig` that a schema cannot express: the CONFIG_ prefix, Kconfig choices set
 * twice, and names that look like a typo of an option the model reads (kernel-model.md §3, §10).
 */
import { closest } from './closest';

/** Kconfig choices: at most one member is `y` (Debian's patch makes the VT-d default one). */
export const KCONFIG_CHOICES: readonly (readonly string[])[] = [
  ['IOMMU_DEFAULT_DMA_STRICT', 'IOMMU_DEFAULT_DMA_LAZY', 'IOMMU_DEFAULT_PASSTHROUGH'],
  ['INTEL_IOMMU_DEFAULT_ON', 'INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF', 'INTEL_IOMMU_DEFAULT_OFF'],
];

/** Options the model mentions; other names are accepted (and ignored by the model). */
export const KNOWN_KCONFIG: readonly string[] = [
  ...KCONFIG_CHOICES.flat(),
  'INTEL_IOMMU',
  'INTEL_IOMMU_SVM',
  'INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON',
  'INTEL_IOMMU_FLOPPY_WA',
  'INTEL_IOMMU_BROKEN_GFX_WA',
  'IOMMU_DMA',
  'IRQ_REMAP',
  'CRASH_DUMP',
  'VFIO_PCI',
];

/** Problems (CONFIG_-prefixed names) and warnings (choice conflicts, likely typos) for `kconfig`. */
export function checkKconfig(kconfig: Record<string, boolean> | undefined): {
  problems: string[];
  warnings: string[];
} {
  const problems: string[] = [];
  const warnings: string[] = [];
  if (!kconfig) return { problems, warnings };
  for (const name of Object.keys(kconfig)) {
    if (name.startsWith('CONFIG_')) {
      problems.push(`kconfig.${name}: write Kconfig names without CONFIG_ ("${name.slice(7)}")`);
    } else if (!KNOWN_KCONFIG.includes(name)) {
      const guess = closest(name, KNOWN_KCONFIG);
      if (guess) warnings.push(`kconfig.${name}: not an option the sandbox models; did you mean "${guess}"?`);
    }
  }
  for (const choice of KCONFIG_CHOICES) {
    const on = choice.filter((name) => kconfig[name] === true);
    if (on.length > 1) {
      warnings.push(`kconfig.${on[1]}: ${on.join(' and ')} form one Kconfig choice; only one can be y`);
    }
  }
  return { problems, warnings };
}
