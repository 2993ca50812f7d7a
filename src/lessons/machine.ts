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
