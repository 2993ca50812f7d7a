/**
 * Plain-word causes for a difference between the kernel's groups and the sandbox's. The sandbox
 * models mainline pci_device_group with the quirks kernel-model.md §4.4 lists; what a real
 * kernel adds (vendor ACS and DMA alias quirks, out-of-tree ACS override patches) and what a
 * paste leaves out (paths, capabilities) are the usual reasons, and the ones named here.
 */
import { slotKey } from '../kernel/bdf';
import type { GroupReason } from '../kernel/groups';
import type { DeviceSpec } from '../kernel/types';
import type { Guess } from './rebuild';

export interface CauseContext {
  specs: Map<string, DeviceSpec>;
  guesses: Record<string, Guess[]>;
  /** pci_device_group's rule and deciding device, per address. */
  reasons: Record<string, GroupReason>;
  cmdline: string;
}

const isIntel = (s: DeviceSpec | undefined) => s?.vendor === 'intel';
const isAmd = (s: DeviceSpec | undefined) => s?.vendor === '1022';
const PORTS = ['root-port', 'switch-downstream'];

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

/** The kernel grouped `devices`; the sandbox split them. */
export function causesTogether(devices: string[], ctx: CauseContext): string[] {
  const out = pasteCauses(devices, ctx, []);
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
  const noCap = [...new Set(ports)].filter((b) => !ctx.specs.get(b)?.acs);
  if (noCap.some((b) => isIntel(ctx.specs.get(b))))
    out.push(
      `The Intel port${noCap.length === 1 ? '' : 's'} ${noCap.join(', ')} show${noCap.length === 1 ? 's' : ''} no ACS capability, so the sandbox cannot isolate ${noCap.length === 1 ? 'it' : 'them'} or what is below. The kernel knows many Intel chipset root ports isolate anyway and has ACS quirks for them (pci_quirk_intel_pch_acs, pci_quirk_intel_spt_pch_acs in drivers/pci/quirks.c); the sandbox has none of these.`,
    );
  else if (noCap.some((b) => isAmd(ctx.specs.get(b))))
    out.push(
      `The AMD port${noCap.length === 1 ? '' : 's'} ${noCap.join(', ')} show${noCap.length === 1 ? 's' : ''} no ACS capability; the kernel has ACS quirks for AMD chipsets (pci_quirk_amd_sb_acs and others in drivers/pci/quirks.c) that the sandbox lacks.`,
    );
  else if (noCap.length)
    out.push(
      `${list(noCap)} show${noCap.length === 1 ? 's' : ''} no ACS capability; a vendor ACS quirk in the kernel (the pci_dev_acs_enabled table in drivers/pci/quirks.c) may declare ${noCap.length === 1 ? 'it' : 'them'} isolated. The sandbox has only the Intel integrated-endpoint quirk.`,
    );
  const endpoints = devices.filter((d) => !PORTS.includes(ctx.specs.get(d)?.type ?? ''));
  if (endpoints.some((d) => ctx.reasons[d]?.rule === 'multifunction'))
    out.push(
      'Functions of one multifunction device without ACS share a group in the sandbox. The kernel separated them: a quirk says they cannot reach each other (pci_quirk_mf_endpoint_acs covers many network and chipset devices), or they have an ACS capability lspci did not show.',
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

/** Devices lspci has and the groups listing has not. */
export const ONLY_LSPCI = [
  'The groups listing is cut short.',
  'Or the kernel put them in no group: no VT-d unit covers them (the firmware’s DMAR table leaves them out, or the IOMMU is off), so nothing isolates their DMA.',
];
