/**
 * Scenario → the text of a scenario file: keys in the format's order (then any others, sorted),
 * 2-space indent, undefined fields left out. parseScenario(scenarioToJson(s)) deep-equals s for a
 * canonical s (what parseScenario returns).
 */
import { FIX_IDS, type Scenario } from '../kernel/types';
import { DRIVER_KEYS, MACHINE_KEYS, SCENARIO_KEYS } from './formatKeys';

// The label next to the BDF it names, unlike the schema's order: files read better so.
const DEVICE_KEYS = [
  'bdf',
  'label',
  'type',
  'parent',
  'multifunction',
  'acs',
  'vendor',
  'device',
  'class',
  'quirks',
  'aliases',
  'externalFacing',
  'rmrr',
  'activeAtCrash',
  'hid',
  'driver',
];
const STEP_KEYS = ['op', 'device', 'driver', 'group', 'type', 'value', 'cmdline'];

type Json = unknown;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A copy of `obj` whose keys come in `order` first, then the rest sorted; undefined values dropped. */
function ordered(
  obj: Record<string, unknown>,
  order: readonly string[],
  child?: (k: string, v: unknown) => Json,
) {
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
  const known = order.filter((k) => keys.includes(k));
  const rest = keys.filter((k) => !order.includes(k)).sort();
  const out: Record<string, Json> = {};
  for (const k of [...known, ...rest]) out[k] = child ? child(k, obj[k]) : plain(obj[k]);
  return out;
}

/** Extension values and anything else unknown: keys sorted at every level, so output is stable. */
function plain(v: unknown): Json {
  if (Array.isArray(v)) return v.map(plain);
  if (isPlainObject(v)) return ordered(v, []);
  return v;
}

function device(d: unknown): Json {
  if (!isPlainObject(d)) return plain(d);
  return ordered(d, DEVICE_KEYS, (k, v) =>
    k === 'driver' && isPlainObject(v) ? ordered(v, DRIVER_KEYS) : plain(v),
  );
}

function step(s: unknown): Json {
  if (!isPlainObject(s)) return plain(s);
  return ordered(s, STEP_KEYS, (k, v) => {
    if (k === 'device' && isPlainObject(v)) return device(v);
    if (k === 'driver' && isPlainObject(v)) return ordered(v, DRIVER_KEYS);
    return plain(v);
  });
}

/** The scenario as file text, in the format's key order, ending with a newline. */
export function scenarioToJson(s: Scenario): string {
  const doc = ordered(s as unknown as Record<string, unknown>, SCENARIO_KEYS, (k, v) => {
    if (k === 'devices' && Array.isArray(v)) return v.map(device);
    if (k === 'steps' && Array.isArray(v)) return v.map(step);
    if (k === 'fixes' && isPlainObject(v)) return ordered(v, FIX_IDS);
    if (k === 'machine' && isPlainObject(v)) return ordered(v, MACHINE_KEYS);
    return plain(v);
  });
  return `${JSON.stringify(doc, null, 2)}\n`;
}
