/** The app's single sandbox store. */
import { DEFAULT_ID, defaultScenario } from './library';
import { createSandboxStore } from './sandbox';

/** The sandbox store the panels read; it opens on the default machine, booted. */
export const useSandbox = createSandboxStore(defaultScenario(), DEFAULT_ID);
export type { Draft, Notice, SandboxState, Selection } from './sandbox';
export { selectMachine, selectRun } from './sandbox';
