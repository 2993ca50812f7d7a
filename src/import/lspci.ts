/**
 * `lspci -vvv -nn -PP` (and its lesser forms: without -PP, without -nn, with -D, `lspci -nnk`):
 * per device what group formation depends on — the path from the root bus, the PCI Express port
 * type, the ACS capability, the bridge's secondary bus — plus class, ids and the bound driver.
 * lspci prints much more; lines inside a device's block that say nothing of these are skipped
 * without comment, lines outside any block are reported.
 */
import { canonicalBdf } from '../kernel/bdf';
import { dedentFrom, excerpt, isChrome, readLines, type Unread } from './lines';
import { BDF, describeDevice, type PciDescription } from './pciText';

/** The PCI Express capability's device/port type, as the scenario format names it. */
export type ExpressType =
  | 'root-port'
  | 'switch-upstream'
  | 'switch-downstream'
  | 'endpoint'
  | 'legacy-endpoint'
  | 'rc-endpoint'
  | 'pcie-to-pci-bridge'
  | 'pci-to-pcie-bridge'
  | 'rc-event-collector';

/** ACS capability bits as lspci names them (ACSCap: SrcValid+ TransBlk+ ReqRedir+ ...). */
export type AcsBit =
  | 'SrcValid'
  | 'TransBlk'
  | 'ReqRedir'
  | 'CmpltRedir'
  | 'UpstreamFwd'
  | 'EgressCtrl'
  | 'DirectTrans';
export type AcsBits = Partial<Record<AcsBit, boolean>>;

export interface LspciDevice {
  bdf: string;
  /** From -PP: the devices from the root bus down to this one, this one last; null without -PP. */
  path: string[] | null;
  description: PciDescription;
  /** The block had -v details (Control:, Capabilities:); `lspci -nnk` has none. */
  verbose: boolean;
  /** null: no PCI Express capability shown. */
  express: ExpressType | null;
  /** The Express capability line as lspci wrote it ("Express (v2) Root Port (Slot+)"). */
  expressText: string | null;
  /** null: no ACS capability shown. */
  acsCap: AcsBits | null;
  acsCtl: AcsBits | null;
  /** Bridges: `Bus: primary=00, secondary=01, subordinate=01`. */
  secondary: number | null;
  subordinate: number | null;
  driver: string | null;
  /** lspci ≥ 3.7 prints the device's group with -v (`IOMMU group: 13`). */
  iommuGroup: number | null;
  /** `Capabilities: <access denied>`: lspci ran without root and could not read them. */
  capabilitiesHidden: boolean;
  line: number;
}

export interface ParsedLspci {
  /** In the order lspci listed them. */
  devices: LspciDevice[];
  unread: Unread[];
}

// lspci's device header: the address (or -PP path), class name (and [code]), a colon, the rest.
const HEADER = new RegExp(`^(${BDF}(?:/(?:${BDF}))*)\\s+([^:[\\]]+?(?:\\s\\[[0-9a-fA-F]{4}\\])?:\\s.*)$`);
const EXPRESS_TYPES: [string, ExpressType][] = [
  ['Root Port', 'root-port'],
  ['Upstream Port', 'switch-upstream'],
  ['Downstream Port', 'switch-downstream'],
  ['Legacy Endpoint', 'legacy-endpoint'],
  ['Root Complex Integrated Endpoint', 'rc-endpoint'],
  ['Endpoint', 'endpoint'],
  ['PCI-Express to PCI/PCI-X Bridge', 'pcie-to-pci-bridge'],
  ['PCI/PCI-X to PCI-Express Bridge', 'pci-to-pcie-bridge'],
  ['Root Complex Event Collector', 'rc-event-collector'],
];
const ACS_BITS: readonly AcsBit[] = [
  'SrcValid',
  'TransBlk',
  'ReqRedir',
  'CmpltRedir',
  'UpstreamFwd',
  'EgressCtrl',
  'DirectTrans',
];
// `lspci -x` config-space dumps: "10: 00 00 ...".
const HEX_DUMP = /^[0-9a-f]{2,3}:( [0-9a-f]{2}){1,16}$/;
// `lspci -t` / `-tv`: "-[0000:00]-+-00.0  ...", "           +-01.1-[01-03]----00.0".
const TREE = /^-\[[0-9a-fA-F]{4}:[0-9a-fA-F]{2}\]-|^[\s|]*[+\\`]-[0-9a-fA-F]{2}\.[0-7]/;

function newDevice(
  bdf: string,
  path: string[] | null,
  description: PciDescription,
  line: number,
): LspciDevice {
  return {
    bdf,
    path,
    description,
    verbose: false,
    express: null,
    expressText: null,
    acsCap: null,
    acsCtl: null,
    secondary: null,
    subordinate: null,
    driver: null,
    iommuGroup: null,
    capabilitiesHidden: false,
    line,
  };
}

// "0000:00:1c.0/03:00.0": each later segment is on the first one's segment (domain).
function parsePath(text: string): string[] | null {
  const parts = text.split('/');
  const domain = /^([0-9a-fA-F]{4}):[0-9a-fA-F]{2}:/.exec(parts[0]!)?.[1];
  const out: string[] = [];
  for (const [i, p] of parts.entries()) {
    const full = i > 0 && domain && p.split(':').length === 2 ? `${domain}:${p}` : p;
    const c = canonicalBdf(full);
    if (!c) return null;
    out.push(c);
  }
  return out;
}

function acsBits(text: string, into: AcsBits): void {
  for (const m of text.matchAll(/([A-Za-z]+)([+-])/g)) {
    const bit = m[1] as AcsBit;
    if (ACS_BITS.includes(bit)) into[bit] = m[2] === '+';
  }
}

/** Reads lspci output as far as it goes; every line outside a device's block that it cannot use is listed. */
export function parseLspci(text: string): ParsedLspci {
  const { lines, unread } = readLines(text);
  // From the first device line on, an indentation the whole paste shares is the paste's.
  const first = lines.findIndex((l) => HEADER.test(l.text.trimStart()));
  if (first >= 0) dedentFrom(lines, first);
  const byBdf = new Map<string, LspciDevice>();
  let dev: LspciDevice | null = null;
  // The previous line was part of the current block (a wrapped line continues it).
  let inBlock = false;
  let headerOpen = false;
  // The device line as lspci wrote it (its ids and revision too), for a wrapped rest to join.
  let headerRaw = '';
  // An ACSCap/ACSCtl line whose flags a narrow terminal may have wrapped onto the next line.
  let acsOpen: AcsBits | null = null;

  for (const { n, text: t, indented } of lines) {
    if (t.trim() === '') {
      inBlock = false;
      headerOpen = false;
      acsOpen = null;
      continue;
    }
    const header = indented ? null : HEADER.exec(t);
    const path = header ? parsePath(header[1]!) : null;
    const desc = header ? describeDevice(header[2]!) : null;
    if (header && path && desc) {
      const bdf = path.at(-1)!;
      // The same device again (lspci -vvv followed by lspci -xxx) is one device, already named.
      // Another device at the same address (two machines' outputs pasted together) is not read:
      // its block goes to a device nobody keeps.
      const seen = byBdf.get(bdf);
      const other = seen !== undefined && !sameDevice(seen.description, desc);
      if (other)
        unread.push({
          line: n,
          reason: `${bdf} appears a second time, as another device (${seen.description.name} before); this one is not read`,
          text: excerpt(t),
        });
      dev = seen && !other ? seen : newDevice(bdf, path.length > 1 ? path : null, desc, n);
      if (!other) byBdf.set(bdf, dev);
      inBlock = true;
      headerOpen = seen === undefined || other;
      headerRaw = header[2]!;
      acsOpen = null;
      continue;
    }
    // A detail line lost its indentation (a paste that stripped tabs): lspci's own keys say so.
    if (dev && inBlock && (indented || DETAIL_KEY.test(t))) {
      headerOpen = false;
      acsOpen = detail(dev, t.trim());
      continue;
    }
    if (HEX_DUMP.test(t.trim()) || isChrome(t)) continue;
    if (dev && inBlock) {
      // A line wrapped by a mail client or a narrow terminal: it continues the line before.
      if (headerOpen) {
        headerRaw = `${headerRaw} ${t.trim()}`;
        const joined = describeDevice(headerRaw);
        if (joined) dev.description = joined;
      } else if (acsOpen) acsBits(t, acsOpen);
      continue;
    }
    unread.push({
      line: n,
      reason: TREE.test(t)
        ? 'lspci -t draws the tree, which is not read here: paste the output of sudo lspci -vvv -nn -PP'
        : indented
          ? 'an indented line outside any device (no lspci device line above it)'
          : 'not lspci output',
      text: excerpt(t),
    });
  }
  return { devices: [...byBdf.values()], unread: unread.sort((a, b) => a.line - b.line) };
}

// Two device lines name one device when their class, ids and names agree; a line a mail client
// cut short (its ids and the rest of its name on the next line) agrees with the whole one.
const agree = (x: string | undefined, y: string | undefined) => x === undefined || y === undefined || x === y;
const sameDevice = (a: PciDescription, b: PciDescription) =>
  a.className === b.className &&
  agree(a.vendorId, b.vendorId) &&
  agree(a.deviceId, b.deviceId) &&
  (a.name.startsWith(b.name) || b.name.startsWith(a.name));

// The keys that start lspci's detail lines (-v, -vvv, -k): a phrase of its own, or one word of
// a capability's registers (DevCap:, ACSCap:, LnkSta2:). A wrapped device line never starts so.
const DETAIL_KEY =
  /^(?:(?:Physical Slot|Region \d+|Expansion ROM|Kernel driver in use|Kernel modules|IOMMU group|NUMA node|I\/O behind bridge|Memory behind bridge|Prefetchable memory behind bridge|Secondary status):|[A-Z][A-Za-z]+\d?:\s)/;

// One indented line of a device's block; returns the ACS record it filled, if its flags may go on.
function detail(dev: LspciDevice, t: string): AcsBits | null {
  if (/^(Control|Status|Capabilities|Latency|Interrupt|Region|Bus):/.test(t)) dev.verbose = true;
  let m = /^Kernel driver in use:\s*(\S+)/.exec(t);
  if (m) dev.driver = m[1]!;
  // lspci ≥ 3.7 with -vv: "IOMMU group: 13"; with -v, at the end of "Flags: ..., IOMMU group 13".
  m = /^IOMMU group:\s*(\d+)/.exec(t) ?? /^Flags:.*\bIOMMU group (\d+)/.exec(t);
  if (m) dev.iommuGroup = Number(m[1]);
  m = /^Bus: primary=([0-9a-fA-F]{2}), secondary=([0-9a-fA-F]{2}), subordinate=([0-9a-fA-F]{2})/.exec(t);
  if (m) {
    dev.secondary = Number.parseInt(m[2]!, 16);
    dev.subordinate = Number.parseInt(m[3]!, 16);
  }
  if (/^Capabilities:\s*<access denied>/.test(t)) dev.capabilitiesHidden = true;
  m = /^Capabilities: \[[0-9a-fA-F]+\] (Express (?:\(v\d\) )?(.*))$/.exec(t);
  if (m) {
    dev.expressText = m[1]!.replace(/,\s*(?:MSI|IntMsgNum).*$/, '').trim();
    dev.express = EXPRESS_TYPES.find(([name]) => m![2]!.startsWith(name))?.[1] ?? null;
  }
  if (/^Capabilities: \[[0-9a-fA-F]+(?: v\d+)?\] Access Control Services/.test(t)) {
    dev.acsCap ??= {};
    dev.acsCtl ??= {};
  }
  m = /^ACS(Cap|Ctl):\s*(.*)$/.exec(t);
  if (m) {
    if (m[1] === 'Cap') dev.acsCap ??= {};
    else dev.acsCtl ??= {};
    const into = (m[1] === 'Cap' ? dev.acsCap : dev.acsCtl)!;
    acsBits(m[2]!, into);
    return into;
  }
  return null;
}
