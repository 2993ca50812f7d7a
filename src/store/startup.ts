/**
 * What the page opens on: a share link in the URL, else the saved state, else the default machine
 * (already in the store). A damaged link is announced and the saved or default state shown instead.
 * Any other machine than the default waits for the core's code before the first render, so the
 * page never flashes the default machine first.
 */

import type { Scenario } from '../kernel/types';
import type { CompareStore } from './compare';
import { loadCore, readyFor } from './core';
import { rightWorld, useCompare } from './index';
import type { OpenedShare } from './openShare';
import type { LayoutPort } from './persist';
import { clearSaved, readSaved } from './persist';
import { type SandboxStore, type Selection, selectMachine } from './sandbox';

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
  if (hash.startsWith('#s=')) {
    openedOnLink = true;
    // A link seldom carries the default machine: the core downloads alongside the validator.
    loadCore().catch(() => undefined);
    const { openShareHash } = await import('./openShare');
    const opened = await openShareHash(hash);
    // The link has been read: a reload should show the user's later work, not the link again.
    history.replaceState(null, '', window.location.pathname + window.location.search);
    if (
      opened.kind === 'ok' &&
      (await coreFor(opened.scenario, opened.compare !== undefined)) &&
      showOpened(store, compare, opened, true)
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
 * A share link pasted into the address bar of a tab that already shows the page changes only the
 * hash, so the page does not load again: it opens here instead, as a step Undo can take back
 * (compare mode follows the link: on with its right world, or off). A damaged link changes nothing
 * and says why. Returns the function that stops listening.
 */
export function openPastedLinks(store: SandboxStore, compare: CompareStore = useCompare): () => void {
  const open = async () => {
    const hash = window.location.hash;
    if (!hash.startsWith('#s=')) return;
    history.replaceState(null, '', window.location.pathname + window.location.search);
    const { openShareHash } = await import('./openShare');
    const opened = await openShareHash(hash);
    if (opened.kind === 'damaged') {
      store.getState().notify({ kind: 'error', title: 'Share link not opened', text: opened.message });
      return;
    }
    if (opened.kind !== 'ok') return;
    if (!(await coreFor(opened.scenario, opened.compare !== undefined))) {
      store.getState().notify({
        kind: 'error',
        title: 'Share link not opened',
        text: 'The simulation could not be loaded.',
      });
      return;
    }
    if (!showOpened(store, compare, opened, false)) return;
    store
      .getState()
      .notify({ kind: 'info', text: 'Opened the share link. Undo brings back what was shown before.' });
  };
  const listener = () => void open();
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

/**
 * Shows what an opened link carries: its scenario at its step (as the library entry it came from),
 * compare mode as the link has it, and what was selected in each pane if that is still there.
 * `fresh`: the page's opening state (no undo history). False if the scenario cannot be loaded.
 */
function showOpened(
  store: SandboxStore,
  compare: CompareStore,
  opened: Extract<OpenedShare, { kind: 'ok' }>,
  fresh: boolean,
): boolean {
  const { scenario, cursor, libraryId } = opened;
  if (!tryLoad(store, () => store.getState().load(scenario, { cursor, libraryId, fresh }))) return false;
  if (opened.compare) compare.getState().start(opened.compare.right, opened.compare.comparison);
  else if (compare.getState().on) compare.getState().stop();
  selectShared(store, opened.selection);
  if (opened.compare) selectShared(rightWorld, opened.compare.selection);
  return true;
}

/** Selects what a link says was selected, if it is a device, group or domain of the machine shown. */
function selectShared(store: SandboxStore, raw: unknown): void {
  if (typeof raw !== 'object' || raw === null) return;
  const { kind, id } = raw as { kind?: unknown; id?: unknown };
  const m = selectMachine(store.getState());
  let sel: Selection | null = null;
  if (kind === 'device' && typeof id === 'string' && Object.hasOwn(m.devices, id)) sel = { kind, id };
  else if (kind === 'group' && typeof id === 'number' && Object.hasOwn(m.groups, String(id)))
    sel = { kind, id };
  else if (kind === 'domain' && typeof id === 'string' && Object.hasOwn(m.domains, id)) sel = { kind, id };
  if (sel) store.getState().select(sel);
}

/** Waits until `scenario` (and in compare mode, its other world) can be run; false if it cannot. */
async function coreFor(scenario: Scenario, compare: boolean): Promise<boolean> {
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
function tryLoad(store: SandboxStore, load: () => void): boolean {
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
