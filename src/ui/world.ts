/**
 * The world a panel shows: which sandbox store and layout store it reads, and the pane's name in a
 * comparison. The single-pane page never provides one, so its panels read the app's stores.
 */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { type Side, useSandbox } from '../store';
import { type LayoutStore, useLayout } from '../store/layout';
import type { SandboxState, SandboxStore } from '../store/sandbox';

export type { Side };

/** What a panel inside a world reads. */
export interface World {
  store: SandboxStore;
  layout: LayoutStore;
  /** The pane, in compare mode; null on the single-pane page. */
  side: Side | null;
}

const APP_WORLD: World = { store: useSandbox, layout: useLayout, side: null };

/** Provides the world to the panels below (compare mode gives each pane its own). */
export const WorldContext = createContext<World>(APP_WORLD);

/** The world of the panel being rendered. */
export const useWorld = (): World => useContext(WorldContext);

/** Selects from the world's sandbox store, as `useSandbox(selector)` does on the single page. */
export function useWorldState<T>(selector: (s: SandboxState) => T): T {
  return useStore(useWorld().store, selector);
}

/** What accessible names end with in a pane: " (left)", or nothing on the single page. */
export const nameSuffix = (side: Side | null): string => (side ? ` (${side})` : '');
