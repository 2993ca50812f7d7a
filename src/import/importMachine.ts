/**
 * The whole import: the two pastes parsed as far as they go, the machine rebuilt from lspci, and
 * its predicted groups compared with the real ones. Pure and synchronous; the page shows the result.
 */
import { type Comparison, compareGroups, type GroupView } from './compare';
import { type ParsedGroups, parseGroups } from './groups';
import type { Unread } from './lines';
import { type LspciDevice, parseLspci } from './lspci';
import { type RebuiltMachine, rebuildMachine } from './rebuild';

/** An unread line and the paste it came from. */
export interface UnreadLine extends Unread {
  source: 'groups' | 'lspci';
  /** The entry that stands for the lines past the cap: how many it stands for. */
  more?: number;
}

export interface ImportResult {
  /** The real groups: from the groups listing, else from lspci's "IOMMU group:" lines. */
  real: GroupView[];
  /** Where `real` came from (null: neither paste had groups). */
  realFrom: 'groups' | 'lspci' | null;
  /** What the groups listing said about each device ("PCI bridge: Intel Corporation ..."). */
  names: Record<string, string>;
  lspciDevices: LspciDevice[];
  /** The rebuilt machine; null without lspci devices. */
  machine: RebuiltMachine | null;
  /** Problems of the rebuilt scenario, when it did not validate (a bug here, not in the paste). */
  problems: string[];
  comparison: Comparison | null;
  unread: UnreadLine[];
  /** Where a paste was cut at a limit (also among `unread`, which may not list them past its cap). */
  cut: UnreadLine[];
}

/** The most unread lines reported per paste; a paste of garbage need not list every line. */
export const MAX_UNREAD = 200;

function fromGroups(parsed: ParsedGroups): GroupView[] {
  return parsed.groups.map((g) => ({ id: g.id, devices: g.devices.map((d) => d.bdf) }));
}

function fromLspci(devices: LspciDevice[]): GroupView[] {
  const byId = new Map<number, string[]>();
  for (const d of devices)
    if (d.iommuGroup !== null) byId.set(d.iommuGroup, [...(byId.get(d.iommuGroup) ?? []), d.bdf]);
  return [...byId].map(([id, ds]) => ({ id, devices: ds })).sort((a, b) => a.id - b.id);
}

function capped(source: UnreadLine['source'], unread: Unread[]): UnreadLine[] {
  const shown: UnreadLine[] = unread.slice(0, MAX_UNREAD).map((u) => ({ ...u, source }));
  if (unread.length > MAX_UNREAD)
    shown.push({
      source,
      line: unread[MAX_UNREAD]!.line,
      reason: `and ${unread.length - MAX_UNREAD} more lines that could not be read`,
      text: '',
      more: unread.length - MAX_UNREAD,
    });
  return shown;
}

/** Parses both pastes (either may be empty), rebuilds the machine and compares. */
export function importMachine(input: { groups: string; lspci: string }): ImportResult {
  const groups = parseGroups(input.groups);
  const lspci = parseLspci(input.lspci);
  const names: Record<string, string> = {};
  for (const g of groups.groups)
    for (const d of g.devices)
      if (d.description) names[d.bdf] = d.description.name || d.description.className;
  let real = fromGroups(groups);
  let realFrom: ImportResult['realFrom'] = real.length ? 'groups' : null;
  if (!real.length) {
    real = fromLspci(lspci.devices);
    realFrom = real.length ? 'lspci' : null;
  }
  let machine: RebuiltMachine | null = null;
  let problems: string[] = [];
  if (lspci.devices.length) {
    const rebuilt = rebuildMachine(lspci.devices, groups.cmdline);
    if (rebuilt.ok) machine = rebuilt.machine;
    else problems = rebuilt.problems;
  }
  return {
    real,
    realFrom,
    names,
    lspciDevices: lspci.devices,
    machine,
    problems,
    comparison: machine && real.length ? compareGroups(real, machine) : null,
    unread: [...capped('groups', groups.unread), ...capped('lspci', lspci.unread)],
    cut: [
      ...groups.unread.filter((u) => u.cut).map((u) => ({ ...u, source: 'groups' as const })),
      ...lspci.unread.filter((u) => u.cut).map((u) => ({ ...u, source: 'lspci' as const })),
    ],
  };
}
