/**
 * The state that survives a reload: the scenario, the viewed step, the library id, the node
 * positions and compare mode (the right world's configuration), in localStorage under a versioned
 * key. Old saves go through MIGRATIONS first; a
 * save that cannot be read is dropped (the page opens on the default machine) rather than trusted.
 */
import type { WorldConfig } from '../compare/variant';
import type { Scenario } from '../kernel/types';
import type { CompareStore } from './compare';
import type { SandboxStore } from './sandbox';

/** The localStorage key; the suffix is the save format's version. */
export const STORAGE_KEY = 'iommu-sandbox/state@1';
const VERSION = 1;

/** Node positions as the graph's layout store keeps them. */
export type Positions = Record<string, { x: number; y: number }>;

/** What is saved. */
export interface SavedState {
  v: 1;
  scenario: Scenario;
  cursor: number;
  libraryId: string | null;
  positions: Positions;
  /** Compare mode, when it was on (added within version 1: older saves simply lack it). */
  compare?: SavedCompare;
}

/** Compare mode as saved: the right world's configuration and the ready-made comparison shown. */
export interface SavedCompare {
  right: WorldConfig;
  comparisonId: string | null;
}

/**
 * Saves of older versions, keyed by the version they upgrade from, each returning the next
 * version's shape. Empty while there is one version; the key of a new version gets the old one in
 * LEGACY_KEYS so that a save written before the upgrade is still found.
 */
const MIGRATIONS: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {};
const LEGACY_KEYS: string[] = [];

/** The layout store, seen through what persisting needs (the graph engineer owns it). */
export interface LayoutPort {
  get(): Positions;
  set(p: Positions): void;
  subscribe(listener: () => void): () => void;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

// A light check: this is our own save, but it may be from an older build or edited by hand.
function looksLikeScenario(v: unknown): v is Scenario {
  return isRecord(v) && typeof v.kernel === 'string' && Array.isArray(v.devices) && Array.isArray(v.steps);
}

// The kernel and fixes are checked again when the world is rebuilt; a bad value fails that load.
function readCompare(v: unknown): SavedCompare | undefined {
  if (!isRecord(v) || !isRecord(v.right)) return undefined;
  const { kernel, fixes, cmdline, machine } = v.right;
  if (typeof kernel !== 'string' || !isRecord(fixes) || typeof cmdline !== 'string' || !isRecord(machine))
    return undefined;
  return {
    right: { kernel, fixes, cmdline, machine } as WorldConfig,
    comparisonId: typeof v.comparisonId === 'string' ? v.comparisonId : null,
  };
}

function upgrade(raw: unknown): SavedState | null {
  if (!isRecord(raw) || typeof raw.v !== 'number') return null;
  let s = raw;
  while ((s.v as number) < VERSION) {
    const up = MIGRATIONS[s.v as number];
    if (!up) return null;
    s = up(s);
  }
  if (s.v !== VERSION || !looksLikeScenario(s.scenario) || typeof s.cursor !== 'number') return null;
  const compare = readCompare(s.compare);
  return {
    v: 1,
    scenario: s.scenario,
    cursor: s.cursor,
    libraryId: typeof s.libraryId === 'string' ? s.libraryId : null,
    positions: isRecord(s.positions) ? (s.positions as Positions) : {},
    ...(compare ? { compare } : {}),
  };
}

/** The saved state, if there is a readable one. */
export function readSaved(storage: Storage = localStorage): SavedState | null {
  for (const key of [STORAGE_KEY, ...LEGACY_KEYS]) {
    let text: string | null = null;
    try {
      text = storage.getItem(key);
    } catch {
      return null; // Storage disabled (privacy mode): nothing was saved.
    }
    if (text === null) continue;
    try {
      return upgrade(JSON.parse(text));
    } catch {
      return null;
    }
  }
  return null;
}

/** Writes the state; a full or disabled storage is not an error worth showing. */
export function writeSaved(state: SavedState, storage: Storage = localStorage): void {
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(state));
  } catch {
    // Quota exceeded or storage disabled: the session still works, it just will not survive a reload.
  }
}

/** Forgets the saved state (after it failed to load). */
export function clearSaved(storage: Storage = localStorage): void {
  try {
    storage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing to clear.
  }
}

/**
 * Saves the store (and the layout and compare mode, if given) whenever they change, at most every
 * `delay` ms.
 */
export function startPersisting(
  store: SandboxStore,
  layout?: LayoutPort,
  compare?: CompareStore,
  delay = 300,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    timer = undefined;
    const { scenario, cursor, libraryId } = store.getState();
    const c = compare?.getState();
    writeSaved({
      v: 1,
      scenario,
      cursor,
      libraryId,
      positions: layout?.get() ?? {},
      ...(c?.on ? { compare: { right: c.right, comparisonId: c.comparisonId } } : {}),
    });
  };
  const schedule = () => {
    if (timer === undefined) timer = setTimeout(save, delay);
  };
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.scenario !== prev.scenario || s.cursor !== prev.cursor || s.libraryId !== prev.libraryId)
      schedule();
  });
  const unsubscribeLayout = layout?.subscribe(schedule);
  const unsubscribeCompare = compare?.subscribe((s, prev) => {
    if (s.on !== prev.on || s.right !== prev.right || s.comparisonId !== prev.comparisonId) schedule();
  });
  // A reload straight after a change must not lose it.
  const flush = () => {
    if (timer !== undefined) {
      clearTimeout(timer);
      save();
    }
  };
  window.addEventListener('pagehide', flush);
  return () => {
    flush();
    unsubscribe();
    unsubscribeLayout?.();
    unsubscribeCompare?.();
    window.removeEventListener('pagehide', flush);
  };
}
