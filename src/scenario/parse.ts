/**
 * Scenario input → a checked, canonical Scenario, or one line per problem (`<JSON path>: <message>`).
 * Order: JSON (a key written twice in an object is refused: duplicateKeys.ts) → migrate → shape →
 * canonical BDFs → topology and step references (and warnings, kconfig.ts among them).
 * Never throws: any input, however broken, gives problems. Without zod: the shape check of what
 * fastShape.ts does not pass is the caller's (validate.ts gives zodShape.ts; the CLI loads it
 * only when a file needs it).
 */
import { bdfKey, canonicalBdf } from '../kernel/bdf';
import { isSmbus } from '../kernel/devclass';
import { isPcie, typeName } from '../kernel/deviceTypes';
import { mastersDma } from '../kernel/dma';
import type { Topology } from '../kernel/topology';
import { checkedTopology } from '../kernel/topologyCache';
import { checkTopology } from '../kernel/topologyCheck';
import type { DeviceSpec, Scenario } from '../kernel/types';
import { duplicateKeyProblems } from './duplicateKeys';
import { fastShape } from './fastShape';
import { fixWarnings } from './fixWarnings';
import { findJsonSyntaxError, lineColumn } from './jsonError';
import { kconfigProblems, kconfigWarnings } from './kconfig';
import { migrate } from './migrate';
import { checkStepReferences, fieldPath, topologyMessage } from './references';

/** The schema's answer for a migrated document: the Scenario, or its problems. */
export type ShapeResult = { ok: true; scenario: Scenario } | { ok: false; problems: string[] };
export type ShapeCheck = (value: unknown) => ShapeResult;

export type ValidationResult =
  | { ok: true; scenario: Scenario; warnings: string[] }
  /** `internal`: the checker itself failed (a bug here, not in the input). */
  | { ok: false; problems: string[]; internal?: true };

const fail = (problems: string[]): ValidationResult => ({ ok: false, problems });

function internal(e: unknown): ValidationResult {
  const msg = e instanceof Error ? e.message : String(e);
  return {
    ok: false,
    problems: [`(root): internal error while checking the scenario: ${msg}`],
    internal: true,
  };
}

/**
 * Parses the text of a scenario file (JSON, optional BOM) and validates it, with `shape` for what
 * fastShape is not sure of; with `shape` null, such a file gives null (the caller has to get one).
 */
export function parseScenarioWith(text: string, shape: ShapeCheck): ValidationResult;
export function parseScenarioWith(text: string, shape: ShapeCheck | null): ValidationResult | null;
export function parseScenarioWith(text: string, shape: ShapeCheck | null): ValidationResult | null {
  try {
    if (typeof text !== 'string') return fail(['(root): expected the text of a scenario file']);
    const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    let raw: unknown;
    try {
      raw = JSON.parse(src);
    } catch (e) {
      return fail([`(root): not JSON: ${jsonErrorText(src, e)}`]);
    }
    const twice = duplicateKeyProblems(src, raw);
    if (twice.length > 0) return fail(twice);
    return validateWith(raw, true, shape);
  } catch (e) {
    return internal(e);
  }
}

function jsonErrorText(src: string, e: unknown): string {
  // An image or an archive picked by mistake: the scanner would quote a control character raw.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
  if (/[\0-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/.test(src)) return "the file is binary, not a scenario's text";
  let found: ReturnType<typeof findJsonSyntaxError> = null;
  try {
    found = findJsonSyntaxError(src);
  } catch {
    // Nesting deep enough to overflow the scanner's stack: fall back on the engine's message.
  }
  if (found) return `${found.message} at line ${found.line} column ${found.column}`;
  const msg = e instanceof Error ? e.message : String(e);
  const pos = /position (\d+)/.exec(msg);
  if (!pos) return msg;
  const { line, column } = lineColumn(src, Number(pos[1]));
  return `${msg.replace(/ in JSON at position \d+.*$/, '')} at line ${line} column ${column}`;
}

/**
 * Validates a scenario (any JSON value): migration, shape, then cross-field rules. `owned`: the
 * value is the caller's own JSON.parse result, so fastShape may hand back (and canonicalise may
 * rewrite) its objects instead of a copy; otherwise `shape` checks it.
 */
export function validateWith(raw: unknown, owned: boolean, shape: ShapeCheck): ValidationResult;
export function validateWith(raw: unknown, owned: boolean, shape: ShapeCheck | null): ValidationResult | null;
export function validateWith(
  raw: unknown,
  owned: boolean,
  shape: ShapeCheck | null,
): ValidationResult | null {
  try {
    const migrated = migrate(raw);
    if (migrated.problems.length > 0) return fail(migrated.problems);
    let scenario: Scenario | null = owned ? fastShape(migrated.value) : null;
    if (!scenario) {
      if (!shape) return null;
      const checked = shape(migrated.value);
      if (!checked.ok) return fail(checked.problems);
      scenario = checked.scenario;
    }
    const problems: string[] = [];
    const warnings: string[] = [];
    canonicalise(scenario, problems);
    if (problems.length > 0) return fail(problems);
    // Built once: the first boot of this device list takes it too.
    const topo = checkedTopology(scenario.devices);
    for (const p of checkTopology(scenario.devices, topo)) {
      problems.push(`${fieldPath(`devices[${p.index}]`, p.field)}: ${topologyMessage(p)}`);
    }
    problems.push(...kconfigProblems(scenario.kconfig, scenario.kernel));
    warnings.push(...kconfigWarnings(scenario.kconfig, scenario.kernel));
    warnings.push(...fixWarnings(scenario.fixes, scenario.kernel));
    // Step references assume a sound tree; with a broken one they would only echo its problems.
    if (problems.length === 0) problems.push(...checkStepReferences(scenario, topo));
    if (problems.length > 0) return fail([...new Set(problems)]);
    warnings.push(...deviceWarnings(scenario, topo));
    return { ok: true, scenario, warnings };
  } catch (e) {
    return internal(e);
  }
}

/** Rewrites BDFs to their canonical spelling and vendor/device/class to lower case, in place. */
function canonicalise(s: Scenario, problems: string[]): void {
  const devices = s.devices;
  for (let i = 0; i < devices.length; i++) canonicalDevice(devices[i]!, i, problems);
  s.steps.forEach((step, i) => {
    if (step.op === 'hot-add') canonicalDevice(step.device, `steps[${i}].device`, problems);
    else if ('device' in step)
      step.device = canonicalBdf(step.device) ?? notBdf(step.device, `steps[${i}].device`, '', problems);
  });
}

// `where` names the device: its index in devices, or a step's path. Paths are spelled out only
// for a problem (one template per field of 20,000 devices was a measurable part of validation).
// A field is written only when its spelling changes: most are canonical already, and a string
// toLowerCase or a store that changes nothing still costs, 20,000 times over.
function canonicalDevice(d: DeviceSpec, where: number | string, problems: string[]): void {
  const bdf = canonicalBdf(d.bdf) ?? notBdf(d.bdf, where, '.bdf', problems);
  if (bdf !== d.bdf) d.bdf = bdf;
  const p = d.parent;
  // Producers that write every key write null for "none": it means what absence means.
  if ((p as string | null) === null) delete d.parent;
  else if (p !== undefined) {
    const parent = canonicalBdf(p) ?? notBdf(p, where, '.parent', problems);
    if (parent !== p) d.parent = parent;
  }
  if (d.aliases)
    d.aliases = d.aliases.map((a, j) => canonicalBdf(a) ?? notBdf(a, where, `.aliases[${j}]`, problems));
  // (The shape check lets only ASCII through in these three.)
  if (d.vendor !== undefined) {
    const vendor = d.vendor.toLowerCase();
    d.vendor = vendor === '8086' ? 'intel' : vendor;
  }
  if (d.device !== undefined && UPPER.test(d.device)) d.device = d.device.toLowerCase();
  if (d.class !== undefined && UPPER.test(d.class)) d.class = d.class.toLowerCase();
}

const UPPER = /[A-Z]/;

function notBdf(value: string, where: number | string, field: string, problems: string[]): string {
  problems.push(`${pathOf(where)}${field}: ${JSON.stringify(value)} is not a BDF (BB:DD.F or SSSS:BB:DD.F)`);
  return value;
}

const pathOf = (where: number | string) => (typeof where === 'number' ? `devices[${where}]` : where);

/** Things that are valid but probably not what the author meant. */
function deviceWarnings(s: Scenario, topo: Topology): string[] {
  const warnings: string[] = [];
  const crashes = s.machine?.kdump === true || s.steps.some((st) => st.op === 'crash');
  for (let i = 0; i < s.devices.length; i++) warnAbout(s.devices[i]!, i, crashes, warnings);
  unscanned(s.devices, topo, warnings);
  s.steps.forEach((st, i) => {
    if (st.op === 'hot-add') warnAbout(st.device, `steps[${i}].device`, crashes, warnings);
  });
  return warnings;
}

// Devices pci_scan_slot would never find, though the sandbox models them as given: a device
// other than 0 below a port that leads to a single link (only_one_child), and a function above 0
// of a slot whose function 0 is missing or not multifunction (next_fn stops there).
function unscanned(devices: readonly DeviceSpec[], topo: Topology, warnings: string[]): void {
  for (let i = 0; i < devices.length; i++) {
    const d = devices[i]!;
    const key = bdfKey(d.bdf);
    if (key < 0 || d.type === 'acpi') continue;
    const fn = key & 7;
    const port = (key & 0xf8) !== 0 && d.parent !== undefined ? topo.devices[d.parent] : undefined;
    if (port && ONE_LINK.includes(port.type)) {
      warnings.push(
        `devices[${i}].bdf: ${d.bdf} is not device 0 below the ${port.type} ${port.bdf}, whose link has only device 0: a real kernel never scans for it (only_one_child); the sandbox models it as given`,
      );
      continue;
    }
    if (fn === 0) continue;
    // (A canonical BDF ends in its function digit.)
    const fn0 = topo.devices[`${d.bdf.slice(0, -1)}0`];
    if (fn0?.multifunction !== true)
      warnings.push(
        `devices[${i}].bdf: ${d.bdf} is function ${fn} of a slot whose function 0 is ${fn0 ? 'not multifunction' : 'missing'}: a real kernel never scans for it (pci_scan_slot); the sandbox models it as given`,
      );
  }
}

// pcie_downstream_port: the bridges whose secondary bus is a single PCIe link.
const ONE_LINK: readonly string[] = ['root-port', 'switch-downstream', 'pci-to-pcie-bridge'];

// `where`: an index into devices, or a hot-add step's path; spelled out only for a warning.
function warnAbout(d: DeviceSpec, where: number | string, crashes: boolean, warnings: string[]): void {
  if (d.acs !== undefined && d.acs !== false && !isPcie(d)) {
    warnings.push(`${pathOf(where)}.acs: a ${d.type} has no PCIe ACS capability; the kernel ignores this`);
  }
  if (Array.isArray(d.acs) && new Set(d.acs).size < d.acs.length) {
    warnings.push(`${pathOf(where)}.acs: a flag is listed twice`);
  }
  // The format defines the flag by its effect (everything below is untrusted), which a
  // devicetree "external-facing" bridge has; on x86 only a root port's ACPI _DSD sets it.
  if (d.externalFacing === true && d.type !== 'root-port') {
    warnings.push(
      `${pathOf(where)}.externalFacing: on x86 firmware marks only root ports external-facing (ExternalFacingPort, read for root ports by pci_acpi_set_untrusted, pci_acpi_set_external_facing from 5.9); the sandbox applies it as given: every device below this ${d.type} is untrusted`,
    );
  }
  if (d.hid !== undefined && d.type !== 'acpi') {
    warnings.push(
      `${pathOf(where)}.hid: only an ACPI-namespace device (type acpi) is named by its _HID; this ${d.type} keeps its PCI name, and the sandbox ignores the field`,
    );
  }
  if (d.activeAtCrash !== undefined && !crashes) {
    warnings.push(
      `${pathOf(where)}.activeAtCrash: matters only in a kdump kernel (machine.kdump or a crash step)`,
    );
  } else if (d.activeAtCrash === true && !mastersDma(d)) {
    warnings.push(
      `${pathOf(where)}.activeAtCrash: a ${isSmbus(d) ? 'SMBus controller' : typeName(d.type)} never masters the bus, so it was doing no DMA at the crash; the sandbox ignores this`,
    );
  }
}
