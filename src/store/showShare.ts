/**
 * Showing an opened share link: its scenario, compare mode and selections (at start-up, or a link
 * pasted into a tab that already shows the page). Loaded with the link's validator, not the page.
 */
import type { CompareStore } from './compare';
import { rightWorld } from './index';
import { type OpenedShare, openShareHash } from './openShare';
import { type SandboxStore, type Selection, selectMachine } from './sandbox';
import { coreFor, tryLoad } from './startup';

/** Opens a link pasted into the running page, as a step Undo can take back. */
export async function openPastedLink(
  hash: string,
  store: SandboxStore,
  compare: CompareStore,
): Promise<void> {
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
}

/**
 * Shows what an opened link carries: its scenario at its step (as the library entry it came from),
 * compare mode as the link has it, and what was selected in each pane if that is still there.
 * `fresh`: the page's opening state (no undo history). False if the scenario cannot be loaded.
 */
export function showOpened(
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
