/**
 * The built-in scenario library: every file under scenarios/ (the worked examples and the review
 * cases, laptop and server of scenarios/library/). Only names and descriptions are bundled; a
 * scenario's devices and steps load when it is picked. The default machine is bundled whole.
 */
import laptop from '../../scenarios/library/laptop.v6.1.json';
import type { Scenario } from '../kernel/types';

// Named JSON imports are tree-shaken: the first load carries two strings per file, not the file.
const NAMES = import.meta.glob<string>('../../scenarios/{examples,library}/*.json', {
  eager: true,
  import: 'name',
});
const DESCRIPTIONS = import.meta.glob<string>('../../scenarios/{examples,library}/*.json', {
  eager: true,
  import: 'description',
});
// `?raw` makes these other modules than the eager ones above, so the bundler can split them off.
const TEXTS = import.meta.glob<string>('../../scenarios/{examples,library}/*.json', {
  query: '?raw',
  import: 'default',
});

const PREFIX = '../../scenarios/';

/** One scenario of the library, as the Scenario picker lists it. */
export interface LibraryEntry {
  /** Path under scenarios/ without `.json`: `library/laptop.v6.1`, `examples/e07-…`. */
  id: string;
  name: string;
  description: string;
  section: 'Machines and review cases' | 'Worked examples';
}

/** The id of the scenario the page opens on. */
export const DEFAULT_ID = 'library/laptop.v6.1';

const idOf = (path: string) => path.slice(PREFIX.length, -'.json'.length);

function rank(id: string): string {
  // The default first, then the machines, then the review cases; examples in file order.
  if (id === DEFAULT_ID) return '0';
  if (id.startsWith('library/review-')) return `2${id}`;
  if (id.startsWith('library/')) return `1${id}`;
  return `3${id}`;
}

/** Every scenario of the library, in the order the picker shows them. */
export const LIBRARY: readonly LibraryEntry[] = Object.keys(NAMES)
  .map(
    (path): LibraryEntry => ({
      id: idOf(path),
      name: NAMES[path] ?? idOf(path),
      description: DESCRIPTIONS[path] ?? '',
      section: path.startsWith(`${PREFIX}library/`) ? 'Machines and review cases' : 'Worked examples',
    }),
  )
  .sort((a, b) => rank(a.id).localeCompare(rank(b.id)));

/** The library entry with this id, if any. */
export function libraryEntry(id: string | null): LibraryEntry | undefined {
  return id === null ? undefined : LIBRARY.find((e) => e.id === id);
}

/** The machine the page opens on: booted by its first step. */
export function defaultScenario(): Scenario {
  return structuredClone(laptop) as Scenario;
}

/**
 * Loads a library scenario. The files are checked by src/store/library.test.ts, so they are not
 * validated again here (which would pull the schema code into the first scenario switch).
 */
export async function loadLibraryScenario(id: string): Promise<Scenario> {
  if (id === DEFAULT_ID) return defaultScenario();
  const load = TEXTS[`${PREFIX}${id}.json`];
  if (!load) throw new Error(`No scenario "${id}" in the library`);
  return JSON.parse(await load()) as Scenario;
}
