/** Whether demo mode is on and playing; the step keys read it to offer the demo's extra keys. */
import { create } from 'zustand';
import type { DemoParams } from './demoParams';

interface DemoState {
  params: DemoParams | null;
  playing: boolean;
  start(params: DemoParams): void;
  setPlaying(playing: boolean): void;
  stop(): void;
}

export const useDemo = create<DemoState>()((set) => ({
  params: null,
  playing: false,
  start: (params) => set({ params, playing: false }),
  setPlaying: (playing) => set({ playing }),
  stop: () => set({ params: null, playing: false }),
}));
