/**
 * lspci's devices → a scenario the sandbox can boot (iommu-sandbox/scenario@1, kernel v6.1, one
 * boot step). Each field says where it came from; what lspci did not say is guessed in the way
 * that changes group formation least, and every guess is kept as a note for the comparison.
 */
import { busKey, compareBdf, parseBdf, slotKey } from '../kernel/bdf';
import { checkTopology } from '../kernel/topologyCheck';
import type { AcsFlag, DeviceSpec, DeviceType, Scenario } from '../kernel/types';
import { parseScenario } from '../scenario/validate';
import { type AcsQuirkMatch, importedAcsQuirk } from './acsQuirks';
import { list } from './causes';
import type { AcsBit, LspciDevice } from './lspci';

/** What the rebuilt machine had to guess about one device (the comparison cites these). */
export type Guess =
  /** lspci had no -v details: the type comes from the class and the bus. */
  | 'type'
  /** No -PP path, and no bridge whose secondary bus is this device's bus. */
  | 'parent'
  /** lspci ran without root: no capabilities, so no port type and no ACS. */
  | 'hidden'
  /** No vendor:device id (lspci without -nn): the kernel's ACS quirks could not be looked up. */
  | 'ids';

export interface RebuiltMachine {
  scenario: Scenario;
  /** Per device, what was guessed rather than read. */
  guesses: Record<string, Guess[]>;
  /** Per device, the Linux 6.1 ACS quirk that declares it isolated (the core applies it by vendor:device id). */
  acsQuirks: Record<string, AcsQuirkMatch>;
  /** Sentences about the machine as a whole, for the page. */
  notes: string[];
}

export type RebuildResult = { ok: true; machine: RebuiltMachine } | { ok: false; problems: string[] };

// The four flags the kernel asks pci_acs_enabled for, as lspci spells them.
const REQ_BITS: [AcsBit, AcsFlag][] = [
  ['SrcValid', 'SV'],
  ['ReqRedir', 'RR'],
  ['CmpltRedir', 'CR'],
  ['UpstreamFwd', 'UF'],
];

const LABEL_MAX = 80;

function label(d: LspciDevice): string | undefined {
  const name = d.description.name.trim();
  if (!name) return undefined;
  return name.length > LABEL_MAX ? `${name.slice(0, LABEL_MAX - 1)}…` : name;
}

// The secondary bus of each bridge, as busKey spells buses: "0000:03".
function secondaryBuses(devices: LspciDevice[]): Map<string, string> {
  const owner = new Map<string, string>();
  for (const d of devices) {
    if (d.secondary === null) continue;
    const b = parseBdf(d.bdf)!;
    const key = `${b.segment.toString(16).padStart(4, '0')}:${d.secondary.toString(16).padStart(2, '0')}`;
    if (!owner.has(key)) owner.set(key, d.bdf);
  }
  return owner;
}

// The device's type: its PCI Express port type when lspci showed one, otherwise what a device
// without the capability is, or (without -v) what its class and bus make most likely.
function typeOf(d: LspciDevice, onRootBus: boolean, guesses: Guess[]): DeviceType {
  const cls = d.description.classCode ?? '';
  if (d.express && d.express !== 'rc-event-collector') return d.express;
  // An event collector has no ACS and aliases nobody: as far as groups go, a conventional function.
  if (d.express === 'rc-event-collector') return 'pci';
  if (!d.verbose || d.capabilitiesHidden) {
    guesses.push(d.capabilitiesHidden ? 'hidden' : 'type');
    if (cls === '0600') return 'host-bridge';
    if (cls === '0604') return onRootBus ? 'root-port' : 'switch-downstream';
    return onRootBus ? 'pci' : 'endpoint';
  }
  if (cls === '0600') return 'host-bridge';
  if (cls === '0604' || d.secondary !== null) return 'pci-bridge';
  return 'pci';
}

function acsOf(d: LspciDevice): DeviceSpec['acs'] {
  if (!d.acsCap) return undefined;
  const flags = REQ_BITS.filter(([bit]) => d.acsCap![bit]).map(([, f]) => f);
  return flags.length === REQ_BITS.length ? true : flags;
}

/** Builds and validates the scenario; `cmdline` is the pasted /proc/cmdline, if any. */
export function rebuildMachine(devices: LspciDevice[], cmdline: string | null): RebuildResult {
  const sorted = [...devices].sort((a, b) => compareBdf(a.bdf, b.bdf));
  const present = new Set(sorted.map((d) => d.bdf));
  const owners = secondaryBuses(sorted);
  const slots = new Map<string, number>();
  for (const d of sorted) slots.set(slotKey(d.bdf), (slots.get(slotKey(d.bdf)) ?? 0) + 1);

  const guesses: Record<string, Guess[]> = {};
  const specs: DeviceSpec[] = [];
  for (const d of sorted) {
    const mine: Guess[] = [];
    const fromPath = d.path?.at(-2);
    const fromBus = owners.get(busKey(d.bdf));
    const parent = fromPath && present.has(fromPath) ? fromPath : fromBus !== d.bdf ? fromBus : undefined;
    // Off bus 0 with no bridge known above it: most likely behind a port lspci did not describe.
    const orphan = parent === undefined && parseBdf(d.bdf)!.bus !== 0 && !d.path;
    if (orphan) mine.push('parent');
    const type = typeOf(d, parent === undefined && !orphan, mine);
    const acs = type === 'pci' || type === 'pci-bridge' || type === 'host-bridge' ? undefined : acsOf(d);
    const vendor = d.description.vendorId;
    const device = d.description.deviceId;
    const fn = parseBdf(d.bdf)!.fn;
    const spec: DeviceSpec = {
      bdf: d.bdf,
      type,
      ...(parent ? { parent } : {}),
      // pci_scan_slot sets multifunction on every function above 0; lspci does not show the
      // header bit, so a function 0 counts as multifunction when a sibling is listed.
      ...(fn > 0 || (slots.get(slotKey(d.bdf)) ?? 0) > 1 ? { multifunction: true } : {}),
      ...(acs !== undefined ? { acs } : {}),
      ...(vendor ? { vendor: vendor === '8086' ? 'intel' : vendor } : {}),
      ...(device ? { device } : {}),
      ...(d.description.classCode ? { class: d.description.classCode } : {}),
      driver: d.driver ? { name: d.driver } : null,
      ...(label(d) ? { label: label(d)! } : {}),
    };
    if (!device) mine.push('ids');
    specs.push(spec);
    if (mine.length) guesses[d.bdf] = mine;
  }
  // Pastes can contradict themselves (a -PP path and a bridge's bus numbers that disagree, a path
  // through a device lspci typed as no bridge): such devices hang from a root bus instead.
  // Every device on a bus in question loses its parent, so no bridge claims that bus any more.
  for (let round = 0; round < 3; round++) {
    const buses = new Set(
      checkTopology(specs)
        .filter((p) => p.field === 'parent')
        .map((p) => busKey(specs[p.index]!.bdf)),
    );
    if (!buses.size) break;
    for (const s of specs) {
      if (!buses.has(busKey(s.bdf)) || s.parent === undefined) continue;
      delete s.parent;
      const mine = guesses[s.bdf] ?? [];
      if (!mine.includes('parent')) guesses[s.bdf] = [...mine, 'parent'];
    }
  }

  const acsQuirks = applyAcsQuirks(specs, sorted);

  const scenario: Scenario = {
    format: 'iommu-sandbox/scenario@1',
    name: 'Your machine (imported)',
    description: 'Rebuilt from pasted lspci output: devices, port types, ACS capabilities and drivers.',
    kernel: 'v6.1',
    ...(cmdline ? { cmdline } : {}),
    devices: specs,
    steps: [{ op: 'boot' }],
  };
  const checked = parseScenario(JSON.stringify(scenario));
  if (!checked.ok) return { ok: false, problems: checked.problems };
  return {
    ok: true,
    machine: {
      scenario: checked.scenario,
      guesses,
      acsQuirks,
      notes: notesFor(devices, guesses, acsQuirks),
    },
  };
}

// The devices a Linux 6.1 ACS quirk declares isolated, once the tree is final (whether a device
// sits on a root bus matters to one of them). `specs` and `devices` are in the same order.
function applyAcsQuirks(specs: DeviceSpec[], devices: LspciDevice[]): Record<string, AcsQuirkMatch> {
  const applied: Record<string, AcsQuirkMatch> = {};
  specs.forEach((s, i) => {
    const d = devices[i]!;
    const hit = importedAcsQuirk(s, d.verbose && !d.capabilitiesHidden);
    if (!hit) return;
    if (hit.assumeAcsCap) s.acs = true;
    applied[s.bdf] = hit.match;
  });
  return applied;
}

function quirkNote(acsQuirks: Record<string, AcsQuirkMatch>): string | null {
  const byFn = new Map<string, string[]>();
  for (const [bdf, q] of Object.entries(acsQuirks)) byFn.set(q.fn, [...(byFn.get(q.fn) ?? []), bdf]);
  if (!byFn.size) return null;
  const parts = [...byFn].map(([fn, ds]) => `${list(ds)} (${fn})`);
  return `Linux 6.1 has device-specific ACS quirks for ${list(parts)}; the sandbox applies them and treats these devices as isolated.`;
}

function notesFor(
  devices: LspciDevice[],
  guesses: Record<string, Guess[]>,
  acsQuirks: Record<string, AcsQuirkMatch>,
): string[] {
  const notes: string[] = [];
  const all = Object.values(guesses).flat();
  if (devices.some((d) => d.capabilitiesHidden))
    notes.push(
      'lspci ran without root, so it could not read capabilities: port types and ACS are missing. Run it with sudo.',
    );
  if (all.includes('type'))
    notes.push(
      'The lspci output has no -vvv details, so port types and ACS are guessed from the class and the bus. Paste the output of sudo lspci -vvv -nn -PP for the real ones.',
    );
  if (all.includes('ids') && !all.includes('type') && !all.includes('hidden'))
    notes.push(
      'The lspci output has no vendor:device ids, so the sandbox could not apply the kernel’s device-specific ACS quirks (they go by id). Paste the output of sudo lspci -vvv -nn -PP.',
    );
  if (all.includes('parent'))
    notes.push(
      'For some devices lspci did not say which bridge they sit behind (no -PP path, no bridge with their bus as its secondary bus); the sandbox puts them on a root bus of their own.',
    );
  const quirks = quirkNote(acsQuirks);
  if (quirks) notes.push(quirks);
  return notes;
}
