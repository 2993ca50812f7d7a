/**
 * The review fixes' names in kernel-model.md §9's catalogue (and the comparisons' ids): si-free,
 * kdump-no-defer, … Files and the CLI name a fix by its id (FIX_IDS); these only point a reader who
 * uses a catalogue name to it. Apart from fixes.ts: the page's first view does not need them.
 */
import type { FixId } from './types';

export const FIX_CATALOGUE: Record<FixId, string> = {
  'si-domain-free-guard': 'si-free',
  'defer-attach-in-kdump': 'kdump-no-defer',
  'deferred-attach-first': 'kdump-defer-order',
  'hotadd-respects-owner': 'hotadd-owned-group',
  'deferred-attach-any-group-size': 'kdump-multidev',
  'b-32bit-fallback': '32bit-fallback',
};

/** The fix a catalogue name stands for, if it is one. */
export const fixOfCatalogueName = (name: string | undefined): FixId | undefined =>
  (Object.keys(FIX_CATALOGUE) as FixId[]).find((id) => FIX_CATALOGUE[id] === name);
