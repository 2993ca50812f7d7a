/**
 * The schema check of a well-formed scenario without zod: for a 20,000-device file zod spends
 * more time than the whole rest of validation, and almost every file the CLI reads is valid.
 *
 * Only ever a shortcut: fastShape answers a value equal to what ScenarioSchema.parse would return
 * (same keys in the same order: the schema's, as zod writes them), or null for anything it is not
 * sure about — any error, and anything unusual such as `x-` extension keys — and the caller then
 * runs zod as before, so every problem message comes from the one place it always did. It is
 * stricter than the schema, never looser (fastShape.test.ts checks it against zod).
 */

import { bdfKey } from '../kernel/bdf';
import { ACS_FLAGS, DEVICE_QUIRKS, DEVICE_TYPES, FIX_IDS, KERNELS, type Scenario } from '../kernel/types';
import {
  DEVICE_KEYS,
  DRIVER_KEYS,
  FIX_KEYS,
  HID_PATTERN,
  MACHINE_KEYS,
  SCENARIO_KEYS,
  STEP_FIELDS,
  STEP_OPS,
} from './formatKeys';
import { CURRENT_FORMAT } from './migrate';

const FAIL: unique symbol = Symbol('fail');
/** A value's checked output (the value itself, or a copy with its keys in schema order), or FAIL. */
type Parse = (v: unknown) => unknown;
type Obj = Record<string, unknown>;

const VENDOR_RE = /^(intel|[0-9a-fA-F]{4})$/;
const DEVICE_ID_RE = /^[0-9a-fA-F]{4}$/;
const HID_RE = new RegExp(HID_PATTERN);
// A CONFIG_ name is left to zod, which words the problem.
const KCONFIG_RE = /^(?!CONFIG_)[A-Z0-9_]+$/;

// Objects as JSON.parse makes them: a for-in loop then sees own keys only (fastShape checks once
// that Object.prototype has nothing enumerable), so no key needs an own-property test.
const isObj = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
const when =
  (ok: (v: unknown) => boolean): Parse =>
  (v) =>
    ok(v) ? v : FAIL;
const str = when((v) => typeof v === 'string');
const bool = when((v) => typeof v === 'boolean');
// BDF_PATTERN, by the parse the kernel keeps for each address (validation asks about them next).
const bdf = when((v) => typeof v === 'string' && bdfKey(v) >= 0);
const oneOf = (values: readonly string[]): Parse => {
  const set = new Set<unknown>(values);
  return when((v) => set.has(v));
};
const groupId = when((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0x7fffffff);

function arrayOf(item: Parse): Parse {
  return (v) => {
    if (!Array.isArray(v)) return FAIL;
    let out: unknown[] | null = null;
    for (let i = 0; i < v.length; i++) {
      const r = item(v[i]);
      if (r === FAIL) return FAIL;
      if (r !== v[i]) {
        out ??= v.slice();
        out[i] = r;
      }
    }
    return out ?? v;
  };
}

/** `v` with its keys in schema order, the fields in `changed` replaced. */
function inSchemaOrder(v: Obj, schemaKeys: readonly string[], changed: Obj | null): Obj {
  const out: Obj = {};
  for (const k of schemaKeys) if (Object.hasOwn(v, k)) out[k] = changed && k in changed ? changed[k] : v[k];
  return out;
}

/**
 * An object of exactly the schema's keys (no extensions), `required` present, each field valid;
 * the input object itself when its keys are already in schema order, else a reordered copy.
 */
function object(schemaKeys: readonly string[], fields: Record<string, Parse>, required: readonly string[]) {
  const rank = new Map(schemaKeys.map((k, i) => [k, i]));
  return (v: unknown): unknown => {
    if (!isObj(v)) return FAIL;
    for (const r of required) if (v[r] === undefined) return FAIL;
    let last = -1;
    let inOrder = true;
    let changed: Obj | null = null;
    for (const k in v) {
      const i = rank.get(k);
      if (i === undefined) return FAIL;
      if (i < last) inOrder = false;
      last = i;
      const r = fields[k]!(v[k]);
      if (r === FAIL) return FAIL;
      if (r !== v[k]) {
        changed ??= {};
        changed[k] = r;
      }
    }
    return inOrder && !changed ? v : inSchemaOrder(v, schemaKeys, changed);
  };
}

const DRIVER = Object.fromEntries(DRIVER_KEYS.map((k, i) => [k, i])) as Record<
  (typeof DRIVER_KEYS)[number],
  number
>;
const DEVICE = Object.fromEntries(DEVICE_KEYS.map((k, i) => [k, i])) as Record<
  (typeof DEVICE_KEYS)[number],
  number
>;

// Devices and their drivers are nearly all of a big file: checked by hand, a switch on each key,
// rather than by object() (a map lookup and two closure calls per key).
function driver(v: unknown): unknown {
  if (!isObj(v)) return FAIL;
  let last = -1;
  let inOrder = true;
  let named = false;
  for (const k in v) {
    const x = v[k];
    let rank: number;
    switch (k) {
      case 'name':
        if (typeof x !== 'string' || x.length < 1) return FAIL;
        named = true;
        rank = DRIVER.name;
        break;
      case 'dmaMask':
        if (typeof x !== 'number' || !Number.isInteger(x) || x < 1 || x > 64) return FAIL;
        rank = DRIVER.dmaMask;
        break;
      case 'managedDma':
      case 'dmaAtProbe':
        if (typeof x !== 'boolean') return FAIL;
        rank = DRIVER[k];
        break;
      default:
        return FAIL;
    }
    if (rank < last) inOrder = false;
    last = rank;
  }
  if (!named) return FAIL;
  return inOrder ? v : inSchemaOrder(v, DRIVER_KEYS, null);
}

const TYPES = new Set<unknown>(DEVICE_TYPES);
const acsFlags = arrayOf(oneOf(ACS_FLAGS));
const quirks = arrayOf(oneOf(DEVICE_QUIRKS));
const aliases = arrayOf(bdf);

// CLASS_RE, /^(?:[0-9a-fA-F]{2}){1,3}$/, by hand (almost every device has a class).
function isClass(v: unknown): boolean {
  if (typeof v !== 'string' || (v.length !== 2 && v.length !== 4 && v.length !== 6)) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    const lower = c | 32;
    if (!((c >= 48 && c <= 57) || (lower >= 97 && lower <= 102))) return false;
  }
  return true;
}

function device(v: unknown): unknown {
  if (!isObj(v)) return FAIL;
  let last = -1;
  let inOrder = true;
  let required = 0;
  let drv: unknown;
  for (const k in v) {
    const x = v[k];
    let rank: number;
    switch (k) {
      case 'bdf':
        if (typeof x !== 'string' || bdfKey(x) < 0) return FAIL;
        required++;
        rank = DEVICE.bdf;
        break;
      case 'type':
        if (!TYPES.has(x)) return FAIL;
        required++;
        rank = DEVICE.type;
        break;
      case 'parent':
        if (x !== null && (typeof x !== 'string' || bdfKey(x) < 0)) return FAIL;
        rank = DEVICE.parent;
        break;
      case 'acs':
        if (typeof x !== 'boolean' && acsFlags(x) === FAIL) return FAIL;
        rank = DEVICE.acs;
        break;
      case 'vendor':
        if (typeof x !== 'string' || !VENDOR_RE.test(x)) return FAIL;
        rank = DEVICE.vendor;
        break;
      case 'device':
        if (typeof x !== 'string' || !DEVICE_ID_RE.test(x)) return FAIL;
        rank = DEVICE.device;
        break;
      case 'class':
        if (!isClass(x)) return FAIL;
        rank = DEVICE.class;
        break;
      case 'quirks':
        if (quirks(x) === FAIL) return FAIL;
        rank = DEVICE.quirks;
        break;
      case 'aliases':
        if (aliases(x) === FAIL) return FAIL;
        rank = DEVICE.aliases;
        break;
      case 'driver':
        drv = x === null ? x : driver(x);
        if (drv === FAIL) return FAIL;
        rank = DEVICE.driver;
        break;
      case 'label':
        if (typeof x !== 'string' || x.length > 80) return FAIL;
        rank = DEVICE.label;
        break;
      case 'hid':
        if (typeof x !== 'string' || !HID_RE.test(x)) return FAIL;
        rank = DEVICE.hid;
        break;
      case 'multifunction':
      case 'externalFacing':
      case 'rmrr':
      case 'activeAtCrash':
        if (typeof x !== 'boolean') return FAIL;
        rank = DEVICE[k];
        break;
      default:
        return FAIL;
    }
    if (rank < last) inOrder = false;
    last = rank;
  }
  if (required !== 2) return FAIL;
  const changed = drv !== undefined && drv !== v.driver ? { driver: drv } : null;
  return inOrder && !changed ? v : inSchemaOrder(v, DEVICE_KEYS, changed);
}

const FIELD_PARSERS: Record<string, Parse> = {
  device: bdf,
  driver: (v) => (typeof v === 'string' ? (v.length >= 1 ? v : FAIL) : driver(v)),
  group: groupId,
  value: str,
  type: oneOf(['identity', 'DMA']),
  cmdline: str,
};
const OPTIONAL_STEP_FIELDS = new Set(['bind.driver', 'crash.cmdline']);

// One object parser per op.
const steps = new Map<unknown, Parse>(
  STEP_OPS.map((op) => {
    const keys = ['op', ...STEP_FIELDS[op]];
    const fields: Record<string, Parse> = { op: when((v) => v === op) };
    for (const k of keys)
      if (k !== 'op') fields[k] = op === 'hot-add' && k === 'device' ? device : FIELD_PARSERS[k]!;
    const required = keys.filter((k) => !OPTIONAL_STEP_FIELDS.has(`${op}.${k}`));
    return [op, object(keys, fields, required)];
  }),
);
const step: Parse = (v) => (isObj(v) ? (steps.get(v.op)?.(v) ?? FAIL) : FAIL);

const flags = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, bool]));

const scenario = object(
  SCENARIO_KEYS,
  {
    $schema: str,
    format: when((v) => v === CURRENT_FORMAT),
    name: str,
    description: str,
    kernel: oneOf(KERNELS),
    fixes: object(FIX_KEYS, flags(FIX_IDS), []),
    cmdline: str,
    kconfig: when((v) => {
      if (!isObj(v)) return false;
      for (const k in v)
        if (!Object.hasOwn(v, k) || !KCONFIG_RE.test(k) || typeof v[k] !== 'boolean') return false;
      return true;
    }),
    machine: object(MACHINE_KEYS, flags(MACHINE_KEYS), []),
    devices: arrayOf(device),
    steps: arrayOf(step),
  },
  ['format', 'kernel', 'devices', 'steps'],
);

/** ScenarioSchema.parse(value) for a well-formed scenario; null when zod has to look at it. */
export function fastShape(value: unknown): Scenario | null {
  for (const _ in Object.prototype) return null;
  const r = scenario(value);
  return r === FAIL ? null : (r as Scenario);
}
