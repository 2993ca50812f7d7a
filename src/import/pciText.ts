/**
 * How lspci names a device: the address (with or without the `0000:` domain), and the
 * description `Class name [cccc]: Vendor Device [vvvv:dddd] (rev rr)` (ids only with -nn).
 */
/** A PCI address as lspci and sysfs print it: `BB:DD.F` or `SSSS:BB:DD.F`. */
export const BDF = '(?:[0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[01][0-9a-fA-F]\\.[0-7]';

export interface PciDescription {
  /** lspci's class name: "PCI bridge", "VGA compatible controller". */
  className: string;
  /** 4 hex digits, from `[0604]` (-nn) or, without it, from the class name when it is a common one. */
  classCode?: string;
  /** 4 hex digits, from `[8086:a110]` (-nn) or a vendor name lspci always spells the same way. */
  vendorId?: string;
  deviceId?: string;
  /** Vendor and device as lspci names them, without ids and revision. */
  name: string;
}

// Class codes of the class names a passthrough user meets; with -nn lspci prints the code itself.
const CLASS_CODES: Record<string, string> = {
  'host bridge': '0600',
  'isa bridge': '0601',
  'pci bridge': '0604',
  'vga compatible controller': '0300',
  '3d controller': '0302',
  'display controller': '0380',
  'audio device': '0403',
  'multimedia audio controller': '0401',
  'usb controller': '0c03',
  smbus: '0c05',
  'ethernet controller': '0200',
  'network controller': '0280',
  'sata controller': '0106',
  'non-volatile memory controller': '0108',
  'raid bus controller': '0104',
  'communication controller': '0780',
  'serial controller': '0700',
  'signal processing controller': '1180',
  'system peripheral': '0880',
  'memory controller': '0580',
  iommu: '0806',
};

// Vendors whose ids matter to the kernel's quirks, by the name lspci's database gives them.
const VENDOR_NAMES: [RegExp, string][] = [
  [/^Intel Corporation\b/, '8086'],
  [/^Advanced Micro Devices\b/, '1022'],
];

/** Parses `Class [cccc]: Vendor Device [vvvv:dddd] (rev rr) (prog-if ...)`; null when there is no `Class: ` part. */
export function describeDevice(text: string): PciDescription | null {
  const m = /^([^:[\]]+?)(?:\s+\[([0-9a-fA-F]{4})\])?:\s+(.*)$/.exec(text.trim());
  if (!m) return null;
  const className = m[1]!.trim();
  let rest = m[3]!;
  const ids = [...rest.matchAll(/\[([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\]/g)].at(-1);
  rest = rest
    .replace(/\s*\[[0-9a-fA-F]{4}:[0-9a-fA-F]{4}\]/g, '')
    .replace(/\s*\(rev [0-9a-fA-F]{2}\)/, '')
    .replace(/\s*\(prog-if [^)]*\)\s*$/, '')
    .trim();
  const classCode = (m[2] ?? CLASS_CODES[className.toLowerCase()])?.toLowerCase();
  const vendorId = ids?.[1]?.toLowerCase() ?? VENDOR_NAMES.find(([re]) => re.test(rest))?.[1];
  return {
    className,
    ...(classCode ? { classCode } : {}),
    ...(vendorId ? { vendorId } : {}),
    ...(ids ? { deviceId: ids[2]!.toLowerCase() } : {}),
    name: rest,
  };
}

/** Whether a description already ends where lspci ends one (its ids, or its revision). */
export function looksComplete(text: string): boolean {
  return /\[[0-9a-fA-F]{4}:[0-9a-fA-F]{4}\]|\(rev [0-9a-fA-F]{2}\)|\(prog-if [^)]*\)/.test(text);
}
