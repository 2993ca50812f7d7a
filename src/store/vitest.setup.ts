/**
 * Vitest: the core is loaded before every test file, so the store's actions take effect at once, as
 * they do in the page once the core's code is there (src/store/core.ts). Tests of the wait before
 * that reset the modules.
 */
import { loadCore } from './core';

await loadCore();
