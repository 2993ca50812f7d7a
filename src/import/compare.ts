/**
 * The real groups against the ones the sandbox predicts for the rebuilt machine (kernel v6.1,
 * booted): which groups match, and each difference with the sandbox's own reason (the core's
 * groupWhy) and, in plain words, what on the real machine most likely made the kernel differ.
 */
import { compareBdf, slotKey } from '../kernel/bdf';
import { formGroups, type GroupReason } from '../kernel/groups';
import { applyStep, createMachine } from '../kernel/run';
import { buildTopology } from '../kernel/topology';
import type { DeviceSpec } from '../kernel/types';
import type { AcsQuirkFn, AcsQuirkMatch } from './acsQuirks';
import {
  AMD_UNGROUPED,
  type CauseContext,
  causesApart,
  causesTogether,
  list,
  ONLY_LSPCI,
  ONLY_REAL,
} from './causes';
import type { RebuiltMachine } from './rebuild';

/** A group as a list of addresses. */
export interface GroupView {
  id: number;
  devices: string[];
}

export type DifferenceKind =
  /** The kernel grouped devices that the sandbox puts in different groups. */
  | 'kernel-joined'
  /** The sandbox groups devices that the kernel put in different groups. */
  | 'sandbox-joined'
  /** In the groups listing, missing from lspci. */
  | 'only-real'
  /** In lspci, missing from the groups listing. */
  | 'only-lspci';

export interface Difference {
  kind: DifferenceKind;
  devices: string[];
  realGroups: number[];
  predictedGroups: number[];
  /** One sentence: what differs. */
  summary: string;
  /** The sandbox's reason for each device's group (the core's groupWhy). */
  sandboxWhy: { device: string; why: string }[];
  /** Likely causes, most likely first. */
  causes: string[];
}

export interface GroupMatch {
  real: number;
  predicted: number;
  /** The group matches only thanks to these ACS quirks (without them the sandbox would differ). */
  quirks?: { device: string; fn: AcsQuirkFn }[];
}

export interface Comparison {
  real: GroupView[];
  predicted: GroupView[];
  /** Groups with the same devices (of those both pastes list). */
  matches: GroupMatch[];
  differences: Difference[];
  /** Why the sandbox put each device in its group (groupWhy), by address. */
  why: Record<string, string>;
}

function partition(devices: string[], of: Map<string, number>): Map<number, string[]> {
  const parts = new Map<number, string[]>();
  for (const d of devices) {
    const g = of.get(d);
    if (g === undefined) continue;
    const p = parts.get(g);
    if (p) p.push(d);
    else parts.set(g, [d]);
  }
  return parts;
}

// Whether a real group is exactly one group of a partition (of the devices both sides list).
function matcher(realOf: Map<string, number>) {
  return (of: Map<string, number>) => {
    const members = new Map<number, string[]>();
    for (const [d, g] of of) if (realOf.has(d)) members.set(g, [...(members.get(g) ?? []), d]);
    return (g: GroupView): boolean => {
      const parts = partition(
        g.devices.filter((d) => of.has(d)),
        of,
      );
      if (parts.size !== 1) return false;
      const [p] = parts.keys();
      return members.get(p!)!.every((d) => realOf.get(d) === g.id);
    };
  };
}

/**
 * The devices as they would be without the ACS quirks the import found: no device id to look them
 * up by, and no ACS capability where the import assumed one for a quirk.
 */
export function withoutAcsQuirks(
  devices: DeviceSpec[],
  acsQuirks: Record<string, AcsQuirkMatch>,
): DeviceSpec[] {
  return devices.map((d) => {
    const q = acsQuirks[d.bdf];
    if (!q) return d;
    const { device: _, ...rest } = d;
    if (q.assumed) delete rest.acs;
    return rest;
  });
}

// The quirked devices that can decide these devices' group: themselves, the bridges above them
// and the other functions of their slots.
function quirksAround(devices: string[], ctx: CauseContext): { device: string; fn: AcsQuirkFn }[] {
  const near = new Set<string>();
  for (const d of devices) {
    for (let b: string | undefined = d; b !== undefined && !near.has(b); b = ctx.specs.get(b)?.parent)
      near.add(b);
    for (const s of ctx.specs.keys()) if (slotKey(s) === slotKey(d)) near.add(s);
  }
  return [...near]
    .filter((d) => ctx.acsQuirks[d])
    .sort(compareBdf)
    .map((d) => ({ device: d, fn: ctx.acsQuirks[d]!.fn }));
}

// AMD-Vi's own PCI function (class 0806) and the root complex (00:00.0): in no group on AMD.
function isAmdUngrouped(d: DeviceSpec): boolean {
  if (d.vendor !== '1022') return false;
  return (
    d.class?.startsWith('0806') === true || (d.bdf === '00:00.0' && d.class?.startsWith('0600') === true)
  );
}

/** Boots the rebuilt machine and compares its groups with the real ones. */
export function compareGroups(real: GroupView[], rebuilt: RebuiltMachine): Comparison {
  const { scenario } = rebuilt;
  const booted = applyStep(createMachine(scenario), { op: 'boot' }).machine;
  const predicted: GroupView[] = Object.values(booted.groups)
    .map((g) => ({ id: g.id, devices: [...g.devices] }))
    .sort((a, b) => a.id - b.id);
  const why: Record<string, string> = {};
  for (const [bdf, d] of Object.entries(booted.devices)) if (d.groupWhy) why[bdf] = d.groupWhy;
  // The rule and the device that decided, for choosing causes (the same pci_device_group the boot ran).
  const reasons: Record<string, GroupReason> = formGroups(buildTopology(scenario.devices)).reasons;

  const realOf = new Map<string, number>();
  for (const g of real) for (const d of g.devices) realOf.set(d, g.id);
  const predOf = new Map<string, number>();
  for (const g of predicted) for (const d of g.devices) predOf.set(d, g.id);
  const specs = new Map<string, DeviceSpec>(scenario.devices.map((d) => [d.bdf, d]));
  const ctx: CauseContext = {
    specs,
    guesses: rebuilt.guesses,
    acsQuirks: rebuilt.acsQuirks,
    reasons,
    cmdline: scenario.cmdline ?? '',
  };
  const sameGroups = matcher(realOf);
  const unquirked = sameGroups(predOf);
  const withoutQuirks = Object.keys(rebuilt.acsQuirks).length
    ? sameGroups(
        new Map(
          Object.entries(
            formGroups(buildTopology(withoutAcsQuirks(scenario.devices, rebuilt.acsQuirks))).groupOf,
          ),
        ),
      )
    : unquirked;
  const whyOf = (ds: string[]) => ds.filter((d) => why[d]).map((d) => ({ device: d, why: why[d]! }));

  const differences: Difference[] = [];
  const matches: GroupMatch[] = [];
  for (const g of real) {
    const common = g.devices.filter((d) => predOf.has(d));
    const parts = partition(common, predOf);
    if (unquirked(g)) {
      const [p] = parts.keys();
      const thanks = withoutQuirks(g) ? [] : quirksAround(common, ctx);
      matches.push({ real: g.id, predicted: p!, ...(thanks.length ? { quirks: thanks } : {}) });
    }
    if (parts.size < 2) continue;
    differences.push({
      kind: 'kernel-joined',
      devices: common,
      realGroups: [g.id],
      predictedGroups: [...parts.keys()],
      summary: `The kernel put ${list(common)} in one group (${g.id}); the sandbox splits them into groups ${list([...parts.keys()])}.`,
      sandboxWhy: whyOf(common),
      causes: causesTogether(common, ctx),
    });
  }
  for (const g of predicted) {
    const common = g.devices.filter((d) => realOf.has(d));
    const parts = partition(common, realOf);
    if (parts.size < 2) continue;
    differences.push({
      kind: 'sandbox-joined',
      devices: common,
      realGroups: [...parts.keys()],
      predictedGroups: [g.id],
      summary: `The sandbox puts ${list(common)} in one group (${g.id}); the kernel separated them into groups ${list([...parts.keys()])}.`,
      sandboxWhy: whyOf(common),
      causes: causesApart(common, ctx),
    });
  }
  const onlyReal = [...realOf.keys()].filter((d) => !specs.has(d));
  if (onlyReal.length)
    differences.push({
      kind: 'only-real',
      devices: onlyReal,
      realGroups: [...new Set(onlyReal.map((d) => realOf.get(d)!))],
      predictedGroups: [],
      summary: `${list(onlyReal)} ${onlyReal.length === 1 ? 'is' : 'are'} in the groups listing but not in the lspci output.`,
      sandboxWhy: [],
      causes: ONLY_REAL,
    });
  // In lspci, in no group: AMD-Vi's own functions (expected there), then the rest.
  const missing = [...specs.keys()].filter((d) => !realOf.has(d));
  const amd = missing.filter((d) => isAmdUngrouped(specs.get(d)!));
  const onlyLspci = (
    devices: string[],
    where: string,
    sandboxWhy: Difference['sandboxWhy'],
    causes: string[],
  ) => {
    if (devices.length)
      differences.push({
        kind: 'only-lspci',
        devices,
        realGroups: [],
        predictedGroups: [...new Set(devices.flatMap((d) => (predOf.has(d) ? [predOf.get(d)!] : [])))],
        summary: `${list(devices)} ${devices.length === 1 ? 'is' : 'are'} in the lspci output but in no group${where}.`,
        sandboxWhy,
        causes,
      });
  };
  onlyLspci(amd, ": AMD's IOMMU and root complex", [], AMD_UNGROUPED);
  const rest = missing.filter((d) => !amd.includes(d));
  onlyLspci(rest, ' of the listing', whyOf(rest), ONLY_LSPCI);
  return { real, predicted, matches, differences, why };
}
