/** Questions about a machine that lesson goals ask, in the words the lessons use. */
import { dmaBehaviour, groupType } from '../kernel/dma';
import type { DeviceState, DmaBehaviour, GroupState, Machine, Scenario } from '../kernel/types';

/** The group a device is in, if it is present and grouped. */
export function groupOf(m: Machine, bdf: string): GroupState | undefined {
  const g = m.devices[bdf]?.group;
  return g === null || g === undefined ? undefined : m.groups[String(g)];
}

/** The sysfs type of the group a device is in (`unknown` without a default domain). */
export function groupTypeOf(m: Machine, bdf: string): string | undefined {
  const g = groupOf(m, bdf);
  return g && groupType(m, g);
}

/** What the device's DMA does now; undefined when it is not present. */
export function dmaOf(m: Machine, bdf: string): DmaBehaviour | undefined {
  const d = m.devices[bdf];
  return d && dmaBehaviour(m, d);
}

/** Devices present now that the scenario did not start with (hot-added ones). */
export function addedDevices(m: Machine, start: Scenario): DeviceState[] {
  const initial = new Set(start.devices.map((d) => d.bdf));
  return Object.values(m.devices).filter((d) => !initial.has(d.bdf));
}

/** The device selected in the page, if a present device is selected. */
export function selectedDevice(m: Machine, sel: { kind: string; id: string | number } | null) {
  return sel?.kind === 'device' ? m.devices[String(sel.id)] : undefined;
}

/** The first fault a lesson's machine recorded, as a nudge that sends the learner back to the start. */
export function faultNudge(m: Machine): string | null {
  const f = m.faults[0];
  if (!f) return null;
  return `The kernel recorded a fault (${f.kind} in \`${f.fn}()\`): a real machine would now misbehave, so the goal no longer counts. Click **Start again**.`;
}

/** Text the learner typed, as lesson text's `code` (a backtick in it would end the span early). */
export const code = (typed: string): string => `\`${typed.replaceAll('`', "'")}\``;

/** The command line a lesson's machine booted with, as `code`. */
export const bootedWith = (m: Machine): string => code(m.cmdline.trim() || '(empty)');

/**
 * For the lessons about a 32-bit device's first DMA: the device gone, its driver unbound, or a
 * driver bound in its place that can reach all of memory.
 */
export function oldDriverNudge(m: Machine, bdf: string, driver: string): string | null {
  const d = m.devices[bdf];
  if (!d)
    return `${bdf} is not in the machine any more: click **Start again** (or **Rescan** to bring it back).`;
  if (!d.driver)
    return `${bdf} has no driver now, and only a driver maps memory for DMA: bind \`${driver}\` again (**Bind driver**, with **DMA mask (bits)** 32).`;
  const mask = d.driver.dmaMask ?? 64;
  if (mask > 32)
    return `The driver bound to ${bdf} now has a ${mask}-bit DMA mask, so it reaches all of memory and needs no help: bind \`${driver}\` with **DMA mask (bits)** 32, as it was.`;
  return null;
}

/**
 * Groups are identity unless something needs more: the core's default type (iommu.passthrough=1,
 * and iommu=pt from 5.8), or before it the Intel driver's IDENTMAP_ALL (iommu=pt up to 5.7).
 */
export const identityByDefault = (m: Machine): boolean =>
  m.config?.enabled === true && (m.config.defaultType === 'identity' || m.config.identmapAll);

/** The learner used Request DMA/identity domain: the switch a lesson wants the kernel to make by itself. */
export const requestedByHand = (s: Scenario): boolean => s.steps.some((st) => st.op === 'request-domain');

/** For the 5.3 lessons about the first DMA: a domain switched by hand is not what they teach. */
export const byHandNudge = (s: Scenario): string | null =>
  requestedByHand(s)
    ? '**Request DMA domain** (or **Request identity domain**) switched a domain by hand; the lesson is about what 5.3 does by itself at the first DMA: click **Start again** and use only **First DMA**.'
    : null;

/** A nudge for a first DMA done on another device than the one a lesson is about. */
export function otherDmaNudge(
  m: Machine,
  bdf: string,
  others: readonly string[],
  why: string,
): string | null {
  if (m.devices[bdf]?.dmaStarted) return null;
  const other = others.find((o) => m.devices[o]?.dmaStarted);
  return other ? `${other} did its first DMA, and ${why}` : null;
}
