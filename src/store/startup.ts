/**
 * What the page opens on: a share link in the URL, else the saved state, else the default machine
 * (already in the store). A damaged link is announced and the saved or default state shown instead.
 */
import type { CompareStore } from './compare';
import { useCompare } from './index';
import type { LayoutPort } from './persist';
import { clearSaved, readSaved } from './persist';
import type { SandboxStore } from './sandbox';

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
    const { openShareHash } = await import('./openShare');
    const opened = await openShareHash(hash);
    // The link has been read: a reload should show the user's later work, not the link again.
    history.replaceState(null, '', window.location.pathname + window.location.search);
    if (
      opened.kind === 'ok' &&
      tryLoad(store, () => store.getState().load(opened.scenario, { cursor: opened.cursor, fresh: true }))
    ) {
      if (opened.compare && compare)
        compare.getState().start(opened.compare.right, opened.compare.comparison);
      return;
    }
    if (opened.kind === 'damaged') {
      restoreSaved(store, layout);
      store.getState().notify({ kind: 'error', title: 'Share link not opened', text: opened.message });
      return;
    }
  }
  restoreSaved(store, layout);
}

function restoreSaved(store: SandboxStore, layout?: LayoutPort): void {
  const saved = readSaved();
  if (!saved) return;
  const ok = tryLoad(store, () => {
    store.getState().load(saved.scenario, { cursor: saved.cursor, libraryId: saved.libraryId, fresh: true });
    layout?.set(saved.positions);
  });
  if (!ok) clearSaved();
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
