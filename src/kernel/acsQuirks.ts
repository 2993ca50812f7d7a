/**
 * The device-specific ACS answers of Linux 6.1 that say "isolated" when pci_device_group asks
 * pci_acs_enabled for SV|RR|CR|UF: the pci_dev_acs_enabled[] table of drivers/pci/quirks.c (read
 * in the 6.1.y stable tree), as data — which vendor:device ids each quirk function covers and what
 * else its matcher checks. The matching is ours. Pure: reads a DeviceSpec's ids, type and place.
 *
 * The model applies this table to every kernel version: the lists grew over the years (each entry
 * has its own history, not modelled), and a machine's ids are what decide. pci_quirk_rciep_acs is
 * gated by version (has.rciepAcsQuirk).
 *
 * pci_quirk_rciep_acs (every Intel RC integrated endpoint) is left out: acs.ts applies it from the
 * vendor and the port type. Two entries answer for a whole vendor: Zhaoxin root and downstream
 * ports and Wangxun functions outside their lists are "not isolated" (the quirk returns false),
 * whatever their ACS capability. pci_quirk_intel_pch_acs's "not isolated" when its enable step
 * failed is left out: the model assumes every quirk's enable step worked.
 */
import { isMultifunction } from './deviceTypes';
import type { DeviceSpec, DeviceType, KernelId } from './types';

export type AcsQuirkFn =
  | 'pci_quirk_amd_sb_acs'
  | 'pci_quirk_mf_endpoint_acs'
  | 'pci_quirk_intel_pch_acs'
  | 'pci_quirk_intel_spt_pch_acs'
  | 'pci_quirk_qcom_rp_acs'
  | 'pci_quirk_cavium_acs'
  | 'pci_quirk_xgene_acs'
  | 'pci_quirk_brcm_acs'
  | 'pci_quirk_al_acs'
  | 'pci_quirk_nxp_rp_acs'
  | 'pci_quirk_zhaoxin_pcie_ports_acs'
  | 'pci_quirk_wangxun_nic_acs';

/** A device id, or an inclusive range of them. */
type Ids = readonly (number | readonly [number, number])[];

/** One pci_dev_acs_enabled[] entry that answers "isolated", with what its matcher checks. */
export interface AcsQuirk {
  fn: AcsQuirkFn;
  vendor: number;
  devices: Ids;
  /** What the ids are, for the page. */
  what: string;
  /** The PCI Express port types the quirk's matcher accepts; absent: it does not look. */
  types?: readonly DeviceType[];
  /**
   * pci_quirk_amd_sb_acs answers only for functions of a multifunction device on a root bus, and
   * only when the firmware has an IVRS table (an AMD IOMMU): we assume it has, as a machine with
   * these ids is an AMD one.
   */
  rootBusMultifunction?: true;
  /** pci_quirk_intel_spt_pch_acs reads the ACS capability (at its own offsets): without one, no answer. */
  needsAcsCap?: true;
  /** The kernels that have these ids (absent: all of them). */
  kernels?: readonly KernelId[];
  /** The quirk answers "not isolated" for the vendor's other ids (its matcher takes PCI_ANY_ID). */
  vendorWide?: true;
}

/** A table entry's answer: isolated for its ids, or (vendor-wide quirks) not isolated for the rest. */
export type AcsQuirkAnswer = AcsQuirk & { isolated: boolean };

const ONLY_6_1: readonly KernelId[] = ['v6.1'];

const ROOT_PORT: readonly DeviceType[] = ['root-port'];

// In the kernel's order, where the first entry that answers wins. Only Cavium's ids are covered
// twice here, by two entries that both isolate, so the order decides no more than the name.
const TABLE: readonly AcsQuirk[] = [
  {
    fn: 'pci_quirk_amd_sb_acs',
    vendor: 0x1002,
    devices: [0x4385, 0x439c, 0x4383, 0x439d, 0x4384, 0x4399],
    what: 'AMD SBx00/SB7x0–SB9x0 southbridge function',
    rootBusMultifunction: true,
  },
  {
    fn: 'pci_quirk_amd_sb_acs',
    vendor: 0x1022,
    devices: [0x780f, 0x7809],
    what: 'AMD FCH southbridge function',
    rootBusMultifunction: true,
  },
  {
    fn: 'pci_quirk_mf_endpoint_acs',
    vendor: 0x1924,
    devices: [0x0903, 0x0923, 0x0a03],
    what: 'Solarflare multifunction NIC',
  },
  {
    fn: 'pci_quirk_mf_endpoint_acs',
    vendor: 0x8086,
    devices: [
      // 10 Gigabit (82598, 82599, X540 families)
      0x10c6,
      0x10db,
      0x10dd,
      0x10e1,
      0x10f1,
      0x10f7,
      0x10f8,
      0x10f9,
      0x10fa,
      0x10fb,
      0x10fc,
      0x1507,
      0x1514,
      0x151c,
      0x1529,
      0x152a,
      0x154d,
      0x154f,
      0x1551,
      0x1558,
      // 82580
      0x1509,
      0x150e,
      0x150f,
      0x1510,
      0x1511,
      0x1516,
      0x1527,
      // 82576
      0x10c9,
      0x10e6,
      0x10e7,
      0x10e8,
      0x150a,
      0x150d,
      0x1518,
      0x1526,
      // 82575
      0x10a7,
      0x10a9,
      0x10d6,
      // I350
      [0x1521, 0x1524],
      // 82571 (the kernel leaves the quad-port cards out: their switch has no ACS)
      0x105e,
      0x105f,
      0x1060,
      0x10d9,
      // I219
      0x15b7,
      0x15b8,
    ],
    what: 'Intel Ethernet function verified not to do peer-to-peer',
  },
  {
    fn: 'pci_quirk_qcom_rp_acs',
    vendor: 0x17cb,
    devices: [0x0400, 0x0401, 0x0115],
    what: 'Qualcomm root port',
  },
  { fn: 'pci_quirk_qcom_rp_acs', vendor: 0x1dbf, devices: [0x0401], what: 'HXT SD4800 root port' },
  {
    fn: 'pci_quirk_intel_pch_acs',
    vendor: 0x8086,
    devices: [
      // Ibex Peak (5 series)
      [0x3b42, 0x3b51],
      // Cougar Point (6 series), Panther Point (7 series), Lynx Point-H (8 series)
      [0x1c10, 0x1c1f],
      [0x1e10, 0x1e1f],
      [0x8c10, 0x8c1f],
      // Lynx Point-LP, Wildcat Point-LP
      [0x9c10, 0x9c1b],
      [0x9c90, 0x9c9b],
      // Patsburg (X79): even ids only
      0x1d10,
      0x1d12,
      0x1d14,
      0x1d16,
      0x1d18,
      0x1d1a,
      0x1d1c,
      0x1d1e,
      // Wellsburg (X99): 8d1f is not listed
      [0x8d10, 0x8d1e],
      // Lynx Point (9 series): even ids only
      0x8c90,
      0x8c92,
      0x8c94,
      0x8c96,
      0x8c98,
      0x8c9a,
      0x8c9c,
      0x8c9e,
    ],
    what: 'Intel 5 to 9 series, X79 or X99 PCH root port without an ACS capability',
    types: ROOT_PORT,
  },
  {
    fn: 'pci_quirk_intel_spt_pch_acs',
    vendor: 0x8086,
    devices: [
      // Sunrise Point (100 series)
      [0xa110, 0xa11f],
      [0xa167, 0xa16a],
      // Union Point (200 series)
      [0xa290, 0xa29f],
      [0xa2e7, 0xa2ee],
      // 7th and 8th generation mobile I/O
      [0x9d10, 0x9d1b],
    ],
    what: 'Intel 100 or 200 series PCH root port, whose ACS control register is not where the spec puts it',
    types: ROOT_PORT,
    needsAcsCap: true,
  },
  { fn: 'pci_quirk_mf_endpoint_acs', vendor: 0x19a2, devices: [0x0710], what: 'Emulex BE3-R' },
  { fn: 'pci_quirk_mf_endpoint_acs', vendor: 0x10df, devices: [0x0720], what: 'Emulex Skyhawk-R' },
  {
    fn: 'pci_quirk_cavium_acs',
    vendor: 0x177d,
    devices: [[0xa000, 0xa7ff], 0xaf84, 0xb884],
    what: 'Cavium ThunderX root port',
    types: ROOT_PORT,
  },
  {
    fn: 'pci_quirk_mf_endpoint_acs',
    vendor: 0x177d,
    devices: [0xa026, 0xa059, 0xa060],
    what: 'Cavium multifunction device',
  },
  { fn: 'pci_quirk_xgene_acs', vendor: 0x10e8, devices: [0xe004], what: 'APM X-Gene root port' },
  { fn: 'pci_quirk_xgene_acs', vendor: 0x1def, devices: [[0xe005, 0xe00c]], what: 'Ampere root port' },
  {
    fn: 'pci_quirk_mf_endpoint_acs',
    vendor: 0x14e4,
    devices: [0x16d7, [0x1750, 0x1752], [0x1760, 0x1763]],
    what: 'Broadcom multifunction NIC',
  },
  { fn: 'pci_quirk_brcm_acs', vendor: 0x14e4, devices: [0xd714], what: 'Broadcom iProc PAXB root port' },
  {
    fn: 'pci_quirk_al_acs',
    vendor: 0x1c36,
    devices: [0x0031],
    what: 'Amazon Annapurna Labs root port',
    types: ROOT_PORT,
  },
  {
    fn: 'pci_quirk_mf_endpoint_acs',
    vendor: 0x1d17,
    devices: [0x3038, 0x3104, 0x9083],
    what: 'Zhaoxin multifunction device',
  },
  {
    fn: 'pci_quirk_nxp_rp_acs',
    vendor: 0x1957,
    devices: [
      [0x8d80, 0x8d83],
      [0x8d88, 0x8d8b],
      [0x8d90, 0x8d93],
      [0x8d98, 0x8d9b],
      [0x8da0, 0x8da1],
      [0x8da8, 0x8da9],
      [0x8db0, 0x8db1],
      [0x8db8, 0x8db9],
    ],
    what: 'NXP LX2xx0/LX2xx2 root port',
    kernels: ONLY_6_1,
  },
  {
    // Added in 5.7; ids 0733-0752 came with a 6.8 change backported to 6.1.y.
    fn: 'pci_quirk_zhaoxin_pcie_ports_acs',
    vendor: 0x1d17,
    devices: [[0x0710, 0x071e], 0x0721, [0x0723, 0x0732]],
    what: 'Zhaoxin root or downstream port',
    types: ['root-port', 'switch-downstream'],
    kernels: ['v5.7', 'v5.8', 'v5.11'],
    vendorWide: true,
  },
  {
    fn: 'pci_quirk_zhaoxin_pcie_ports_acs',
    vendor: 0x1d17,
    devices: [[0x0710, 0x071e], 0x0721, [0x0723, 0x0752]],
    what: 'Zhaoxin root or downstream port',
    types: ['root-port', 'switch-downstream'],
    kernels: ONLY_6_1,
    vendorWide: true,
  },
  {
    fn: 'pci_quirk_wangxun_nic_acs',
    vendor: 0x8088,
    devices: [[0x0100, 0x010f], 0x1001, 0x2001, 0x5010, 0x5025, 0x5040, 0x5110, 0x5125, 0x5140],
    what: 'Wangxun function',
    kernels: ONLY_6_1,
    vendorWide: true,
  },
];

// Ids as numbers: the matching runs for every function pci_device_group walks past, so it
// neither allocates nor builds strings.
function covers(ids: Ids, id: number): boolean {
  for (const x of ids) if (typeof x === 'number' ? x === id : id >= x[0] && id <= x[1]) return true;
  return false;
}

/** How a quirk's matcher sees a device: its ids as numbers, its port type and place. */
export interface AcsQuirkQuery {
  vendor: number;
  device: number;
  type: DeviceType;
  multifunction: boolean;
  onRootBus: boolean;
  /** It has an ACS capability (pci_quirk_intel_spt_pch_acs reads it). */
  acsCap: boolean;
}

function match(
  vendor: number,
  device: number,
  type: DeviceType,
  multifunction: boolean,
  onRootBus: boolean,
  acsCap: boolean,
  kernel: KernelId,
): AcsQuirkAnswer | null {
  for (const e of TABLE) {
    if (e.vendor !== vendor || (e.kernels && !e.kernels.includes(kernel))) continue;
    if (e.types && !e.types.includes(type)) continue;
    const listed = covers(e.devices, device);
    if (!listed && !e.vendorWide) continue;
    if (e.rootBusMultifunction && !(multifunction && onRootBus)) continue;
    if (e.needsAcsCap && !acsCap) continue;
    return { ...e, isolated: listed };
  }
  return null;
}

/** The first ACS quirk of `kernel` (default 6.1) that answers for the device, and its answer; null when none does. */
export function acsQuirkFor(q: AcsQuirkQuery, kernel: KernelId = 'v6.1'): AcsQuirkAnswer | null {
  return match(q.vendor, q.device, q.type, q.multifunction, q.onRootBus, q.acsCap, kernel);
}

const HEX4 = /^[0-9a-f]{4}$/i;

/** A vendor as the format spells it ("intel" or 4 hex digits) → its id; NaN when it is not one. */
export function vendorId(vendor: string): number {
  if (vendor === 'intel') return 0x8086;
  return HEX4.test(vendor) ? Number.parseInt(vendor, 16) : Number.NaN;
}

/** The table's answer for a scenario device: none without both a vendor and a device id. */
export function specAcsQuirk(
  d: DeviceSpec,
  onRootBus: boolean,
  kernel: KernelId = 'v6.1',
): AcsQuirkAnswer | null {
  if (d.device === undefined || d.vendor === undefined || !HEX4.test(d.device)) return null;
  const vendor = vendorId(d.vendor);
  if (Number.isNaN(vendor)) return null;
  const acsCap = d.acs !== undefined && d.acs !== false;
  return match(vendor, Number.parseInt(d.device, 16), d.type, isMultifunction(d), onRootBus, acsCap, kernel);
}
