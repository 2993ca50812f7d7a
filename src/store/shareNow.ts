/**
 * What the page shows now, as a link carries it: the scenario and step, in compare mode the right
 * world, and what each pane has selected and its log's filters. The share link of it (loaded with share.ts when Share
 * link is first reached), and what Back and Forward bring back (showShare.ts).
 */
import { rightWorld, useCompare, useSandbox } from '.';
import type { CompareStore } from './compare';
import type { OpenedShare } from './openShare';
import { logFiltered, type SandboxStore } from './sandbox';
import { shareUrl } from './share';

/** A view as opening a link shows it. */
export type View = Extract<OpenedShare, { kind: 'ok' }>;

export function viewNow(store: SandboxStore = useSandbox, compare: CompareStore = useCompare): View {
  const { scenario, cursor, libraryId, selection, logFilter } = store.getState();
  const c = compare.getState();
  const right = rightWorld.getState();
  return {
    kind: 'ok',
    scenario,
    cursor,
    libraryId,
    ...(selection ? { selection } : {}),
    ...(logFiltered(logFilter) ? { log: logFilter } : {}),
    ...(c.on
      ? {
          compare: {
            right: c.right,
            comparison: c.comparisonId,
            ...(right.selection ? { selection: right.selection } : {}),
            ...(logFiltered(right.logFilter) ? { log: right.logFilter } : {}),
            ...(c.onlyDifferingLines ? { onlyDiffering: true as const } : {}),
          },
        }
      : {}),
  };
}

export function shareUrlNow(href: string): string {
  const { scenario, cursor, compare, libraryId, selection, log } = viewNow();
  return shareUrl(href, scenario, cursor, compare, { libraryId, selection, log });
}
