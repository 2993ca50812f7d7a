/**
 * Scenario input → a checked, canonical Scenario, or one line per problem (`<JSON path>: <message>`).
 * Order: JSON → migrate → schema (shape) → canonical BDFs → topology, kconfig and step references.
 * Never throws: any input, however broken, gives problems.
 */
import { canonicalBdf } from '../kernel/bdf';
import { isPcie } from '../kernel/topology';
import { checkTopology } from '../kernel/topologyCheck';
import type { DeviceSpec, Scenario } from '../kernel/types';
import { fastShape } from './fastShape';
import { formatIssues, formatPath, scenarioErrorMap } from './issues';
import { findJsonSyntaxError, lineColumn } from './jsonError';
import { checkKconfig } from './kconfig';
import { migrate } from './migrate';
import { checkStepReferences, fieldPath, topologyMessage } from './references';
import { ScenarioSchema } from './schema';

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

/** Parses the text of a scenario file (JSON, optional BOM) and validates it. */
export function parseScenario(text: string): ValidationResult {
  try {
    if (typeof text !== 'string') return fail(['(root): expected the text of a scenario file']);
    const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    let raw: unknown;
    try {
      raw = JSON.parse(src);
    } catch (e) {
      return fail([`(root): not JSON: ${jsonErrorText(src, e)}`]);
    }
    return validate(raw, true);
  } catch (e) {
    return internal(e);
  }
}

function jsonErrorText(src: string, e: unknown): string {
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

/** Validates an already-parsed scenario (any JSON value): migration, shape, then cross-field rules. */
export function validateScenario(raw: unknown): ValidationResult {
  return validate(raw, false);
}

// `owned`: the value is this module's own JSON.parse result, so the schema's fast path may hand
// back (and canonicalise may rewrite) its objects instead of zod's copies.
function validate(raw: unknown, owned: boolean): ValidationResult {
  try {
    const migrated = migrate(raw);
    if (migrated.problems.length > 0) return fail(migrated.problems);
    let scenario: Scenario | null = owned ? fastShape(migrated.value) : null;
    if (!scenario) {
      const proto = protoKeys(migrated.value);
      const parsed = ScenarioSchema.safeParse(migrated.value, { error: scenarioErrorMap });
      if (!parsed.success || proto.length > 0)
        return fail([...proto, ...(parsed.error ? formatIssues(parsed.error.issues) : [])]);
      scenario = parsed.data;
    }
    const problems: string[] = [];
    const warnings: string[] = [];
    canonicalise(scenario, problems);
    if (problems.length > 0) return fail(problems);
    for (const p of checkTopology(scenario.devices)) {
      problems.push(`${fieldPath(`devices[${p.index}]`, p.field)}: ${topologyMessage(p)}`);
    }
    const kconfig = checkKconfig(scenario.kconfig);
    problems.push(...kconfig.problems);
    warnings.push(...kconfig.warnings);
    // Step references assume a sound tree; with a broken one they would only echo its problems.
    if (problems.length === 0) problems.push(...checkStepReferences(scenario));
    if (problems.length > 0) return fail([...new Set(problems)]);
    warnings.push(...deviceWarnings(scenario));
    return { ok: true, scenario, warnings };
  } catch (e) {
    return internal(e);
  }
}

/**
 * `__proto__` keys: JSON.parse makes them own properties, but copying one into a new object sets
 * its prototype instead, so the schema never sees the key. Reported here. Iterative: any depth.
 * Depth-first, last key first; a value's path is spelled out only when it has such a key (every
 * object of a large machine is visited, and copying paths for each was most of the cost).
 */
function protoKeys(raw: unknown): string[] {
  interface Node {
    value: object;
    parent: Node | null;
    key: PropertyKey;
  }
  const pathOf = (n: Node): PropertyKey[] => {
    const path: PropertyKey[] = [];
    for (let c: Node | null = n; c?.parent; c = c.parent) path.push(c.key);
    return path.reverse();
  };
  const found: string[] = [];
  if (typeof raw !== 'object' || raw === null) return found;
  const stack: Node[] = [{ value: raw, parent: null, key: '' }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const value = node.value;
    if (Object.hasOwn(value, '__proto__')) {
      found.push(
        `${formatPath([...pathOf(node), '__proto__'])}: unknown key (vendor extensions start with x-)`,
      );
    }
    const isArray = Array.isArray(value);
    for (const [k, v] of Object.entries(value))
      if (typeof v === 'object' && v !== null)
        stack.push({ value: v, parent: node, key: isArray ? Number(k) : k });
  }
  return found;
}

/** Rewrites BDFs to their canonical spelling and vendor/class to lower case, in place. */
function canonicalise(s: Scenario, problems: string[]): void {
  // `where` names the device: its index in devices, or a step's path. Paths are spelled out only
  // for a problem (one template per field of 20,000 devices was a measurable part of validation).
  const where = (w: number | string) => (typeof w === 'number' ? `devices[${w}]` : w);
  const bdf = (w: number | string, field: string, value: string): string => {
    const c = canonicalBdf(value);
    if (c === null)
      problems.push(`${where(w)}${field}: ${JSON.stringify(value)} is not a BDF (BB:DD.F or SSSS:BB:DD.F)`);
    return c ?? value;
  };
  const device = (w: number | string, d: DeviceSpec) => {
    d.bdf = bdf(w, '.bdf', d.bdf);
    if (d.parent !== undefined) d.parent = bdf(w, '.parent', d.parent);
    if (d.aliases) d.aliases = d.aliases.map((a, j) => bdf(w, `.aliases[${j}]`, a));
    if (d.vendor !== undefined)
      d.vendor = d.vendor.toLowerCase() === '8086' ? 'intel' : d.vendor.toLowerCase();
    if (d.class !== undefined) d.class = d.class.toLowerCase();
  };
  s.devices.forEach((d, i) => {
    device(i, d);
  });
  s.steps.forEach((step, i) => {
    if (step.op === 'hot-add') device(`steps[${i}].device`, step.device);
    else if ('device' in step) step.device = bdf(`steps[${i}].device`, '', step.device);
  });
}

/** Things that are valid but probably not what the author meant. */
function deviceWarnings(s: Scenario): string[] {
  const warnings: string[] = [];
  const crashes = s.machine?.kdump === true || s.steps.some((st) => st.op === 'crash');
  const each = (path: string, d: DeviceSpec) => {
    if (d.acs !== undefined && d.acs !== false && !isPcie(d)) {
      warnings.push(`${path}.acs: a ${d.type} has no PCIe ACS capability; the kernel ignores this`);
    }
    if (Array.isArray(d.acs) && new Set(d.acs).size < d.acs.length) {
      warnings.push(`${path}.acs: a flag is listed twice`);
    }
    if (d.activeAtCrash !== undefined && !crashes) {
      warnings.push(`${path}.activeAtCrash: matters only in a kdump kernel (machine.kdump or a crash step)`);
    }
  };
  s.devices.forEach((d, i) => {
    each(`devices[${i}]`, d);
  });
  s.steps.forEach((st, i) => {
    if (st.op === 'hot-add') each(`steps[${i}].device`, st.device);
  });
  return warnings;
}
