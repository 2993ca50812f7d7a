/**
 * Compare mode: a second world (the right pane) over the machine and steps of the app's sandbox
 * (the left pane). The right world follows the left's cursor, actions, undo and scenario changes;
 * each side keeps its own kernel, fixes, command line and machine switches, and Boot applies both.
 */
import { create } from 'zustand';
import { applyConfig, configOf, type WorldConfig, withConfig } from '../compare/variant';
import { resolveFixes } from '../kernel/fixes';
import { machineDefaults } from '../kernel/machineDefaults';
import type { Scenario } from '../kernel/types';
import {
  createSandboxStore,
  type Draft,
  NO_LOG_FILTER,
  type SandboxState,
  type SandboxStore,
} from './sandbox';

/** A pane of a comparison. */
export type Side = 'left' | 'right';

/** What a pane points at (hover or focus): a node, and the key its counterpart has in the other pane. */
export interface Pointer {
  side: Side;
  node: string;
  key: string;
}

/** A ready-made comparison being opened: the scenario and what each side changes in it. */
export interface OpenComparison {
  id: string | null;
  scenario: Scenario;
  left: Partial<WorldConfig>;
  right: Partial<WorldConfig>;
  libraryId?: string | null;
  cursor?: number;
}

/** Compare mode's state (plain data) and its actions. */
export interface CompareState {
  on: boolean;
  /** The ready-made comparison shown (its id under scenarios/compare/), until another machine is picked. */
  comparisonId: string | null;
  /** What the right world runs with; the left's is its scenario's. */
  right: WorldConfig;
  pointer: Pointer | null;
  /** The difference picked in the Differences panel (see `diffKey`). */
  picked: string | null;
  /** The kernel logs show only the lines one world printed and the other did not. */
  onlyDifferingLines: boolean;
  /** Compare mode on: the right world runs `right` (default: the left's configuration). */
  start(right?: WorldConfig, comparisonId?: string | null): void;
  stop(): void;
  /** Shows a ready-made comparison, from its first step unless told otherwise. */
  open(c: OpenComparison): void;
  /** Boots both worlds with their drafts. */
  boot(): void;
  point(p: Pointer | null): void;
  pick(key: string | null): void;
  showOnlyDifferingLines(on: boolean): void;
}

const configOfDraft = (d: Draft): WorldConfig => ({
  kernel: d.kernel,
  fixes: { ...d.fixes },
  cmdline: d.cmdline,
  machine: { ...d.machine },
});

/** Whether two worlds boot alike: the same kernel, command line, fixes and machine switches in effect. */
const sameWorld = (a: WorldConfig, b: WorldConfig) =>
  a.kernel === b.kernel &&
  a.cmdline === b.cmdline &&
  JSON.stringify(resolveFixes(a.kernel, a.fixes)) === JSON.stringify(resolveFixes(b.kernel, b.fixes)) &&
  JSON.stringify(machineDefaults(a.machine)) === JSON.stringify(machineDefaults(b.machine));

const sameConfig = (a: Scenario, b: Scenario) =>
  a.kernel === b.kernel && a.fixes === b.fixes && a.cmdline === b.cmdline && a.machine === b.machine;

// The left world's `act` keeps the steps up to the cursor and appends one: the right can do the same
// step instead of running the whole scenario again.
function appendedStep(s: SandboxState, prev: SandboxState) {
  const steps = s.scenario.steps;
  const ok =
    s.scenario.devices === prev.scenario.devices &&
    sameConfig(s.scenario, prev.scenario) &&
    s.cursor === prev.cursor + 1 &&
    steps.length === s.cursor + 1 &&
    steps.slice(0, s.cursor).every((st, i) => st === prev.scenario.steps[i]);
  return ok ? steps[s.cursor] : undefined;
}

/** Compare mode as it was when the left world showed a scenario (what Undo and Redo bring back). */
interface Saved {
  on: boolean;
  right: WorldConfig;
  comparisonId: string | null;
}

/** The compare store over `left` (the app's sandbox); `right` is the second world's sandbox. */
export function createCompareStore(left: SandboxStore, right: SandboxStore) {
  return create<CompareState>()((set, get) => {
    let unfollow: (() => void) | null = null;
    let paused = false;
    // Undo and redo hand the left world a scenario object it showed before: compare mode goes
    // back to what it was then (on or off, its right world, its comparison), not a mix of both.
    const seen = new WeakMap<Scenario, Saved>();
    const remember = () => {
      const { on, right: config, comparisonId } = get();
      seen.set(left.getState().scenario, { on, right: config, comparisonId });
    };

    const rebuild = (config: WorldConfig, keepDraft: boolean) => {
      const { scenario, cursor } = left.getState();
      const draft = right.getState().draft;
      right.getState().load(applyConfig(scenario, config), { cursor, fresh: true });
      // Settings typed into the right pane but not booted yet survive the left's undo or step.
      if (keepDraft) right.getState().editDraft(draft);
    };

    const follow = (s: SandboxState, prev: SandboxState) => {
      // One selection at a time across the panes: it is what the compare mode's actions act on.
      if (s.selection && s.selection !== prev.selection) right.getState().select(null);
      if (paused) return;
      if (s.scenario === prev.scenario) {
        if (s.cursor !== prev.cursor) right.getState().seek(s.cursor);
        return;
      }
      const step = appendedStep(s, prev);
      if (step && right.getState().cursor === prev.cursor) right.getState().act(step);
      else rebuild(get().right, true);
      if (s.libraryId !== prev.libraryId || s.scenario.devices !== prev.scenario.devices)
        set({ comparisonId: null, picked: null });
    };

    // The right world's selection clears the left's, while compare mode is on.
    const listen = () => {
      unfollow ??= right.subscribe((s, prev) => {
        if (s.selection && s.selection !== prev.selection) left.getState().select(null);
      });
    };

    // A scenario seen before with compare mode otherwise: that mode again. True when restored.
    const restored = (s: SandboxState, prev: SandboxState): boolean => {
      if (paused || s.scenario === prev.scenario) return false;
      const saved = seen.get(s.scenario);
      const now = get();
      if (
        !saved ||
        (saved.on === now.on && saved.right === now.right && saved.comparisonId === now.comparisonId)
      )
        return false;
      if (saved.on) get().start(saved.right, saved.comparisonId);
      else get().stop();
      return true;
    };
    left.subscribe((s, prev) => {
      if (restored(s, prev)) return;
      if (get().on) follow(s, prev);
      if (s.scenario !== prev.scenario && !paused && !seen.has(s.scenario)) remember();
    });

    return {
      on: false,
      comparisonId: null,
      right: configOf(left.getState().scenario),
      pointer: null,
      picked: null,
      onlyDifferingLines: false,

      start(config = configOf(left.getState().scenario), comparisonId = null) {
        set({ on: true, right: config, comparisonId, pointer: null, picked: null });
        rebuild(config, false);
        listen();
        remember();
      },
      stop() {
        unfollow?.();
        unfollow = null;
        set({ on: false, comparisonId: null, pointer: null, picked: null, onlyDifferingLines: false });
        // The next comparison's right log starts unfiltered, as the pane it shows is new.
        right.getState().filterLog(NO_LOG_FILTER);
        remember();
      },
      open(c) {
        const config = configOf(withConfig(c.scenario, c.right));
        const own = get().on && get().comparisonId === null;
        remember();
        paused = true;
        try {
          left.getState().load(withConfig(c.scenario, c.left), {
            libraryId: c.libraryId ?? null,
            cursor: c.cursor ?? 0,
          });
        } finally {
          paused = false;
        }
        get().start(config, c.id);
        // Replaced without asking, as any pick is: Undo is the way back.
        if (own && c.id !== null)
          left
            .getState()
            .notify({ kind: 'info', text: 'Your own comparison was replaced: Undo brings it back.' });
      },
      boot() {
        const next = configOfDraft(right.getState().draft);
        const l = left.getState();
        // Booted otherwise than the ready-made comparison set it up, it is the reader's own: its
        // name and description (on the page, in an image, in a link) no longer fit it.
        const edited =
          !sameWorld(next, get().right) || !sameWorld(configOfDraft(l.draft), configOf(l.scenario));
        set({ right: next, ...(edited ? { comparisonId: null } : {}) });
        left.getState().boot();
        if (!unfollow) rebuild(get().right, false);
        remember();
      },
      point(p) {
        const cur = get().pointer;
        if (cur?.side === p?.side && cur?.node === p?.node) return;
        set({ pointer: p });
      },
      pick(key) {
        set({ picked: key });
      },
      showOnlyDifferingLines(on) {
        set({ onlyDifferingLines: on });
      },
    };
  });
}

/** The compare store, as the page uses it. */
export type CompareStore = ReturnType<typeof createCompareStore>;

/** A second sandbox that starts empty (compare mode fills it). */
export const emptyWorld = (left: SandboxStore): SandboxStore =>
  createSandboxStore({ ...left.getState().scenario, steps: [] });
