/**
 * The ready-made comparisons of scenarios/compare/, as the Comparison select lists them: only
 * names and sections are bundled with the page (src/store/loadComparison.ts loads a file).
 */
const NAMES = import.meta.glob<string>('../../scenarios/compare/*.json', { eager: true, import: 'name' });
const CATALOGUE = import.meta.glob<string | undefined>('../../scenarios/compare/*.json', {
  eager: true,
  import: 'catalogue',
});

const DIR = '../../scenarios/compare/';

/** A comparison as the select lists it. */
export interface ComparisonEntry {
  /** File name without `.json`: `si-free`. */
  id: string;
  name: string;
  /** From the §9 catalogue, or the seed discussion. */
  section: 'Bug and fix catalogue' | 'Seed discussion';
}

const idOf = (path: string) => path.slice(DIR.length, -'.json'.length);

/** Every comparison: the catalogue's in §9 order, then the seed discussion's. */
export const COMPARISONS: readonly ComparisonEntry[] = Object.keys(NAMES)
  .map(
    (path): ComparisonEntry => ({
      id: idOf(path),
      name: NAMES[path] ?? idOf(path),
      section: CATALOGUE[path] === 'seed' ? 'Seed discussion' : 'Bug and fix catalogue',
    }),
  )
  .sort((a, b) => a.section.localeCompare(b.section) || rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));

// §9's order, so the select reads like the catalogue.
function rank(id: string): number {
  const order = ['si-free', 'kdump-no-defer', 'kdump-defer-order', 'hotadd-owned-group', 'kdump-multidev'];
  const i = order.indexOf(id);
  return i < 0 ? order.length : i;
}
