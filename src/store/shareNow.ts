/**
 * What the page shows now, as a link carries it: the scenario and step, in compare mode the right
 * world, and what each pane has selected. The share link of it (loaded with share.ts when Share
 * link is first reached), and what Back and Forward bring back (showShare.ts).
 */
import { rightWorld, useCompare, useSandbox } from '.';
import type { CompareStore } from './compare';
import type { OpenedShare } from './openShare';
import type { SandboxStore } from './sandbox';
import { shareUrl } from './share';

/** A view as opening a link shows it. */
export type View = Extract<OpenedShare, { kind: 'ok' }>;

export function viewNow(store: SandboxStore = useSandbox, compare: CompareStore = useCompare): View {
  const { scenario, cursor, libraryId, selection } = store.getState();
  const c = compare.getState();
  const rightSelection = rightWorld.getState().selection;
  return {
    kind: 'ok',
    scenario,
    cursor,
    libraryId,
    ...(selection ? { selection } : {}),
    ...(c.on
      ? {
          compare: {
            right: c.right,
            comparison: c.comparisonId,
            ...(rightSelection ? { selection: rightSelection } : {}),
          },
        }
      : {}),
  };
}

export function shareUrlNow(href: string): string {
  const { scenario, cursor, compare, libraryId, selection } = viewNow();
  return shareUrl(href, scenario, cursor, compare, { libraryId, selection });
}
