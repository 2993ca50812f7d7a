/**
 * Showing a share link, at start-up or pasted into the address bar of a tab that already shows
 * the page, and the page in the tab's history. Loaded with the link's validator, not the page.
 *
 * The page never adds a history entry of its own (it only replaces the current one, which fires
 * no event): an entry comes when the user goes to another hash of the page — a pasted share link
 * — and Back and Forward move between them. startup.ts tags the page's first entry and calls
 * `follow` on every popstate. Entries are told apart by a number in their history.state; what
 * the page showed when the user left an entry is kept here, so that coming back to it shows it
 * again, as a step Undo can take back. A reload keeps the tab's entries (and Back to them does
 * not load the page again) but not what was kept: an entry that was a share link then opens the
 * link again, and another leaves the page as it is.
 */
import type { CompareStore } from './compare';
import { selectDraftChanged } from './draftChanged';
import { rightWorld } from './index';
import { type OpenedShare, openShareHash } from './openShare';
import { type Draft, type SandboxStore, type Selection, selectMachine } from './sandbox';
import { type View, viewNow } from './shareNow';
import { coreFor, tryLoad } from './startup';

/** Opens a link pasted into the running page, as a step Undo can take back. */
async function openPastedLink(hash: string, store: SandboxStore, compare: CompareStore): Promise<void> {
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

/** What the page keeps in history.state: the entry's number, and the share link it was. */
interface Entry {
  entry: number;
  link?: string;
}

// Entries are numbered by when they were made (ms since 1970): unique across reloads, and in
// history order. startup.ts numbers the page's first entry with the page's time origin.
let current = performance.timeOrigin;
let last = current;
const left = new Map<number, View>();
// The settings each pane had edited and not booted when it was left: coming back restores them.
type Edits = { page?: Draft; right?: Draft };
const edits = new Map<number, Edits>();

function editsNow(store: SandboxStore, compare: CompareStore): Edits {
  const page = store.getState();
  const right = rightWorld.getState();
  return {
    ...(selectDraftChanged(page) ? { page: page.draft } : {}),
    ...(compare.getState().on && selectDraftChanged(right) ? { right: right.draft } : {}),
  };
}
// One move at a time: opening a link waits for the validator, and Back may come meanwhile.
let queue = Promise.resolve();

/** Shows what the tab's current history entry holds (it may be the one shown: nothing to do). */
export function follow(store: SandboxStore, compare: CompareStore): Promise<void> {
  queue = queue
    .then(() => show(store, compare))
    .catch((e) => {
      console.error('Could not follow the browser history', e);
    });
  return queue;
}

async function show(store: SandboxStore, compare: CompareStore): Promise<void> {
  const state = history.state as Partial<Entry> | null;
  const hash = location.hash;
  const pasted = hash.startsWith('#s=') ? hash : undefined;
  let entry = state?.entry;
  if (entry === current) return;
  if (entry === undefined) {
    // A new entry: tag it, at once (a later move would tag another), and take the link out of
    // the address bar, as at startup.
    last = Math.max(last + 1, Date.now());
    entry = last;
    const tag: Entry = pasted ? { entry, link: pasted } : { entry };
    history.replaceState(tag, '', pasted ? location.pathname + location.search : undefined);
  }
  left.set(current, viewNow(store, compare));
  const leaving = editsNow(store, compare);
  edits.set(current, leaving);
  const back = entry < current;
  current = entry;
  const kept = left.get(entry);
  if (kept) return restore(kept, edits.get(entry) ?? {}, back, leaving, store, compare);
  const link = pasted ?? state?.link;
  if (link) await openPastedLink(link, store, compare);
}

async function restore(
  view: View,
  kept: Edits,
  back: boolean,
  leaving: Edits,
  store: SandboxStore,
  compare: CompareStore,
): Promise<void> {
  const now = viewNow(store, compare);
  if (sameView(view, now) || !(await coreFor(view.scenario, view.compare !== undefined))) return;
  if (!showOpened(store, compare, view, false)) return;
  if (kept.page) store.getState().editDraft(kept.page);
  if (kept.right && view.compare) rightWorld.getState().editDraft(kept.right);
  const unbooted = leaving.page || leaving.right;
  store.getState().notify({
    kind: 'info',
    text: `Went ${back ? 'back to the earlier' : 'forward to the later'} view. Undo brings back the one you left${
      unbooted ? `; ${back ? 'Forward' : 'Back'} brings it back with the settings you had not booted` : ''
    }.`,
  });
}

// What was left is what is shown (a move to a hash that is not a link, and back).
const sameView = (a: View, b: View) =>
  a.scenario === b.scenario &&
  a.cursor === b.cursor &&
  a.libraryId === b.libraryId &&
  a.compare?.right === b.compare?.right &&
  a.compare?.comparison === b.compare?.comparison;

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
  filterShared(store, opened.log);
  if (opened.compare) {
    selectShared(rightWorld, opened.compare.selection);
    filterShared(rightWorld, opened.compare.log);
    compare.getState().showOnlyDifferingLines(opened.compare.onlyDiffering === true);
  }
  return true;
}

// Longer than any address or label: a link made by hand, whose filter is left out.
const FILTER_TEXT_UP_TO = 200;
const filterText = (v: unknown) => (typeof v === 'string' && v.length <= FILTER_TEXT_UP_TO ? v : '');

/** Filters the log as a link says (all of it if the link says nothing: it shows what it carries). */
function filterShared(store: SandboxStore, raw: unknown): void {
  const f = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  store
    .getState()
    .filterLog({ device: filterText(f.device), kind: filterText(f.kind), upTo: f.upTo === true });
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
