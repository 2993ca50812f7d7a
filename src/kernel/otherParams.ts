/** A word of the command line that is no IOMMU parameter: what the kernel does with it, and a near miss. */
import { editDistance } from './closest';
import type { CmdlineToken } from './cmdline';
import { isKnownParam } from './initArgs';

// Real parameters near an IOMMU one's name, never suggested as its typo (iommu.forcedac on 5.x,
// where the kernel has none of that name).
const REAL_OTHERS = ['iomem', 'amd_iommu', 'amd_iommu_dump', 'amd_iommu_intr', 'iommu.forcedac'];

/** Notes what becomes of word `t`; `names`: the IOMMU parameters a typo of which it may be. */
export function otherParam(t: CmdlineToken, afterDashes: boolean, names: readonly string[]): void {
  if (afterDashes) return void t.notes.push("after '--': an argument for init, not a kernel parameter");
  t.notes.push(
    t.name.includes('.')
      ? 'not an IOMMU parameter (a module parameter; unknown ones are dropped silently)'
      : isKnownParam(t.name)
        ? 'a kernel parameter outside the IOMMU: the sandbox does not model it'
        : 'not a kernel parameter the sandbox knows: the kernel passes such a word on to init',
  );
  const canon = t.name.toLowerCase().replace(/-/g, '_');
  if (REAL_OTHERS.includes(canon)) return;
  const near = names
    .map((n) => [editDistance(canon, n), n] as const)
    .filter(([d, n]) => d <= Math.max(2, n.length >> 2))
    .sort((x, y) => x[0] - y[0])[0];
  if (!near) return;
  t.suggestion = near[1];
  t.notes.push(`did you mean ${near[1]}? Names must match exactly (case too): this one does nothing here`);
}
