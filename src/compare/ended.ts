/**
 * Differences that end: a lasting difference of the step before (a group, a type, what a
 * device's DMA does, the domain its driver sees) that no longer holds, with what each world
 * shows now and the functions that changed it. Without them a review of kdump-no-defer stopped
 * before its point, the deferred attach that brings both worlds to the same state.
 */
import type { StateSnapshot } from '../kernel/types';
import { deviceCauses, partitionCauses, typeCauses, type WorldStep } from './causes';
import type { Difference, DifferenceKind } from './diff';
import { driverView, groupOfDevice, groupType, partitionOf } from './roles';
import { both, type Via } from './via';

const LASTING: ReadonlySet<DifferenceKind> = new Set(['partition', 'group-type', 'dma', 'driver-view']);

const GONE = 'gone';

// A world whose side did not change reads as it is: "translated", not "translated → translated".
const wasNow = (was: string, now: string) => (was === now ? now : `${was} → ${now}`);

/** What a world shows now, of one kind for one device (indexes built once per state). */
function valuesOf(state: StateSnapshot): (kind: DifferenceKind, bdf: string) => string {
  const devices = new Map(state.devices.map((d) => [d.bdf, d]));
  const groups = groupOfDevice(state);
  const parts = partitionOf(state);
  return (kind, bdf) => {
    const dev = devices.get(bdf);
    if (!dev) return GONE;
    if (kind === 'dma') return dev.dma;
    if (kind === 'driver-view') return driverView(state, dev);
    const g = groups.get(bdf);
    if (kind === 'group-type') return g ? groupType(state, g) : 'no group';
    const members = parts.get(bdf);
    return members === undefined ? 'no group' : `{${members.split(' ').join(', ')}}`;
  };
}

/**
 * In one world, the functions of this step that changed a kind of thing for some devices, as the
 * kind's own rows name them (each index built once per step: a rescan ends many rows at once).
 */
function changedBy(w: WorldStep): (kind: DifferenceKind, devices: string[]) => string[] {
  let types: ((bdf: string) => string[]) | undefined;
  let devs: ReturnType<typeof deviceCauses> | undefined;
  return (kind, devices) => {
    if (kind === 'partition') return partitionCauses(w, devices, true);
    if (kind === 'group-type') {
      types ??= typeCauses(w);
      return [...new Set(devices.flatMap(types))];
    }
    devs ??= deviceCauses(w);
    const by = kind === 'dma' ? devs.dma : devs.context;
    return [...new Set(devices.flatMap((d) => by.get(d) ?? []))];
  };
}

/**
 * Rows of `before` (the step before's differences) whose devices no row of `now` shows any more,
 * as rows of `step` marked `ended`: "old-kernel → translated" against "faults → translated".
 */
export function endedDiffs(
  step: number,
  before: readonly Difference[],
  now: readonly Difference[],
  worlds: readonly WorldStep[],
): Difference[] {
  const shown = new Set(now.flatMap((d) => d.devices.map((v) => `${d.kind}|${v}`)));
  const values = worlds.map((w) => valuesOf(w.step.state));
  const changers = worlds.map(changedBy);
  const out: Difference[] = [];
  for (const d of before) {
    if (!LASTING.has(d.kind) || d.ended) continue;
    // The devices no longer shown, by what each world shows now (some may be gone, some agree).
    const byNow = new Map<string, string[]>();
    for (const v of d.devices) {
      if (shown.has(`${d.kind}|${v}`)) continue;
      const key = JSON.stringify(values.map((f) => f(d.kind, v)));
      byNow.set(key, [...(byNow.get(key) ?? []), v]);
    }
    for (const [key, devices] of byNow) {
      const [l, r] = JSON.parse(key) as [string, string];
      // Removed in both worlds: the difference went with the device, nothing resolved it.
      if (l === GONE && r === GONE) continue;
      const via: Via = both(changers, (c) => c(d.kind, devices));
      out.push({
        step,
        kind: d.kind,
        devices,
        left: wasNow(d.left, l),
        right: wasNow(d.right, r),
        via,
        ended: true,
      });
    }
  }
  return out;
}
