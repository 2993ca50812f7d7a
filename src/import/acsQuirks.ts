/**
 * Linux 6.1's device-specific ACS quirks as the import meets them: the core's table
 * (kernel/acsQuirks.ts) decides from the rebuilt device's vendor:device id; this file adds the
 * one thing lspci may not have shown (an ACS capability a quirk reads), and the conditions the
 * comparison cites when the real kernel grouped what the sandbox isolates.
 */
import { type AcsQuirkFn, specAcsQuirk } from '../kernel/acsQuirks';
import type { DeviceSpec } from '../kernel/types';

export type { AcsQuirkFn };

export interface AcsQuirkMatch {
  fn: AcsQuirkFn;
  what: string;
  /** What the answer also rests on that lspci did not show. */
  assumed?: string;
}

/**
 * The quirk the core applies to a rebuilt device (a device without a parent is on a root bus).
 * `capsShown`: lspci listed the device's capabilities. When it did not and the only quirk that
 * matches reads the ACS capability (pci_quirk_intel_spt_pch_acs), the port is taken to have one:
 * `assumeAcsCap`, for the caller to give the device `acs: true`.
 */
export function importedAcsQuirk(
  spec: DeviceSpec,
  capsShown: boolean,
): { match: AcsQuirkMatch; assumeAcsCap: boolean } | null {
  const onRootBus = spec.parent === undefined;
  // Only quirks that isolate: a vendor-wide "not isolated" answer needs no explaining here.
  const q = specAcsQuirk(spec, onRootBus);
  if (q?.isolated) return { match: { fn: q.fn, what: q.what }, assumeAcsCap: false };
  if (capsShown || spec.acs !== undefined) return null;
  const withCap = specAcsQuirk({ ...spec, acs: true }, onRootBus);
  if (!withCap?.isolated || !withCap.needsAcsCap) return null;
  return {
    match: {
      fn: withCap.fn,
      what: withCap.what,
      assumed: 'the ACS capability these ports have, which lspci did not show',
    },
    assumeAcsCap: true,
  };
}

/**
 * Why the kernel may still group what the quirk isolates in the sandbox: the conditions the
 * sandbox assumes hold. Only the quirks that have any.
 */
export const QUIRK_CONDITIONS: Partial<Record<AcsQuirkFn, string>> = {
  pci_quirk_intel_pch_acs:
    'This quirk isolates a port only once pci_quirk_enable_intel_pch_acs has turned off peer decodes through the chipset’s RCBA at boot (dmesg: “Intel PCH root port ACS workaround enabled”); when the firmware leaves RCBA disabled, dmesg says “Failed to enable Intel PCH ACS quirk” and the kernel groups the ports. Linux 5.9 grouped such ports too, until a fix (reported on linux-pci for an X99 board).',
  pci_quirk_intel_spt_pch_acs:
    'This quirk reads the ports’ own ACS capability at the chipset’s offsets: a port without an ACS capability (lspci -vvv shows no “Access Control Services”) gets no answer, and the kernel groups it.',
  pci_quirk_amd_sb_acs:
    'This quirk answers only when the firmware has an IVRS table (an AMD IOMMU) and the function belongs to a multifunction device on the root bus.',
};
