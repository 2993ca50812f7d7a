/**
 * A comparison file (`iommu-sandbox/comparison@1`, scenarios/compare/README.md) given to the CLI
 * where a scenario is expected: the comparison, its scenario, and its two worlds built as the page
 * builds them (src/store/loadComparison.ts, and `open` in src/store/compare.ts), so that the CLI
 * and the page find the same differences.
 */
import { basename, dirname, join, resolve } from 'node:path';
import { type Comparison, validateComparison } from '../compare/comparison';
import { configOf, withConfig } from '../compare/variant';
import type { Scenario } from '../kernel/types';
import { duplicateKeyProblems } from '../scenario/duplicateKeys';
import { readError } from './readError';
import { emptyInput, parseScenarioText } from './scenarioText';

const FORMAT_PREFIX = 'iommu-sandbox/comparison@';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A file as messages name it (`-` is standard input). */
export const shownName = (file: string) => (file === '-' ? '(stdin)' : file);

const withoutBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/**
 * The parsed file when `text` is a comparison of any version (validateComparison words one that is
 * not @1), else null: a scenario, or text that is not JSON, which the scenario reader words.
 */
export function comparisonJson(text: string): Record<string, unknown> | null {
  // A scenario of tens of megabytes is not parsed an extra time to find out that it is one.
  if (!text.includes(FORMAT_PREFIX)) return null;
  try {
    const raw: unknown = JSON.parse(withoutBom(text));
    return isRecord(raw) && typeof raw.format === 'string' && raw.format.startsWith(FORMAT_PREFIX)
      ? raw
      : null;
  } catch {
    return null;
  }
}

/**
 * The folder a comparison's `scenario` path is read under. The format's paths are under scenarios/
 * (`examples/…`, `compare/machines/…`), so for a file in a folder named compare it is that
 * folder's parent, as the page reads scenarios/compare/; any other comparison is taken to sit
 * beside its scenarios (a copy taken elsewhere then names a path the error shows, rather than
 * quietly finding a file somewhere up the tree). Standard input's folder is the current one.
 */
export function scenariosFolderOf(file: string): string {
  const dir = file === '-' ? '.' : dirname(file);
  return basename(resolve(dir)) === 'compare' ? join(dir, '..') : dir;
}

/** A comparison file read and checked, with its scenario. */
export interface OpenedComparison {
  comparison: Comparison;
  /** The scenario file, as resolved (what messages name). */
  scenarioPath: string;
  scenario: Scenario;
  /** The scenario file's own warnings, unprefixed. */
  scenarioWarnings: string[];
}

type Opened = { ok: true; opened: OpenedComparison } | { ok: false; problems: string[] };

/** Checks the comparison in `file` (parsed as `raw` from `text`) and reads its scenario. */
export async function openComparison(
  readFile: (path: string) => string,
  file: string,
  raw: Record<string, unknown>,
  text: string,
): Promise<Opened> {
  const name = shownName(file);
  const twice = duplicateKeyProblems(withoutBom(text), raw);
  const read = twice.length ? ({ ok: false, problems: twice } as const) : validateComparison(raw);
  if (!read.ok) return { ok: false, problems: read.problems.map((p) => `${name}: ${p}`) };
  const comparison = read.comparison;
  const scenarioPath = join(scenariosFolderOf(file), comparison.scenario);
  const where = `${name}: $.scenario: `;
  let scenarioText: string;
  try {
    scenarioText = readFile(scenarioPath);
  } catch (e) {
    return { ok: false, problems: [`${where}${readError(scenarioPath, e)}`] };
  }
  const empty = emptyInput(scenarioText, scenarioPath);
  if (empty) return { ok: false, problems: [`${where}${scenarioPath}: ${empty}`] };
  const parsed = await parseScenarioText(scenarioText);
  if (!parsed.ok) {
    if (parsed.internal) throw new Error(parsed.problems.join('; '));
    return { ok: false, problems: parsed.problems.map((p) => `${where}${scenarioPath}: ${p}`) };
  }
  return {
    ok: true,
    opened: { comparison, scenarioPath, scenario: parsed.scenario, scenarioWarnings: parsed.warnings },
  };
}

/**
 * The comparison's worlds as the page opens them: the left world is the scenario under the left
 * side's changes (kernel and command line replaced, fixes and machine switches merged), and the
 * right world runs that machine and those steps under the scenario so changed by the right side.
 */
export function comparisonWorlds(s: Scenario, c: Comparison) {
  const scenario = withConfig(s, c.left);
  return { scenario, left: configOf(scenario), right: configOf(withConfig(s, c.right)) };
}

function problemsOf(r: { problems: string[]; internal?: true }, prefix: string): string[] {
  if (r.internal) throw new Error(r.problems.join('; '));
  return r.problems.map((p) => `${prefix}${p}`);
}

/**
 * Each world checked as a scenario of its own, as the page checks a comparison's: its problems,
 * and its warnings named after what they are about. A warning both worlds and the scenario file
 * have is the file's; one both worlds have, though the file as written does not (its fixes moved
 * to another kernel), is both worlds'; else it names its world. The file's own warnings that
 * neither world has are about a configuration nothing runs, and are left out.
 */
export async function checkWorlds(
  worlds: { left: Scenario; right: Scenario },
  scenarioPath: string,
  scenarioWarnings: readonly string[],
  problemPrefix: (side: 'left' | 'right') => string,
): Promise<{ problems: string[]; warnings: string[] }> {
  const left = await parseScenarioText(JSON.stringify(worlds.left));
  const right = await parseScenarioText(JSON.stringify(worlds.right));
  const problems = [
    ...(left.ok ? [] : problemsOf(left, problemPrefix('left'))),
    ...(right.ok ? [] : problemsOf(right, problemPrefix('right'))),
  ];
  if (!left.ok || !right.ok) return { problems, warnings: [] };
  const own = new Set(scenarioWarnings);
  const inRight = new Set(right.warnings);
  const inLeft = new Set(left.warnings);
  const warnings = [
    ...left.warnings
      .filter((w) => inRight.has(w))
      .map((w) => (own.has(w) ? `${scenarioPath}: ${w}` : `both worlds: ${w}`)),
    ...left.warnings.filter((w) => !inRight.has(w)).map((w) => `the left world: ${w}`),
    ...right.warnings.filter((w) => !inLeft.has(w)).map((w) => `the right world: ${w}`),
  ];
  return { problems, warnings };
}
