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
import { ACS_FLAGS, DEVICE_QUIRKS, DEVICE_TYPES, FIX_IDS, KERNELS, type Scenario } from '../kernel/types';
import {
  BDF_PATTERN,
  DEVICE_KEYS,
  DRIVER_KEYS,
  FIX_KEYS,
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

const BDF_RE = new RegExp(BDF_PATTERN);
const VENDOR_RE = /^(intel|[0-9a-fA-F]{4})$/;
const DEVICE_ID_RE = /^[0-9a-fA-F]{4}$/;
const CLASS_RE = /^(?:[0-9a-fA-F]{2}){1,3}$/;
const KCONFIG_RE = /^[A-Z0-9_]+$/;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const when =
  (ok: (v: unknown) => boolean): Parse =>
  (v) =>
    ok(v) ? v : FAIL;
const str = when((v) => typeof v === 'string');
const bool = when((v) => typeof v === 'boolean');
const bdf = when((v) => typeof v === 'string' && BDF_RE.test(v));
const oneOf = (values: readonly string[]): Parse => {
  const set = new Set<unknown>(values);
  return when((v) => set.has(v));
};
const groupId = when((v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0);

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
      if (i === undefined || !Object.hasOwn(v, k)) return FAIL;
      if (i < last) inOrder = false;
      last = i;
      const r = fields[k]!(v[k]);
      if (r === FAIL) return FAIL;
      if (r !== v[k]) {
        changed ??= {};
        changed[k] = r;
      }
    }
    if (inOrder && !changed) return v;
    const out: Obj = {};
    for (const k of schemaKeys) if (Object.hasOwn(v, k)) out[k] = changed && k in changed ? changed[k] : v[k];
    return out;
  };
}

const driver = object(
  DRIVER_KEYS,
  {
    name: when((v) => typeof v === 'string' && v.length >= 1),
    dmaMask: when((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 64),
    managedDma: bool,
  },
  ['name'],
);

const device = object(
  DEVICE_KEYS,
  {
    bdf,
    type: oneOf(DEVICE_TYPES),
    parent: bdf,
    multifunction: bool,
    acs: (v) => (typeof v === 'boolean' ? v : arrayOf(oneOf(ACS_FLAGS))(v)),
    vendor: when((v) => typeof v === 'string' && VENDOR_RE.test(v)),
    device: when((v) => typeof v === 'string' && DEVICE_ID_RE.test(v)),
    class: when((v) => typeof v === 'string' && CLASS_RE.test(v)),
    quirks: arrayOf(oneOf(DEVICE_QUIRKS)),
    aliases: arrayOf(bdf),
    externalFacing: bool,
    rmrr: bool,
    driver: (v) => (v === null ? v : driver(v)),
    label: when((v) => typeof v === 'string' && v.length <= 80),
    activeAtCrash: bool,
  },
  ['bdf', 'type'],
);

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
  const r = scenario(value);
  return r === FAIL ? null : (r as Scenario);
}
