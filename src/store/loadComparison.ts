/**
 * Loading a ready-made comparison: the file and its scenario load when it is picked, and are
 * checked then (the comparison's shape by src/compare/comparison.ts, both worlds' scenarios by the
 * scenario validator, which loads on demand with zod).
 */
import { type Comparison, validateComparison } from '../compare/comparison';
import { withConfig } from '../compare/variant';
import type { Scenario } from '../kernel/types';
import { LIBRARY, loadLibraryScenario } from './library';

const TEXTS = import.meta.glob<string>('../../scenarios/compare/*.json', {
  query: '?raw',
  import: 'default',
});
const MACHINES = import.meta.glob<string>('../../scenarios/compare/machines/*.json', {
  query: '?raw',
  import: 'default',
});
const DIR = '../../scenarios/compare/';

/**
 * A comparison's description, by its id ('' if there is none). Read from the file, so that the
 * page's first load carries the comparisons' names only.
 */
export async function comparisonDescription(id: string): Promise<string> {
  const load = TEXTS[`${DIR}${id}.json`];
  if (!load) return '';
  try {
    const raw = JSON.parse(await load()) as { description?: unknown };
    return typeof raw.description === 'string' ? raw.description : '';
  } catch {
    return '';
  }
}

/** A comparison that cannot be opened, with what is wrong in it. */
export class ComparisonError extends Error {
  constructor(
    id: string,
    readonly problems: string[],
  ) {
    super(`The comparison "${id}" cannot be opened`);
  }
}

/** A comparison, loaded and checked: the file, its scenario and the scenario's library id (if any). */
export interface LoadedComparison {
  id: string;
  comparison: Comparison;
  scenario: Scenario;
  libraryId: string | null;
}

async function scenarioAt(path: string): Promise<{ scenario: unknown; libraryId: string | null }> {
  const id = path.slice(0, -'.json'.length);
  if (LIBRARY.some((e) => e.id === id)) return { scenario: await loadLibraryScenario(id), libraryId: id };
  const machine = MACHINES[`../../scenarios/${path}`];
  if (!machine) throw new Error(`no scenario file scenarios/${path}`);
  return { scenario: JSON.parse(await machine()), libraryId: null };
}

/** Loads a comparison and checks it and both of its worlds. Throws ComparisonError. */
export async function loadComparison(id: string): Promise<LoadedComparison> {
  const load = TEXTS[`${DIR}${id}.json`];
  if (!load) throw new ComparisonError(id, [`no file scenarios/compare/${id}.json`]);
  let raw: unknown;
  try {
    raw = JSON.parse(await load());
  } catch (e) {
    throw new ComparisonError(id, [`$: not JSON (${(e as Error).message})`]);
  }
  const read = validateComparison(raw);
  if (!read.ok) throw new ComparisonError(id, read.problems);
  const c = read.comparison;
  let found: Awaited<ReturnType<typeof scenarioAt>>;
  try {
    found = await scenarioAt(c.scenario);
  } catch (e) {
    throw new ComparisonError(id, [`$.scenario: ${(e as Error).message}`]);
  }
  const { validateScenario } = await import('../scenario/validate');
  const checked = validateScenario(found.scenario);
  if (!checked.ok)
    throw new ComparisonError(
      id,
      checked.problems.map((p) => `${c.scenario}: ${p}`),
    );
  const problems = (['left', 'right'] as const).flatMap((side) => {
    const world = validateScenario(withConfig(checked.scenario, c[side]));
    return world.ok ? [] : world.problems.map((p) => `$.${side}: ${p}`);
  });
  if (problems.length) throw new ComparisonError(id, problems);
  return { id, comparison: c, scenario: checked.scenario, libraryId: found.libraryId };
}
