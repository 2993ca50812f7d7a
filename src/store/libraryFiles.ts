/**
 * The library's scenario files, each its own chunk, read when a scenario is picked. Apart from
 * library.ts so that the page's first load carries the names only, not a loader per file.
 */
const TEXTS = import.meta.glob<string>('../../scenarios/{examples,library}/*.json', {
  query: '?raw',
  import: 'default',
});

/** The text of the library file with this id (`library/laptop.v6.1`). */
export async function readLibraryFile(id: string): Promise<string> {
  const load = TEXTS[`../../scenarios/${id}.json`];
  if (!load) throw new Error(`No scenario "${id}" in the library`);
  return load();
}
