/**
 * Opening a share link: read the hash, validate the scenario it carries (and in compare mode the
 * right world's; the validator and zod load here, on demand), and say what is wrong in one
 * sentence when the link is damaged.
 */
import { applyConfig, configOf, type WorldConfig } from '../compare/variant';
import type { Scenario } from '../kernel/types';
import { readShareHash } from './share';

/** What opening a link gives: nothing to open, a scenario to show, or the message for a damaged link. */
export type OpenedShare =
  | { kind: 'none' }
  | {
      kind: 'ok';
      scenario: Scenario;
      cursor: number;
      /** The library entry the scenario came from, when the library has it under that name. */
      libraryId: string | null;
      /** What was selected (unchecked: selectShared checks it against the machine). */
      selection?: unknown;
      /** The log's filters (unchecked: showOpened checks them). */
      log?: unknown;
      /** Compare mode: the right world's configuration and the comparison shown. */
      compare?: {
        right: WorldConfig;
        comparison: string | null;
        selection?: unknown;
        log?: unknown;
        onlyDiffering?: true;
      };
    }
  | { kind: 'damaged'; message: string };

const PREFIX = 'The share link is damaged: ';

/** Reads and validates a share link's hash. Never throws. */
export async function openShareHash(hash: string): Promise<OpenedShare> {
  const read = readShareHash(hash);
  if (read.kind === 'none') return read;
  if (read.kind === 'damaged') return { kind: 'damaged', message: PREFIX + read.reason };
  const { validateScenario, duplicateKeyProblems } = await import('../scenario/validate');
  // The sandbox never writes a key twice: such a link was made by hand, and would open as
  // whichever copy JSON.parse kept.
  const twice = duplicateKeyProblems(read.json.text, read.json.value, false);
  if (twice.length > 0)
    return { kind: 'damaged', message: `${PREFIX}its data has a key written twice: ${twice.join('; ')}.` };
  const checked = validateScenario(read.payload.scenario);
  if (!checked.ok) {
    const more = checked.problems.length > 1 ? ` (and ${checked.problems.length - 1} more)` : '';
    return { kind: 'damaged', message: `${PREFIX}its scenario is not valid: ${checked.problems[0]}${more}.` };
  }
  const last = checked.scenario.steps.length - 1;
  const { libraryId, selection, log } = read.payload;
  const entry = libraryId ? (await import('./library')).libraryEntry(libraryId) : undefined;
  const opened = {
    kind: 'ok' as const,
    scenario: checked.scenario,
    cursor: Math.min(read.payload.cursor, last),
    libraryId: entry && entry.name === checked.scenario.name ? entry.id : null,
    ...(selection !== undefined ? { selection } : {}),
    ...(log !== undefined ? { log } : {}),
  };
  const compare = read.payload.compare;
  if (!compare) return opened;
  // The right world is the same scenario under the link's configuration: validate it as one.
  const right = validateScenario(applyConfig(checked.scenario, compare.right as WorldConfig));
  if (!right.ok)
    return { kind: 'damaged', message: `${PREFIX}its right-hand world is not valid: ${right.problems[0]}.` };
  return {
    ...opened,
    compare: {
      right: configOf(right.scenario),
      comparison: compare.comparison,
      selection: compare.selection,
      log: compare.log,
      ...(compare.onlyDiffering ? { onlyDiffering: true as const } : {}),
    },
  };
}
