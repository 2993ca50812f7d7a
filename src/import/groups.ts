/**
 * The real IOMMU groups, from the shell loops people copy to list /sys/kernel/iommu_groups:
 * one line per device (`IOMMU Group 13 00:1c.0 PCI bridge [0604]: ...`), or a header per group
 * (`IOMMU Group 13:`, `IOMMU group 13`, `### Group 13 ###`) with the devices indented below, or
 * the sysfs paths themselves (`find`/`ls -l` of the directory). The word before the number is
 * not checked beyond being a word, so translated or edited scripts read too.
 */
import { canonicalBdf } from '../kernel/bdf';
import { excerpt, isChrome, readLines, type Unread } from './lines';
import { BDF, describeDevice, looksComplete, type PciDescription } from './pciText';

export interface RealDevice {
  bdf: string;
  /** What the loop's `lspci -nns` said about it, when it said something. */
  description: PciDescription | null;
  line: number;
}

export interface RealGroup {
  id: number;
  devices: RealDevice[];
}

export interface ParsedGroups {
  /** By id. */
  groups: RealGroup[];
  /** A /proc/cmdline line pasted with the listing (`cat /proc/cmdline; for d in ...`). */
  cmdline: string | null;
  unread: Unread[];
}

// An address, or an lspci -PP path to one ("00:1c.3/08:00.0/09:01.0": the device is the last).
const PATH = `${BDF}(?:/[0-9a-fA-F]{2}:[01][0-9a-fA-F]\\.[0-7])*`;
// "IOMMU Group 13 00:1c.0 desc", "Groupe IOMMU 13 : 0000:00:1c.0 desc", "[IOMMU 13] 00:1c.0 desc",
// and iommu.sh's "Group 13:\t[10de:2684] [R] 01:00.0  desc": a word, the id, the ids, the address.
const FLAT = new RegExp(
  `^\\s*([^\\d\\s][^\\d]{0,39}?)\\s*(\\d{1,5})\\]?\\s*[:.]?\\s+(?:\\[([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\\]\\s+(?:\\[R\\]\\s+)?)?(${PATH})(?![\\w:.])\\s*(.*)$`,
);
// "IOMMU Group 13:", "IOMMU group 13", "### Group 13 ###", "IOMMU Group: 13": a header alone on its line.
const HEADER = /^\s*([^\d\s][^\d]{0,39}?)\s*(\d{1,5})\]?\s*[:.]?\s*#*\s*$/;
// The kernel's own line, from dmesg: "pci 0000:00:01.0: Adding to iommu group 1".
const DMESG = new RegExp(`(${BDF}):\\s+Adding to iommu group (\\d{1,5})\\b`);
// Another device's start after a description's end: "... [1022:1639] 04:00.4 USB contro".
const SECOND_DEVICE = new RegExp(`[\\])]\\s+(${BDF})\\s+[A-Za-z].*$`);
// lspci -k's lines under a device.
const K_LINE = /^(?:Subsystem|Kernel driver in use|Kernel modules|DeviceName):/;
// Lines that follow a device without continuing it: a shell prompt, lspci -k's "Key: value".
const NOT_WRAPPED =
  /^\S+@\S+.*[#$%]\s*$|^[#$]\s|^(?:Subsystem|Kernel driver in use|Kernel modules|Flags|Control|Status):/;
// Words that name a group in the scripts people share (English and a few translations of it).
const GROUP_WORD = /iommu|group|grupp|groupe|grupa|gruppo|grupo|グループ|组|組|그룹/i;
// A device under a header: "\t00:01.0 desc", "Group Device: 0000:97:00.4 - desc", and
// iommu.sh's later rows of a group, "\t\t[1022:790e]     00:14.3  desc".
const MEMBER = new RegExp(
  `^\\s*(?:[-*•]\\s*)?(?:[A-Za-z ]{0,20}:\\s*)?(?:\\[([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\\]\\s+(?:\\[R\\]\\s+)?)?(${PATH})(?![\\w:.])\\s*(?:-\\s+)?(.*)$`,
);
// sysfs paths: /sys/kernel/iommu_groups/13/devices/0000:00:1c.0 (find, ls).
const SYSFS_MEMBER = new RegExp(`iommu_groups/(\\d{1,5})/devices/(${BDF})(?![\\w:.])`);
const SYSFS_HEADER = /iommu_groups\/(\d{1,5})\/devices\/?:?\s*$/;
// ls -l under a SYSFS_HEADER: "lrwxrwxrwx 1 root root 0 Feb 4 10:29 0000:00:1c.0 -> ../../devices/...".
const LS_MEMBER = new RegExp(`\\s(${BDF})\\s+->\\s`);
// A kernel command line (`cat /proc/cmdline` before the loop).
const CMDLINE = /\bBOOT_IMAGE=|(?:^|\s)(?:intel_iommu|amd_iommu|iommu|iommu\.passthrough|pcie_acs_override)=/;
// lspci's own device line (it belongs in the other box).
const LSPCI_HEADER = new RegExp(`^(?:${BDF})(?:/\\S+)?\\s+[^:[]+(?:\\s\\[[0-9a-fA-F]{4}\\])?:\\s`);

/** Reads a groups listing as far as it goes; every line it could not use is listed with a reason. */
export function parseGroups(text: string): ParsedGroups {
  const { lines, unread } = readLines(text);
  const byId = new Map<number, RealGroup>();
  const where = new Map<string, number>();
  let current: RealGroup | null = null;
  let last: RealDevice | null = null;
  let cmdline: string | null = null;
  const group = (id: number) => {
    let g = byId.get(id);
    if (!g) {
      g = { id, devices: [] };
      byId.set(id, g);
    }
    return g;
  };
  // What each device's line said after its address, as written (its ids and revision too).
  const raw = new Map<RealDevice, string>();
  // Devices whose line cannot wrap (dmesg's): nothing after them continues them.
  const closed = new Set<RealDevice>();
  // Adds the device; returns it, or (listed before) a detached copy that only absorbs a wrapped rest.
  const add = (g: RealGroup, pathText: string, desc: string, n: number): RealDevice => {
    const bdf = lastOfPath(pathText);
    const second = SECOND_DEVICE.exec(desc);
    if (second)
      unread.push({
        line: n,
        reason: `a second device on the line (two lines joined?): ${second[1]} was not read`,
        text: excerpt(second[0].slice(second[0].indexOf(second[1]!))),
      });
    const dev: RealDevice = { bdf, description: desc ? describeDevice(desc) : null, line: n };
    raw.set(dev, desc.trim());
    const before = where.get(bdf);
    if (before !== undefined) {
      unread.push({
        line: n,
        reason: `${bdf} is already listed in group ${before}; a device is in one group only`,
        text: excerpt(pathText + (desc ? ` ${desc}` : '')),
      });
      return dev;
    }
    where.set(bdf, g.id);
    g.devices.push(dev);
    return dev;
  };

  // iommu.sh puts the ids before the address, and no colon after the class name.
  const withIds = (dev: RealDevice, vendor: string | undefined, device: string | undefined) => {
    if (!vendor || !device) return dev;
    const rest = raw.get(dev) ?? '';
    dev.description = {
      ...(dev.description ?? { className: '', name: rest }),
      vendorId: vendor.toLowerCase(),
      deviceId: device.toLowerCase(),
    };
    raw.set(dev, `${rest} [${vendor}:${device}]`);
    return dev;
  };

  for (const { n, text: t } of lines) {
    if (t.trim() === '') {
      last = null;
      continue;
    }
    const sysfs = SYSFS_MEMBER.exec(t);
    if (sysfs) {
      last = add(group(Number(sysfs[1])), sysfs[2]!, '', n);
      continue;
    }
    const sysHeader = SYSFS_HEADER.exec(t);
    if (sysHeader) {
      current = group(Number(sysHeader[1]));
      last = null;
      continue;
    }
    if (isChrome(t) || /^total \d+$/.test(t.trim())) continue;
    const flat = FLAT.exec(t);
    if (flat && GROUP_WORD.test(flat[1]!)) {
      current = group(Number(flat[2]));
      last = withIds(add(current, flat[5]!, flat[6]!, n), flat[3], flat[4]);
      continue;
    }
    const dmesg = DMESG.exec(t);
    if (dmesg) {
      current = group(Number(dmesg[2]));
      last = add(current, dmesg[1]!, '', n);
      closed.add(last);
      continue;
    }
    const header = HEADER.exec(t);
    if (header && GROUP_WORD.test(header[1]!)) {
      current = group(Number(header[2]));
      last = null;
      continue;
    }
    const ls = current ? LS_MEMBER.exec(t) : null;
    if (current && ls) {
      last = add(current, ls[1]!, '', n);
      continue;
    }
    const member = MEMBER.exec(t);
    if (member && current) {
      last = withIds(add(current, member[3]!, member[4]!, n), member[1], member[2]);
      continue;
    }
    if (cmdline === null && CMDLINE.test(t)) {
      cmdline = t.trim();
      continue;
    }
    // A description a mail client or a narrow terminal wrapped onto the next line.
    const prev = last;
    const before = prev ? (raw.get(prev) ?? '') : '';
    if (
      prev &&
      !closed.has(prev) &&
      !member &&
      !NOT_WRAPPED.test(t.trim()) &&
      (!looksComplete(before) || /^\(rev [0-9a-fA-F]{2}\)$/.test(t.trim()))
    ) {
      const joined = `${before} ${t.trim()}`.trim();
      raw.set(prev, joined);
      prev.description = describeDevice(joined) ?? prev.description;
      if (prev.description === null) prev.description = { className: '', name: joined };
      continue;
    }
    // lspci -k's lines under a device (scripts that list groups with -nnk print them): not groups.
    if (prev && K_LINE.test(t.trim())) continue;
    unread.push({ line: n, reason: reasonFor(t, member !== null), text: excerpt(t) });
    last = null;
  }
  const groups = [...byId.values()].filter((g) => g.devices.length > 0).sort((a, b) => a.id - b.id);
  return { groups, cmdline, unread: unread.sort((a, b) => a.line - b.line) };
}

// "0000:00:1c.3/08:00.0/09:01.0" → 0000:08... the last device, on the first one's segment.
function lastOfPath(text: string): string {
  const parts = text.split('/');
  const last = parts.at(-1)!;
  const domain = /^([0-9a-fA-F]{4}):[0-9a-fA-F]{2}:/.exec(parts[0]!)?.[1];
  return canonicalBdf(parts.length > 1 && domain ? `${domain}:${last}` : last)!;
}

const ANY_BDF = new RegExp(`(?:^|[^\\w:.])${BDF}(?![\\w:.])`);

function reasonFor(t: string, hasAddress: boolean): string {
  if (hasAddress || ANY_BDF.test(t))
    return LSPCI_HEADER.test(t.trim())
      ? 'a device with no IOMMU group before it (lspci output goes in the lspci box)'
      : 'a PCI address with no IOMMU group before it (no "IOMMU Group N" header or prefix)';
  if (/\d/.test(t) && GROUP_WORD.test(t)) return 'names a group but no PCI address (BB:DD.F) was found on it';
  return 'not part of an IOMMU group listing';
}
