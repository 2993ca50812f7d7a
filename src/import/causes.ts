/**
 * Plain-word causes for a difference between the kernel's groups and the sandbox's. The sandbox
 * models mainline pci_device_group with Linux 6.1's device-specific ACS quirks, which it applies
 * by the vendor:device ids the import gives each device (kernel/acsQuirks.ts); what a real kernel adds or lacks (DMA alias quirks, quirks of other
 * versions, out-of-tree ACS override patches, a quirk whose conditions fail) and what a paste
 * leaves out (paths, capabilities, ids) are the usual reasons, and the ones named here.
 */
import { slotKey } from '../kernel/bdf';
import type { GroupReason } from '../kernel/groups';
import type { DeviceSpec } from '../kernel/types';
import { type AcsQuirkMatch, QUIRK_CONDITIONS } from './acsQuirks';
import type { Guess } from './rebuild';

export interface CauseContext {
  specs: Map<string, DeviceSpec>;
  guesses: Record<string, Guess[]>;
  /** The Linux 6.1 ACS quirk applied to each device, by address. */
  acsQuirks: Record<string, AcsQuirkMatch>;
  /** pci_device_group's rule and deciding device, per address. */
  reasons: Record<string, GroupReason>;
  cmdline: string;
}

const isIntel = (s: DeviceSpec | undefined) => s?.vendor === 'intel';
const isAmd = (s: DeviceSpec | undefined) => s?.vendor === '1022';
const PORTS = ['root-port', 'switch-downstream'];
// "it"/"them", "shows"/"show": by how many there are.
const they = (xs: readonly string[], one: string, many: string) => (xs.length === 1 ? one : many);

function guessed(devices: string[], ctx: CauseContext, kind: Guess): string[] {
  return devices.filter((d) => ctx.guesses[d]?.includes(kind));
}

// What the paste left out, for either direction: these come first, being the easiest to fix.
function pasteCauses(devices: string[], ctx: CauseContext, bridges: string[]): string[] {
  const out: string[] = [];
  const involved = [...new Set([...devices, ...bridges])];
  const orphans = guessed(devices, ctx, 'parent');
  if (orphans.length)
    out.push(
      `lspci did not say which bridge ${orphans.join(', ')} ${orphans.length === 1 ? 'sits' : 'sit'} behind, so the sandbox put ${orphans.length === 1 ? 'it' : 'them'} on a root bus of ${orphans.length === 1 ? 'its' : 'their'} own. Paste the output of sudo lspci -vvv -nn -PP: its paths and bus numbers place every device below its port.`,
    );
  if (guessed(involved, ctx, 'hidden').length)
    out.push(
      'lspci ran without root and showed "Capabilities: <access denied>", so the sandbox saw no port types and no ACS. Run it with sudo.',
    );
  else if (guessed(involved, ctx, 'type').length)
    out.push(
      'The lspci output has no -vvv details, so the sandbox guessed port types and saw no ACS capabilities. Paste the output of sudo lspci -vvv -nn -PP.',
    );
  return out;
}

// The bridges that decided: the ones whose missing ACS the devices' reasons name.
function decidingBridges(devices: string[], ctx: CauseContext): string[] {
  const out = new Set<string>();
  for (const d of devices) {
    const r = ctx.reasons[d];
    if (r?.rule === 'acs-path' && r.via) out.add(r.via);
  }
  return [...out];
}

// The devices and every bridge above them.
function withAncestors(devices: string[], ctx: CauseContext): string[] {
  const out = new Set<string>();
  for (const d of devices)
    for (let b: string | undefined = d; b !== undefined && !out.has(b); b = ctx.specs.get(b)?.parent)
      out.add(b);
  return [...out];
}

// The sandbox isolates some of them by a quirk the kernel did not apply: name it and its conditions.
function quirkCauses(devices: string[], ctx: CauseContext): string[] {
  const byFn = new Map<string, { what: string; ds: string[]; assumed?: string }>();
  for (const d of withAncestors(devices, ctx)) {
    const q = ctx.acsQuirks[d];
    if (!q) continue;
    const e = byFn.get(q.fn) ?? { what: q.what, ds: [] };
    e.ds.push(d);
    e.assumed ??= q.assumed;
    byFn.set(q.fn, e);
  }
  return [...byFn].map(([fn, e]) => {
    const assumed = e.assumed ? ` The sandbox assumed ${e.assumed}.` : '';
    const condition = QUIRK_CONDITIONS[fn as keyof typeof QUIRK_CONDITIONS];
    return `The sandbox isolates ${list(e.ds.sort())} by Linux 6.1’s ACS quirk ${fn} (${e.what}); the kernel that made the listing did not.${assumed}${condition ? ` ${condition}` : ''}`;
  });
}

// Devices without a vendor:device id in the paste: the quirks could not be looked up for them.
function noIds(devices: string[], ctx: CauseContext): string | null {
  const missing = guessed(devices, ctx, 'ids');
  if (!missing.length) return null;
  return `lspci printed no vendor:device id for ${list(missing)} (it ran without -nn), so the sandbox could not look ${missing.length === 1 ? 'it' : 'them'} up in the kernel’s ACS quirk table (pci_dev_acs_enabled in drivers/pci/quirks.c), which goes by id.`;
}

/** The kernel grouped `devices`; the sandbox split them. */
export function causesTogether(devices: string[], ctx: CauseContext): string[] {
  const out = [...pasteCauses(devices, ctx, []), ...quirkCauses(devices, ctx)];
  // A device placed on a root bus of its own is reason enough; the rest would only distract.
  if (guessed(devices, ctx, 'parent').length) return out;
  const noacs = /(?:^|\s)(?:pci=(?:\S*,)?noacs|disable_acs_redir=)/.exec(ctx.cmdline);
  if (noacs)
    out.push(
      `The command line has ${noacs[0].trim()}, which keeps the kernel from enabling ACS, so it groups more; the sandbox does not model it.`,
    );
  const slots = new Set(devices.map(slotKey));
  if (slots.size === 1)
    out.push(
      'A DMA alias quirk: some multifunction devices send DMA with another function’s requester ID (quirk_dma_func0_alias, quirk_dma_func1_alias in drivers/pci/quirks.c), so the kernel cannot tell them apart. The sandbox knows an alias only when the scenario lists it (a device’s aliases).',
    );
  if (devices.some((d) => ctx.specs.get(d)?.type === 'rc-endpoint' && isIntel(ctx.specs.get(d))))
    out.push(
      'The sandbox treats every Intel root-complex integrated endpoint as isolated (pci_quirk_rciep_acs); if this kernel’s quirk did not cover the device, the kernel grouped it with its neighbours.',
    );
  out.push(
    'Something above them that lspci does not show (a bridge the firmware hides, or one typed differently from what the kernel sees) lacks ACS, or a bridge sends their DMA with its own requester ID (quirk_use_pcie_bridge_dma_alias).',
    'The listing may come from another kernel: group formation changed between versions (in 5.9, for one, Intel chipset root ports without an ACS capability lost their quirk and were grouped together until it was fixed).',
  );
  return out;
}

/** The sandbox groups `devices`; the kernel separated them. */
export function causesApart(devices: string[], ctx: CauseContext): string[] {
  const bridges = decidingBridges(devices, ctx);
  const out = pasteCauses(devices, ctx, bridges);
  const override = /(?:^|\s)pcie_acs_override=\S*/.exec(ctx.cmdline);
  if (override)
    out.unshift(
      `The command line has ${override[0].trim()}: the out-of-tree "ACS override" patch (not in mainline Linux; some distribution kernels carry it) makes the kernel treat devices as isolated when the hardware says they are not. The sandbox models mainline, which groups them.`,
    );
  const ports = [...bridges, ...devices.filter((d) => PORTS.includes(ctx.specs.get(d)?.type ?? ''))];
  // Ports a 6.1 quirk covers are isolated already; only the others can be what the kernel knew better.
  const noCap = [...new Set(ports)].filter((b) => !ctx.specs.get(b)?.acs && !ctx.acsQuirks[b]);
  const functions = devices.filter(
    (d) => !PORTS.includes(ctx.specs.get(d)?.type ?? '') && ctx.reasons[d]?.rule === 'multifunction',
  );
  const ids = noIds([...new Set([...noCap, ...functions])], ctx);
  if (ids) out.push(ids);
  const known = noCap.filter((b) => !ctx.guesses[b]?.includes('ids'));
  if (known.some((b) => isIntel(ctx.specs.get(b))))
    out.push(
      `The Intel port${they(known, '', 's')} ${list(known)} show${they(known, 's', '')} no ACS capability, and Linux 6.1’s Intel chipset quirks (pci_quirk_intel_pch_acs, pci_quirk_intel_spt_pch_acs in drivers/pci/quirks.c) do not list ${they(known, 'its id', 'their ids')}, so the sandbox cannot isolate ${they(known, 'it', 'them')} or what is below. The kernel isolating ${they(known, 'it', 'them')} points to an ACS capability lspci did not show, or to a quirk that 6.1 does not have.`,
    );
  else if (known.some((b) => isAmd(ctx.specs.get(b))))
    out.push(
      `The AMD port${they(known, '', 's')} ${list(known)} show${they(known, 's', '')} no ACS capability, and no ACS quirk of Linux 6.1 covers ${they(known, 'it', 'them')} (pci_quirk_amd_sb_acs covers only some southbridge functions on the root bus). The kernel isolating ${they(known, 'it', 'them')} points to an ACS capability lspci did not show, or to a quirk that 6.1 does not have.`,
    );
  else if (known.length)
    out.push(
      `${list(known)} show${they(known, 's', '')} no ACS capability, and Linux 6.1’s ACS quirk table (pci_dev_acs_enabled in drivers/pci/quirks.c) has no entry for ${they(known, 'it', 'them')}; a quirk of another kernel version may declare ${they(known, 'it', 'them')} isolated.`,
    );
  if (functions.length)
    out.push(
      'Functions of one multifunction device without ACS share a group in the sandbox. The kernel separated them: they have an ACS capability lspci did not show, or a quirk newer than Linux 6.1’s pci_quirk_mf_endpoint_acs list (which the sandbox applies by id) says they cannot reach each other.',
    );
  if (devices.some((d) => ['alias', 'alias-group'].includes(ctx.reasons[d]?.rule ?? '')))
    out.push(
      'The sandbox sees them share a requester ID (a conventional PCI or PCIe-to-PCI bridge above them, or listed DMA aliases); the kernel did not, so the bridge it sees may differ from what lspci shows.',
    );
  if (!override)
    out.push(
      'An ACS override patch: kernels built with it (pcie_acs_override=downstream,multifunction on the command line) split groups the hardware cannot isolate. If you use one, the real groups are not the safe ones.',
    );
  return out;
}

/** "a", "a and b", "a, b and c". */
export function list(xs: readonly (string | number)[]): string {
  return xs.length <= 2 ? xs.join(' and ') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`;
}

/** Devices the groups listing has and lspci has not. */
export const ONLY_REAL = [
  'The lspci paste is cut short or filtered (lspci -s or -d), or it comes from another boot or another machine.',
];

/** AMD's own IOMMU function and root complex, which lspci lists and no group holds. */
export const AMD_UNGROUPED = [
  'On an AMD machine that is expected: AMD-Vi gives no group to the IOMMU itself (class 0806, usually 00:00.2) or to the root complex at 00:00.0; the sandbox models Intel VT-d, which has no such PCI functions.',
];

/** Devices lspci has and the groups listing has not. */
export const ONLY_LSPCI = [
  'The groups listing is cut short.',
  'Or the kernel put them in no group: no VT-d unit covers them (the firmware’s DMAR table leaves them out, or the IOMMU is off), so nothing isolates their DMA.',
];
