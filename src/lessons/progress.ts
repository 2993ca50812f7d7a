/**
 * The learner's progress through the lessons (completed ones, the lesson open, hints shown,
 * questions answered). Progress is kept in localStorage
 * under a versioned key; whatever is found there is checked field by field, and anything that is
 * not what this version writes is dropped. It loads with the lessons panel.
 */
import { create } from 'zustand';

export const PROGRESS_KEY = 'iommu-sandbox/lessons@1';

export interface Progress {
  completed: string[];
  current: string | null;
  /** Hints shown, per lesson id. */
  hints: Record<string, number>;
  /** Lessons whose question was answered right. */
  explained: string[];
}

export interface LessonsState extends Progress {
  /** Show a lesson, or the list (null). */
  choose(id: string | null): void;
  /** One more hint of lesson `id`, up to `count`. */
  revealHint(id: string, count: number): void;
  complete(id: string): void;
  explain(id: string): void;
}

const EMPTY: Progress = { completed: [], current: null, hints: {}, explained: [] };
const MAX_HINTS = 10;
// Lesson ids are short kebab-case words; anything else in storage is not ours.
const isId = (v: unknown): v is string => typeof v === 'string' && /^[a-z0-9-]{1,64}$/.test(v);
const ids = (v: unknown): string[] => (Array.isArray(v) ? [...new Set(v.filter(isId))] : []);

function hintCounts(v: unknown): Record<string, number> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return {};
  const out: Record<string, number> = {};
  for (const [id, n] of Object.entries(v))
    if (isId(id) && Number.isInteger(n) && (n as number) > 0) out[id] = Math.min(n as number, MAX_HINTS);
  return out;
}

/** What a saved text holds, as far as it can be trusted; empty progress when nothing can. */
export function parseProgress(text: string | null): Progress {
  if (text === null) return EMPTY;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return EMPTY;
  }
  if (typeof raw !== 'object' || raw === null || (raw as { v?: unknown }).v !== 1) return EMPTY;
  const r = raw as Record<string, unknown>;
  return {
    completed: ids(r.completed),
    current: isId(r.current) ? r.current : null,
    hints: hintCounts(r.hints),
    explained: ids(r.explained),
  };
}

function read(storage: Storage | null): Progress {
  try {
    return parseProgress(storage?.getItem(PROGRESS_KEY) ?? null);
  } catch {
    return EMPTY; // Storage disabled (privacy mode).
  }
}

function write(storage: Storage | null, p: Progress): void {
  const { completed, current, hints, explained } = p;
  try {
    storage?.setItem(PROGRESS_KEY, JSON.stringify({ v: 1, completed, current, hints, explained }));
  } catch {
    // Full or disabled storage: progress lasts until the page is closed.
  }
}

/** A lessons store over `storage` (null: nothing is kept). */
export function createLessonsStore(storage: Storage | null) {
  const store = create<LessonsState>()((set, get) => ({
    ...read(storage),
    choose: (current) => set({ current }),
    revealHint(id, count) {
      const shown = get().hints[id] ?? 0;
      if (shown < count) set({ hints: { ...get().hints, [id]: shown + 1 } });
    },
    complete(id) {
      if (!get().completed.includes(id)) set({ completed: [...get().completed, id] });
    },
    explain(id) {
      if (!get().explained.includes(id)) set({ explained: [...get().explained, id] });
    },
  }));
  store.subscribe((s, prev) => {
    const changed =
      s.completed !== prev.completed ||
      s.current !== prev.current ||
      s.hints !== prev.hints ||
      s.explained !== prev.explained;
    if (changed) write(storage, s);
  });
  return store;
}

export type LessonsStore = ReturnType<typeof createLessonsStore>;

function browserStorage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}

/** The page's lessons store. */
export const useLessons = createLessonsStore(browserStorage());
