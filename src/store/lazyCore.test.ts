import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Scenario } from '../kernel/types';

// Fresh modules, so that the core has not loaded yet (vitest.setup.ts loads it for other tests).
let core: typeof import('./core');
let sandbox: typeof import('./sandbox');
let defaults: typeof import('./defaultRun');
beforeEach(async () => {
  vi.resetModules();
  core = await import('./core');
  sandbox = await import('./sandbox');
  defaults = await import('./defaultRun');
});

describe('the store before the core has loaded', () => {
  it('opens on the default machine, booted, and steps through it', () => {
    const store = sandbox.createSandboxStore(defaults.defaultScenario(), defaults.DEFAULT_ID);
    expect(core.coreNow()).toBeNull();
    expect(store.getState().cursor).toBe(1);
    expect(sandbox.selectMachine(store.getState()).booted).toBe(true);
    store.getState().stepBack();
    expect(store.getState().cursor).toBe(0);
    // The same machine from a save or a link (keys in another order) needs no core either.
    store.getState().load(JSON.parse(JSON.stringify(defaults.defaultScenario())), { cursor: 1, fresh: true });
    expect(store.getState().cursor).toBe(1);
    expect(core.coreNow()).toBeNull();
  });

  it('runs actions that need the core once it has loaded, in the order they were called', async () => {
    const store = sandbox.createSandboxStore(defaults.defaultScenario(), defaults.DEFAULT_ID);
    const before = store.getState();
    store.getState().act({ op: 'rescan' });
    store.getState().select({ kind: 'group', id: 0 });
    store.getState().stepBack();
    expect(store.getState()).toBe(before);
    await core.loadCore();
    const s = store.getState();
    expect(s.scenario.steps.at(-1)).toEqual({ op: 'rescan' });
    expect(s.selection).toEqual({ kind: 'group', id: 0 });
    expect(s.cursor).toBe(s.runs.length - 2);
  });

  it('boots another configuration once the core has loaded', async () => {
    const store = sandbox.createSandboxStore(defaults.defaultScenario(), defaults.DEFAULT_ID);
    store.getState().editDraft({ cmdline: 'iommu=pt' });
    store.getState().boot();
    expect(store.getState().scenario.cmdline).toBe('ro quiet');
    await core.loadCore();
    expect(store.getState().scenario.cmdline).toBe('iommu=pt');
    expect(store.getState().past).toHaveLength(1);
  });

  it('needs the core for any other first machine', () => {
    const other: Scenario = { ...defaults.defaultScenario(), kernel: 'v5.3' };
    expect(() => sandbox.createSandboxStore(other)).toThrow('has not loaded');
  });
});
