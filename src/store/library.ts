/**
 * The built-in scenario library: every file under scenarios/ (the worked examples and the review
 * cases, laptop and server of scenarios/library/). Only names are bundled with the page; a
 * scenario's description, devices and steps load when it is picked (libraryFiles.ts). The default
 * machine is bundled whole (defaultRun.ts).
 */
import type { Scenario } from '../kernel/types';
import { DEFAULT_ID, defaultScenario } from './defaultRun';

export { DEFAULT_ID, defaultScenario };

// Named JSON imports are tree-shaken: the first load carries each file's name, not the file.
const NAMES = import.meta.glob<string>('../../scenarios/{examples,library}/*.json', {
  eager: true,
  import: 'name',
});
const PREFIX = '../../scenarios/';

/** One scenario of the library, as the Scenario picker lists it. */
export interface LibraryEntry {
  /** Path under scenarios/ without `.json`: `library/laptop.v6.1`, `examples/e07-…`. */
  id: string;
  name: string;
  section: 'Machines and review cases' | 'Worked examples';
}

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
      section: path.startsWith(`${PREFIX}library/`) ? 'Machines and review cases' : 'Worked examples',
    }),
  )
  .sort((a, b) => rank(a.id).localeCompare(rank(b.id)));

/** The library entry with this id, if any. */
export function libraryEntry(id: string | null): LibraryEntry | undefined {
  return id === null ? undefined : LIBRARY.find((e) => e.id === id);
}

/**
 * Loads a library scenario. The files are checked by src/store/library.test.ts, so they are not
 * validated again here (which would pull the schema code into the first scenario switch).
 */
export async function loadLibraryScenario(id: string): Promise<Scenario> {
  if (id === DEFAULT_ID) return defaultScenario();
  const { readLibraryFile } = await import('./libraryFiles');
  return JSON.parse(await readLibraryFile(id)) as Scenario;
}
