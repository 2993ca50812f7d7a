/**
 * The comparison file format (`iommu-sandbox/comparison@1`, scenarios/compare/README.md): a
 * scenario under scenarios/ and what each side changes in its configuration. Pure; checks the
 * shape with JSON paths in its problems. The scenario itself is validated by whoever loads it.
 */
import { FIX_IDS, KERNELS } from '../kernel/types';
import { MACHINE_KEYS } from '../scenario/formatKeys';
import type { WorldConfig } from './variant';

/** The format string of a comparison file. */
export const COMPARISON_FORMAT = 'iommu-sandbox/comparison@1';

/** A ready-made comparison, as read from its file. */
export interface Comparison {
  format: typeof COMPARISON_FORMAT;
  name: string;
  description: string;
  /** The §9 catalogue id it shows (`si-free`, …) or `seed` for the seed discussion; optional. */
  catalogue?: string;
  /** Path of the scenario under scenarios/, with `.json`: `examples/e07-….json`. */
  scenario: string;
  /** What the left and right worlds change in the scenario's configuration (fixes are merged). */
  left: Partial<WorldConfig>;
  right: Partial<WorldConfig>;
}

/** Reading a comparison: the comparison, or its problems (`$.left.kernel: …`). */
export type ComparisonRead = { ok: true; comparison: Comparison } | { ok: false; problems: string[] };

const SIDE_KEYS = ['kernel', 'fixes', 'cmdline', 'machine'];
const TOP_KEYS = ['format', 'name', 'description', 'catalogue', 'scenario', 'left', 'right'];

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function unknownKeys(v: Record<string, unknown>, known: readonly string[], path: string, out: string[]) {
  for (const k of Object.keys(v)) if (!known.includes(k)) out.push(`${path}.${k}: unknown field`);
}

function booleans(v: unknown, known: readonly string[], path: string, out: string[]) {
  if (!isRecord(v)) return out.push(`${path}: expected an object`);
  for (const [k, b] of Object.entries(v)) {
    if (!known.includes(k)) out.push(`${path}.${k}: unknown; expected one of ${known.join(', ')}`);
    else if (typeof b !== 'boolean') out.push(`${path}.${k}: expected true or false`);
  }
}

function side(v: unknown, path: string, out: string[]): void {
  if (!isRecord(v)) {
    out.push(`${path}: expected an object (a kernel, fixes, cmdline or machine to change)`);
    return;
  }
  unknownKeys(v, SIDE_KEYS, path, out);
  if ('kernel' in v && !(KERNELS as readonly unknown[]).includes(v.kernel))
    out.push(`${path}.kernel: expected one of ${KERNELS.join(', ')}`);
  if ('cmdline' in v && typeof v.cmdline !== 'string') out.push(`${path}.cmdline: expected a string`);
  if ('fixes' in v) booleans(v.fixes, FIX_IDS, `${path}.fixes`, out);
  if ('machine' in v) booleans(v.machine, MACHINE_KEYS, `${path}.machine`, out);
}

/** Checks a parsed comparison file. */
export function validateComparison(raw: unknown): ComparisonRead {
  if (!isRecord(raw)) return { ok: false, problems: ['$: expected an object'] };
  const out: string[] = [];
  if (raw.format !== COMPARISON_FORMAT) out.push(`$.format: expected "${COMPARISON_FORMAT}"`);
  unknownKeys(raw, TOP_KEYS, '$', out);
  if (typeof raw.name !== 'string' || raw.name.trim() === '') out.push('$.name: expected a name');
  if (typeof raw.description !== 'string') out.push('$.description: expected a string');
  if ('catalogue' in raw && typeof raw.catalogue !== 'string') out.push('$.catalogue: expected a string');
  const path = raw.scenario;
  // A path under scenarios/, never above it: the page resolves it against its own scenario files.
  if (typeof path !== 'string' || !/^[\w.-]+(\/[\w.-]+)*\.json$/.test(path) || path.includes('..'))
    out.push('$.scenario: expected the path of a scenario under scenarios/ ("examples/e07-….json")');
  side(raw.left, '$.left', out);
  side(raw.right, '$.right', out);
  return out.length ? { ok: false, problems: out } : { ok: true, comparison: raw as unknown as Comparison };
}
