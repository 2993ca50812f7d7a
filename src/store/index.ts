/** The app's stores: the sandbox, and compare mode's second world. */
import { createCompareStore, emptyWorld } from './compare';
import { DEFAULT_ID, defaultScenario } from './defaultRun';
import { createSandboxStore } from './sandbox';

/** The sandbox store the panels read; it opens on the default machine, booted. */
export const useSandbox = createSandboxStore(defaultScenario(), DEFAULT_ID);
/** The right pane's world in compare mode (empty until compare mode starts). */
export const rightWorld = emptyWorld(useSandbox);
/** Compare mode: whether it is on, the right world's configuration, what the panes point at. */
export const useCompare = createCompareStore(useSandbox, rightWorld);
export type { Pointer, Side } from './compare';
export type { Draft, Notice, SandboxState, Selection } from './sandbox';
export { selectMachine, selectRun } from './sandbox';
