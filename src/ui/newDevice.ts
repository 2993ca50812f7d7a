/** The Add device form's data, turned into a DeviceSpec and checked against the machine. Pure. */
import { bdfKey, canonicalBdf, formatBdf, parseBdf } from '../kernel/bdf';
import { isBridge } from '../kernel/deviceTypes';
import { checkTopology } from '../kernel/topologyCheck';
import type { DeviceSpec, DeviceType } from '../kernel/types';

/** What the form holds (all text, as typed). */
export interface NewDeviceForm {
  bdf: string;
  type: DeviceType;
  parent: string;
  multifunction: boolean;
  acs: boolean;
  class: string;
  vendor: string;
  label: string;
  driver: string;
  dmaMask: string;
  externalFacing: boolean;
  rmrr: boolean;
}

/** A field's problem, by field name. */
export type FormErrors = Partial<Record<keyof NewDeviceForm, string>>;

/** An empty form: a PCIe endpoint with a 64-bit driver. */
export const EMPTY_FORM: NewDeviceForm = {
  bdf: '',
  type: 'endpoint',
  parent: '',
  multifunction: false,
  acs: false,
  class: '',
  vendor: '',
  label: '',
  driver: '',
  dmaMask: '64',
  externalFacing: false,
  rmrr: false,
};

/** The DeviceSpec the form describes (fields left empty are left out). */
export function toSpec(f: NewDeviceForm): DeviceSpec {
  const bdf = canonicalBdf(f.bdf.trim()) ?? f.bdf.trim();
  const spec: DeviceSpec = { bdf, type: f.type };
  if (f.parent) spec.parent = f.parent;
  if (f.multifunction) spec.multifunction = true;
  if (f.acs) spec.acs = true;
  if (f.class.trim()) spec.class = f.class.trim().toLowerCase();
  if (f.vendor.trim())
    spec.vendor = f.vendor.trim().toLowerCase() === '8086' ? 'intel' : f.vendor.trim().toLowerCase();
  if (f.label.trim()) spec.label = f.label.trim();
  if (f.externalFacing) spec.externalFacing = true;
  if (f.rmrr) spec.rmrr = true;
  spec.driver = f.driver.trim() ? { name: f.driver.trim(), dmaMask: Number(f.dmaMask) } : null;
  return spec;
}

/**
 * A free address for a device below `parent` (a bridge's BDF, or '' for the root bus): on the bus
 * its children use or used (a slot keeps its bus after its card is removed, `removed`), else on
 * the bus firmware would have given an empty slot: numbered in address order among the empty
 * slots, from the buses no device uses or used. Below a PCIe port, device 00's first free
 * function (its link reaches one device); elsewhere the first free device number, function 0.
 */
export function suggestBdf(
  parent: string,
  present: readonly DeviceSpec[],
  removed: readonly DeviceSpec[] = [],
): string {
  const parse = (list: readonly DeviceSpec[]) =>
    list.flatMap((d) => {
      const b = parseBdf(d.bdf);
      return b ? [{ spec: d, b }] : [];
    });
  const parsed = parse(present);
  const p = parent ? parsed.find((x) => x.spec.bdf === parent)?.b : undefined;
  const segment = p?.segment ?? 0;
  const here = (x: { b: { segment: number } }) => x.b.segment === segment;
  // Each bridge's secondary bus, where a child (present, else removed) says it.
  const secondary = new Map<string, number>();
  for (const x of [...parsed, ...parse(removed)].filter(here))
    if (x.spec.parent && !secondary.has(x.spec.parent)) secondary.set(x.spec.parent, x.b.bus);
  let bus = parent ? secondary.get(parent) : 0;
  if (bus === undefined) {
    const taken = new Set([...parsed.filter(here).map((x) => x.b.bus), ...secondary.values()]);
    const empty = parsed
      .filter((x) => here(x) && isBridge(x.spec) && !secondary.has(x.spec.bdf))
      .sort((a, b) => bdfKey(a.spec.bdf) - bdfKey(b.spec.bdf));
    let skip = Math.max(
      0,
      empty.findIndex((x) => x.spec.bdf === parent),
    );
    bus = (p?.bus ?? 0) + 1;
    while (bus < 255 && (taken.has(bus) || skip-- > 0)) bus++;
  }
  const onBus = parsed.filter((x) => here(x) && x.b.bus === bus).map((x) => x.b);
  // Below a PCIe port the link reaches one device, 00: another function of it, not another device.
  const port = parsed.find((x) => x.spec.bdf === parent)?.spec.type;
  if (port === 'root-port' || port === 'switch-downstream') {
    let fn = 0;
    while (onBus.some((b) => b.dev === 0 && b.fn === fn) && fn < 7) fn++;
    return formatBdf({ segment, bus, dev: 0, fn });
  }
  let dev = 0;
  while (onBus.some((b) => b.dev === dev) && dev < 31) dev++;
  return formatBdf({ segment, bus, dev, fn: 0 });
}

const FIELD_OF: Record<string, keyof NewDeviceForm> = { bdf: 'bdf', parent: 'parent', aliases: 'bdf' };

/** Problems with the form against the devices present now; empty when it can be hot-added. */
export function checkNewDevice(f: NewDeviceForm, present: DeviceSpec[]): FormErrors {
  const errors: FormErrors = {};
  const bdf = canonicalBdf(f.bdf.trim());
  if (f.bdf.trim() === '')
    errors.bdf = `Enter the new device’s address, e.g. ${suggestBdf(f.parent, present)}.`;
  else if (!bdf)
    errors.bdf = `“${f.bdf}” is not a PCI address: write BB:DD.F in hex (device 00–1f, function 0–7).`;
  else {
    const taken = present.find((d) => d.bdf === bdf);
    if (taken) errors.bdf = `${bdf} is already in use${taken.label ? ` by ${taken.label}` : ''}.`;
  }
  if (f.parent) {
    const parent = present.find((d) => d.bdf === f.parent);
    if (!parent) errors.parent = `There is no device ${f.parent} any more; pick another parent.`;
    else if (!isBridge(parent)) errors.parent = `${f.parent} is not a bridge or port.`;
  }
  // As the scenario format reads it: whole bytes (a 3-digit code could not be exported and read back).
  if (f.class.trim() && !/^(?:[0-9a-f]{2}){1,3}$/i.test(f.class.trim()))
    errors.class = 'A class code is 2, 4 or 6 hex digits, e.g. 0200 (network) or 0108 (NVMe).';
  if (f.vendor.trim() && !/^(intel|[0-9a-f]{4})$/i.test(f.vendor.trim()))
    errors.vendor = 'Write intel or a 4-digit hex vendor id, e.g. 144d.';
  const mask = Number(f.dmaMask);
  if (f.driver.trim() && !(Number.isInteger(mask) && mask >= 24 && mask <= 64))
    errors.dmaMask = 'A DMA mask is a number of address bits, 24 to 64.';
  if (errors.bdf || errors.parent) return errors;
  // The same tree rules a scenario file is checked against (bus numbers, parents, types).
  const all = [...present, toSpec(f)];
  for (const p of checkTopology(all)) {
    if (p.index !== all.length - 1) continue;
    const field = FIELD_OF[p.field] ?? 'type';
    errors[field] ??= p.message;
  }
  return errors;
}
