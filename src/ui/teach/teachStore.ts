/** Which teaching overlay is open: the glossary (at which entry), the tour (at which stop), the shortcuts. */
import { create } from 'zustand';

interface TeachState {
  /** The glossary panel is open, scrolled to `glossaryEntry` when set. */
  glossaryOpen: boolean;
  glossaryEntry: string | null;
  /** The tour's current stop, or null when it is not running. */
  tourStop: number | null;
  shortcutsOpen: boolean;
  openGlossary(entry?: string): void;
  closeGlossary(): void;
  startTour(): void;
  setTourStop(stop: number | null): void;
  showShortcuts(open: boolean): void;
}

export const useTeach = create<TeachState>()((set) => ({
  glossaryOpen: false,
  glossaryEntry: null,
  tourStop: null,
  shortcutsOpen: false,
  openGlossary: (entry) => set({ glossaryOpen: true, glossaryEntry: entry ?? null }),
  closeGlossary: () => set({ glossaryOpen: false, glossaryEntry: null }),
  startTour: () => set({ tourStop: 0 }),
  setTourStop: (stop) => set({ tourStop: stop }),
  showShortcuts: (open) => set({ shortcutsOpen: open }),
}));
