/**
 * The share link of what the page shows now (loaded with share.ts when Share link is first reached):
 * the scenario and step, in compare mode the right world, and what each pane has selected.
 */
import { rightWorld, useCompare, useSandbox } from '.';
import { shareUrl } from './share';

export function shareUrlNow(href: string): string {
  const { scenario, cursor, libraryId, selection } = useSandbox.getState();
  const c = useCompare.getState();
  const rightSelection = rightWorld.getState().selection;
  const compare = c.on
    ? {
        right: c.right,
        comparison: c.comparisonId,
        ...(rightSelection ? { selection: rightSelection } : {}),
      }
    : undefined;
  return shareUrl(href, scenario, cursor, compare, { libraryId, selection });
}
