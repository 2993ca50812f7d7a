/**
 * PCIe Access Control Services as pci_device_group asks about them: pci_acs_enabled(dev, SV|RR|CR|UF)
 * with the device-specific quirks first, and pci_acs_path_enabled(start, NULL). Reads the Topology only.
 */

import { specAcsQuirk } from './acsQuirks';
import { isMultifunction } from './deviceTypes';
import type { Topology } from './topology';
import { ACS_FLAGS, type DeviceSpec, type KernelId } from './types';
import { has } from './versions';

/** pci_acs_enabled's answer for one device, with the rule that gave it (for the teaching views). */
export interface AcsAnswer {
  enabled: boolean;
  /** The kernel function that decided. */
  fn: string;
  /** Why, as a clause: "it is a conventional PCI device, which never has ACS". */
  why: string;
}

const isIntel = (d: DeviceSpec) => d.vendor?.toLowerCase() === 'intel' || d.vendor?.toLowerCase() === '8086';

// A device's place for the quirks' matchers: the topology cuts missing parents, so ask it.
const onRootBus = (topo: Topology, bdf: string) => (topo.upstream[bdf] ?? null) === null;

// pci_dev_specific_acs_enabled: the first matching pci_dev_acs_enabled[] entry that answers >= 0 wins.
// We model the scenario's 'acs-isolated' (any entry saying "isolated"), the entries of Linux 6.1's
// table that answer "isolated" (acsQuirks.ts, by vendor:device id), and pci_quirk_rciep_acs, which
// covers every Intel RC_END (all four flags treated as enabled). The table comes before the RCiEP
// rule as in the kernel: the only entries that can match an Intel RC_END (Intel multifunction
// endpoints) precede it there. Returns null for -ENOTTY.
function quirkAnswer(topo: Topology, bdf: string, d: DeviceSpec, kernel: KernelId): AcsAnswer | null {
  if (d.quirks?.includes('acs-isolated'))
    return {
      enabled: true,
      fn: 'pci_dev_specific_acs_enabled',
      why: 'a device-specific ACS quirk declares it isolated',
    };
  const q = specAcsQuirk(d, onRootBus(topo, bdf), kernel);
  if (q)
    return q.isolated
      ? {
          enabled: true,
          fn: q.fn,
          why: `its id ${q.vendor.toString(16).padStart(4, '0')}:${d.device} is on the list of the ACS quirk ${q.fn} (${q.what}), which declares it isolated`,
        }
      : {
          enabled: false,
          fn: q.fn,
          why: `the ACS quirk ${q.fn} answers for every ${q.what} and its id ${d.device} is not on its list, so it counts as not isolated whatever its ACS capability says`,
        };
  if (has.rciepAcsQuirk(kernel) && isIntel(d) && d.type === 'rc-endpoint')
    return {
      enabled: true,
      fn: 'pci_quirk_rciep_acs',
      why: 'it is an Intel root-complex integrated endpoint, which the VT-d spec forbids to do untranslated peer-to-peer (ACS quirk)',
    };
  return null;
}

/** The device-specific ACS answer (pci_dev_specific_acs_enabled), or null when no quirk answers. */
export function acsQuirkAnswer(topo: Topology, bdf: string, kernel: KernelId = 'v6.1'): AcsAnswer | null {
  const d = topo.devices[bdf];
  return d ? quirkAnswer(topo, bdf, d, kernel) : null;
}

// pci_acs_flags_enabled(dev, SV|RR|CR|UF). The request is first masked by the capability
// (acs_flags &= cap | PCI_ACS_EC): a flag the device does not implement counts as hard-wired
// enabled, and pci_std_enable_acs (after pci_request_acs from detect_intel_iommu) turns on every
// implemented one. So ANY ACS capability passes, whatever subset of the four flags it lists (even
// an empty list); only a missing capability (acs false/absent) fails.
function flagsEnabled(d: DeviceSpec): AcsAnswer {
  const fn = 'pci_acs_flags_enabled';
  if (d.acs === undefined || d.acs === false) return { enabled: false, fn, why: 'it has no ACS capability' };
  const list = d.acs === true ? [...ACS_FLAGS] : d.acs;
  const missing = ACS_FLAGS.filter((f) => !list.includes(f));
  if (missing.length === 0)
    return { enabled: true, fn, why: 'its ACS capability has SV, RR, CR and UF enabled' };
  return {
    enabled: true,
    fn,
    why: `its ACS capability lacks ${missing.join(', ')}, which the kernel then treats as hard-wired enabled`,
  };
}

/**
 * pci_acs_enabled(dev, SV|RR|CR|UF) with the device-specific quirks, and the rule that answered.
 * `kernel`: whose quirks apply (pci_quirk_rciep_acs and the table entries it has).
 */
export function explainAcs(topo: Topology, bdf: string, kernel: KernelId = 'v6.1'): AcsAnswer {
  const d = topo.devices[bdf];
  const fn = 'pci_acs_enabled';
  if (!d) return { enabled: false, fn, why: 'no such device' };
  const quirk = quirkAnswer(topo, bdf, d, kernel);
  if (quirk) return quirk;
  switch (d.type) {
    // Not PCIe: a shared conventional bus lets every device see every other's DMA. Host bridges
    // are conventional on q35 (no PCIe capability), as the real-kernel recordings show.
    case 'pci':
    case 'pci-bridge':
    case 'host-bridge':
    case 'acpi':
      return {
        enabled: false,
        fn,
        why: 'it is a conventional PCI function, and conventional PCI never has ACS',
      };
    case 'pcie-to-pci-bridge':
    case 'pci-to-pcie-bridge':
      return { enabled: false, fn, why: 'PCIe/PCI bridges are excluded from ACS by the PCIe spec' };
    case 'root-port':
    case 'switch-downstream':
      // Ports must implement ACS to show they redirect peer-to-peer, single-function or not.
      return flagsEnabled(d);
    case 'endpoint':
    case 'switch-upstream':
    case 'legacy-endpoint':
    case 'rc-endpoint': {
      // Only a multifunction device has internal peer-to-peer for ACS to control.
      if (!isMultifunction(d))
        return { enabled: true, fn, why: 'it is single-function, so ACS does not apply to it' };
      const f = flagsEnabled(d);
      return f.enabled ? f : { ...f, why: `it is multifunction and ${f.why}` };
    }
  }
}

/**
 * pci_acs_enabled(dev, SV|RR|CR|UF), including the ACS quirks (pci_dev_specific_acs_enabled).
 * explainAcs's `enabled` without building its answer and sentence: pci_device_group asks this
 * for every function and bridge it walks past, so it must not allocate.
 */
export function acsEnabled(topo: Topology, bdf: string, kernel: KernelId = 'v6.1'): boolean {
  const d = topo.devices[bdf];
  if (!d) return false;
  if (
    d.quirks?.includes('acs-isolated') ||
    (has.rciepAcsQuirk(kernel) && isIntel(d) && d.type === 'rc-endpoint')
  )
    return true;
  if (d.device !== undefined) {
    const q = specAcsQuirk(d, onRootBus(topo, bdf), kernel);
    if (q) return q.isolated;
  }
  switch (d.type) {
    case 'pci':
    case 'pci-bridge':
    case 'host-bridge':
    case 'acpi':
    case 'pcie-to-pci-bridge':
    case 'pci-to-pcie-bridge':
      return false;
    case 'endpoint':
    case 'switch-upstream':
    case 'legacy-endpoint':
    case 'rc-endpoint':
      if (!isMultifunction(d)) return true;
      break;
    case 'root-port':
    case 'switch-downstream':
      break;
    default:
      return explainAcs(topo, bdf, kernel).enabled;
  }
  if (d.acs === undefined || d.acs === false) return false;
  if (d.acs === true || Array.isArray(d.acs)) return true;
  // Not a value the format allows: let the full rule answer (or fail) exactly as it always did.
  return explainAcs(topo, bdf, kernel).enabled;
}

// Each answer of acsPathBreak, per Topology (which never changes once built): the ACS walk of
// pci_device_group asks it for every bridge above every device, so a bridge's path is walked
// once per machine rather than once per device below it.
const pathBreaks = new Map<KernelId, WeakMap<Topology, Map<string, string | null>>>();

/** The first device from `bdf` up to the root bus that fails pci_acs_enabled; null if the whole path passes. */
export function acsPathBreak(topo: Topology, bdf: string, kernel: KernelId = 'v6.1'): string | null {
  let memos = pathBreaks.get(kernel);
  if (!memos) {
    memos = new WeakMap();
    pathBreaks.set(kernel, memos);
  }
  let memo = memos.get(topo);
  if (!memo) {
    memo = new Map();
    memos.set(topo, memo);
  }
  const hit = memo.get(bdf);
  if (hit !== undefined) return hit;
  const seen = new Set<string>();
  let found: string | null = null;
  for (let d: string | null = bdf; d !== null && !seen.has(d); d = topo.upstream[d] ?? null) {
    seen.add(d);
    if (!acsEnabled(topo, d, kernel)) {
      found = d;
      break;
    }
  }
  memo.set(bdf, found);
  return found;
}

/** pci_acs_path_enabled(start, NULL, SV|RR|CR|UF): the device and every bridge above it up to the root bus. */
export function acsPathEnabled(topo: Topology, bdf: string, kernel: KernelId = 'v6.1'): boolean {
  return topo.devices[bdf] !== undefined && acsPathBreak(topo, bdf, kernel) === null;
}
