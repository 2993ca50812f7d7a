/** Which teaching overlay is open: the glossary (at which entry), the tour (at which stop), the shortcuts. */
import { create } from 'zustand';

interface TeachState {
  /** The glossary panel is open, scrolled to `glossaryEntry` when set. */
  glossaryOpen: boolean;
  glossaryEntry: string | null;
  /** It stands at the left of the page: away from the term that opened it (see Term). */
  glossaryLeft: boolean;
  /** The tour's current stop, or null when it is not running. */
  tourStop: number | null;
  shortcutsOpen: boolean;
  /** `left`: at the left of the page; left out, where it was (at the right when it was closed). */
  openGlossary(entry?: string, left?: boolean): void;
  closeGlossary(): void;
  startTour(): void;
  setTourStop(stop: number | null): void;
  showShortcuts(open: boolean): void;
}

export const useTeach = create<TeachState>()((set) => ({
  glossaryOpen: false,
  glossaryEntry: null,
  glossaryLeft: false,
  tourStop: null,
  shortcutsOpen: false,
  openGlossary: (entry, left) =>
    set((s) => ({ glossaryOpen: true, glossaryEntry: entry ?? null, glossaryLeft: left ?? s.glossaryLeft })),
  closeGlossary: () => set({ glossaryOpen: false, glossaryEntry: null, glossaryLeft: false }),
  startTour: () => set({ tourStop: 0 }),
  setTourStop: (stop) => set({ tourStop: stop }),
  showShortcuts: (open) => set({ shortcutsOpen: open }),
}));
