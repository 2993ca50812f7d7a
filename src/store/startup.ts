/**
 * What the page opens on: a share link in the URL, else the saved state, else the default machine
 * (already in the store). A damaged link is announced and the saved or default state shown instead.
 * Any other machine than the default waits for the core's code before the first render, so the
 * page never flashes the default machine first.
 */

import type { Scenario } from '../kernel/types';
import type { CompareStore } from './compare';
import { loadCore, readyFor } from './core';
import { useCompare } from './index';
import type { LayoutPort } from './persist';
import { clearSaved, readSaved } from './persist';
import type { SandboxStore } from './sandbox';

/** Whether the page opened on a share link (the first-visit tour then stays out of its way). */
export let openedOnLink = false;

/**
 * Puts the opening state into the store before the first render (a link in compare mode also
 * starts `compare`, the app's compare mode unless told otherwise). Never throws.
 */
export async function restoreStartState(
  store: SandboxStore,
  layout?: LayoutPort,
  compare: CompareStore = useCompare,
): Promise<void> {
  const hash = window.location.hash;
  // The page's first entry in the tab's history (showShare.ts). A link leaves the address bar
  // once read: a reload should show the user's later work, not the link again.
  history.replaceState({ entry: performance.timeOrigin }, '', location.href.split('#s=')[0]);
  if (hash.startsWith('#s=')) {
    openedOnLink = true;
    // A link seldom carries the default machine: the core downloads alongside the validator.
    loadCore().catch(() => undefined);
    const { openShareHash } = await import('./openShare');
    const opened = await openShareHash(hash);
    if (
      opened.kind === 'ok' &&
      (await coreFor(opened.scenario, opened.compare !== undefined)) &&
      (await import('./showShare')).showOpened(store, compare, opened, true)
    )
      return;
    if (opened.kind === 'damaged') {
      await restoreSaved(store, layout, compare);
      store.getState().notify({ kind: 'error', title: 'Share link not opened', text: opened.message });
      return;
    }
  }
  await restoreSaved(store, layout, compare);
}

/**
 * Back, Forward and a share link pasted into the address bar of a tab already showing the page
 * (only the hash changes, so the page does not load again): the page follows them in
 * showShare.ts, loaded on the first. Every move between entries of a page, a new hash
 * included, fires popstate (hashchange comes after it, for the same move).
 */
export function followHistory(store: SandboxStore, compare: CompareStore = useCompare): void {
  addEventListener('popstate', () => void import('./showShare').then((m) => m.follow(store, compare)));
}

/** Waits until `scenario` (and in compare mode, its other world) can be run; false if it cannot. */
export async function coreFor(scenario: Scenario, compare: boolean): Promise<boolean> {
  try {
    await (compare ? loadCore() : readyFor(scenario));
    return true;
  } catch (e) {
    console.error('Could not load the simulation core', e);
    return false;
  }
}

async function restoreSaved(store: SandboxStore, layout?: LayoutPort, compare?: CompareStore): Promise<void> {
  const saved = readSaved();
  if (!saved || !(await coreFor(saved.scenario, saved.compare !== undefined))) return;
  const ok = tryLoad(store, () => {
    store.getState().load(saved.scenario, { cursor: saved.cursor, libraryId: saved.libraryId, fresh: true });
    layout?.set(saved.positions);
  });
  if (!ok) {
    clearSaved();
    return;
  }
  const again = saved.compare;
  if (!again || !compare) return;
  try {
    compare.getState().start(again.right, again.comparisonId);
  } catch (e) {
    // The right world no longer loads (a kernel renamed since): the sandbox alone is restored.
    console.error('Could not restore compare mode', e);
    compare.getState().stop();
  }
}

// A save from an older build may describe something the core now rejects; the default stays.
export function tryLoad(store: SandboxStore, load: () => void): boolean {
  const before = store.getState();
  try {
    load();
    return true;
  } catch (e) {
    console.error('Could not restore the saved sandbox state', e);
    store.setState(before, true);
    return false;
  }
}
