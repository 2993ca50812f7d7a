/**
 * The running sandbox: the scenario, the machine after every step, the step being viewed, the
 * configuration being edited before the next Boot, undo/redo, and what is selected.
 * Components select narrowly from it; nothing here imports React components.
 */
import { create } from 'zustand';
import { faultName } from '../kernel/faultNames';
import { diedIn } from '../kernel/stop';
import type { Fault, FixId, KernelId, Machine, MachineSpec, Scenario, Step } from '../kernel/types';
import { canRunNow, coreNow, loadCore, runNow } from './core';
import { selectDraftChanged } from './draftChanged';
import type { StepRun } from './timeline';
import { undoNotice } from './undoNotice';

export type Selection =
  | { kind: 'device'; id: string }
  | { kind: 'group'; id: number }
  | { kind: 'domain'; id: string };

/** What the config panel edits; applied to the scenario by Boot. */
/** The event log's filters: a device (a word of its address or name), a kind, all steps so far. */
export interface LogFilter {
  device: string;
  kind: string;
  upTo: boolean;
}

export const NO_LOG_FILTER: LogFilter = { device: '', kind: '', upTo: false };
export const logFiltered = (f: LogFilter) => f.device !== '' || f.kind !== '' || f.upTo;

export interface Draft {
  kernel: KernelId;
  fixes: Partial<Record<FixId, boolean>>;
  cmdline: string;
  machine: MachineSpec;
}

interface Snapshot {
  scenario: Scenario;
  cursor: number;
  /** What the Scenario select showed, so that undoing a pick shows the earlier one again. */
  libraryId: string | null;
}

/** A message for the user: a refused step (the kernel's errno and message), a fault, an import problem. */
export interface Notice {
  kind: 'error' | 'info';
  /** A short heading: "The kernel refused the step", "Use-after-free". */
  title?: string;
  text: string;
  /** Lines under the text: the problems of an import, with their JSON paths. */
  details?: string[];
  /** Lines past the first few details, folded: a live region must not read out hundreds. */
  more?: string[];
  /** A step the notice speaks of, and its button's label ("Show the boot"). */
  seek?: { label: string; cursor: number };
}

/**
 * The state and its actions. Actions take effect in the order they are called: those that run the
 * core (load, boot, act, undo, redo) wait for its code if it has not loaded yet (src/store/core.ts),
 * and so do the actions called after them.
 */
export interface SandboxState {
  scenario: Scenario;
  /** Built-in scenario the current one started from, if any. */
  libraryId: string | null;
  initial: Machine;
  runs: StepRun[];
  /** Index into runs of the step being viewed (-1: before the first step). */
  cursor: number;
  draft: Draft;
  past: Snapshot[];
  future: Snapshot[];
  selection: Selection | null;
  /** Event selected in the log: its nodes are highlighted. */
  focusEvent: { step: number; index: number } | null;
  notice: Notice | null;
  /** Kept across loads, as a view of whatever is shown; a share link carries it. */
  logFilter: LogFilter;

  /** Show a scenario; `fresh` drops undo history (restoring a saved state or a share link). */
  load(s: Scenario, opts?: { libraryId?: string | null; cursor?: number; fresh?: boolean }): void;
  editDraft(patch: Partial<Draft>): void;
  boot(): void;
  act(step: Step): void;
  seek(cursor: number): void;
  stepBack(): void;
  stepForward(): void;
  reset(): void;
  undo(): void;
  redo(): void;
  select(sel: Selection | null): void;
  focus(ev: { step: number; index: number } | null): void;
  notify(n: Notice | null): void;
  filterLog(patch: Partial<LogFilter>): void;
}

const draftOf = (s: Scenario): Draft => ({
  kernel: s.kernel,
  fixes: { ...(s.fixes ?? {}) },
  cmdline: s.cmdline ?? '',
  machine: { ...(s.machine ?? {}) },
});

// Capitalised: a notice's title and the start of each of its lines.
const named = (f: Fault) => {
  const name = faultName(f);
  return name[0]!.toUpperCase() + name.slice(1);
};

/** What the user must see after an action: the kernel's refusal, or the faults it caused. */
function stepNotice(run: StepRun, from: Machine): Notice | null {
  // Faults are what a review is looking for, so they are announced even when the step succeeded.
  const faults = run.machine.faults.slice(from.faults.length);
  const details = faults.map(
    (f) => `${named(f)} in ${f.fn}(): ${f.message}${f.inferred ? ' [inferred]' : ''}`,
  );
  if (!run.ok)
    return {
      kind: 'error',
      title: diedIn(run.error) ? 'The kernel crashed in this step' : 'The kernel refused the step',
      text: run.error ?? 'refused',
      ...(details.length ? { details } : {}),
    };
  if (faults.length === 0) return null;
  const kinds = [...new Set(faults.map(named))].join(', ');
  return {
    kind: 'error',
    title: kinds,
    text: 'The step ran, and a real machine would now misbehave:',
    details,
  };
}

/** The machine shown at `cursor` (-1: powered off). */
function machineAt(initial: Machine, runs: StepRun[], cursor: number): Machine {
  return cursor < 0 ? initial : (runs[Math.min(cursor, runs.length - 1)]?.machine ?? initial);
}

// Undo and redo of steps (added or taken away at the end) keep the view of an earlier step the
// reader stepped back to; from the last step they go where the change was made. Any other undo
// (another scenario, a boot) goes back to the step viewed then.
const keptCursor = (cursor: number, runs: number, target: number) => (cursor < runs - 1 ? cursor : target);

// Only called once canRunNow(s) holds (the action queue sees to it).
function rebuild(s: Scenario, cursor: number) {
  const run = runNow(s);
  if (!run) throw new Error('The simulation core has not loaded yet');
  const { initial, runs } = run;
  return { scenario: s, initial, runs, cursor: Math.max(-1, Math.min(cursor, runs.length - 1)) };
}

/** The scenario Boot runs: the draft's configuration, booting first if no step does. */
function booted({ scenario, draft }: Pick<SandboxState, 'scenario' | 'draft'>): Scenario {
  const steps: Step[] = scenario.steps.some((st) => st.op === 'boot')
    ? scenario.steps
    : [{ op: 'boot' }, ...scenario.steps];
  // Another kernel means the core has loaded (only the default machine's own run is precomputed).
  const core = coreNow();
  const name = core?.nameOnKernel(scenario.name, scenario.kernel, draft.kernel) ?? scenario.name;
  const description =
    core?.descriptionOnKernel(scenario.description, scenario.kernel, draft.kernel) ?? scenario.description;
  return {
    ...scenario,
    ...(name === undefined ? {} : { name }),
    ...(description === undefined ? {} : { description }),
    kernel: draft.kernel,
    fixes: draft.fixes,
    cmdline: draft.cmdline,
    machine: draft.machine,
    steps,
  };
}

/**
 * The store. Created once; tests create their own with `createSandboxStore`. Until the core has
 * loaded, `first` must be the default machine (up to some step).
 */
export function createSandboxStore(first: Scenario, firstLibraryId: string | null = null) {
  return create<SandboxState>()((set, get) => {
    const remember = (): Pick<SandboxState, 'past' | 'future'> => ({
      past: [
        ...get().past.slice(-99),
        { scenario: get().scenario, cursor: get().cursor, libraryId: get().libraryId },
      ],
      future: [],
    });

    // Actions waiting for the core, in call order; `draining` while they run (an action that
    // calls another runs it at once, in its place in the order).
    const waiting: (() => void)[] = [];
    let draining = false;
    const drain = () => {
      draining = true;
      try {
        while (waiting.length > 0) {
          try {
            waiting.shift()!();
          } catch (e) {
            // The caller has moved on: what it would have caught is shown instead.
            set({ notice: { kind: 'error', title: 'The simulation failed', text: String(e) } });
          }
        }
      } finally {
        draining = false;
      }
    };
    const unavailable = (e: unknown) => {
      waiting.length = 0;
      set({ notice: { kind: 'error', title: 'The simulation could not be loaded', text: String(e) } });
    };
    /** Runs `action` now if it is `ready` and nothing waits before it, else once the core has loaded. */
    const perform = (action: () => void, ready = true) => {
      if (draining || (waiting.length === 0 && ready)) return action();
      waiting.push(action);
      if (waiting.length === 1) loadCore().then(drain, unavailable);
    };

    return {
      ...rebuild(first, first.steps.length - 1),
      libraryId: firstLibraryId,
      draft: draftOf(first),
      past: [],
      future: [],
      selection: null,
      focusEvent: null,
      notice: null,
      logFilter: NO_LOG_FILTER,

      load(s, opts = {}) {
        perform(
          () =>
            set({
              ...(opts.fresh ? { past: [], future: [] } : remember()),
              ...rebuild(s, opts.cursor ?? s.steps.length - 1),
              libraryId: opts.libraryId ?? null,
              draft: draftOf(s),
              selection: null,
              focusEvent: null,
              notice: null,
            }),
          canRunNow(s),
        );
      },
      editDraft(patch) {
        perform(() => set({ draft: { ...get().draft, ...patch } }));
      },
      boot() {
        perform(
          () => {
            const next = booted(get());
            const built = rebuild(next, Math.max(get().cursor, 0));
            // The view stays on its step: say where the boot's own lines went (its command line's).
            const later: Notice | null =
              built.cursor > 0
                ? {
                    kind: 'info',
                    text: `Booted. The view stays on step ${built.cursor}; the boot's messages are on step 0.`,
                    seek: { label: 'Show the boot', cursor: 0 },
                  }
                : null;
            set({ ...remember(), ...built, focusEvent: null, notice: later });
          },
          canRunNow(booted(get())),
        );
      },
      act(step) {
        perform(() => {
          const { scenario, runs, cursor, initial } = get();
          const kept = scenario.steps.slice(0, cursor + 1);
          const from = machineAt(initial, runs, cursor);
          const [run] = coreNow()!.runSteps(from, [step]);
          if (!run) return;
          // A powered-off machine has no kernel to answer: say why, and keep no step that a later
          // Boot would replay as if it had been asked of a running kernel.
          if (!from.booted && !run.ok) return set({ notice: stepNotice(run, from) });
          // A reboot uses the scenario's settings: edited ones wait for Boot, which says so.
          const edited = step.op === 'boot' && selectDraftChanged(get());
          set({
            ...remember(),
            scenario: { ...scenario, steps: [...kept, step] },
            runs: [...runs.slice(0, cursor + 1), run],
            cursor: cursor + 1,
            focusEvent: null,
            notice: edited
              ? {
                  kind: 'info',
                  text: 'Rebooted with the scenario’s settings; Boot applies the ones you edited.',
                }
              : stepNotice(run, from),
          });
        }, coreNow() !== null);
      },
      seek(c) {
        // The notice answers the last action; the log of each step keeps its own refusal.
        perform(() =>
          set({ cursor: Math.max(-1, Math.min(c, get().runs.length - 1)), focusEvent: null, notice: null }),
        );
      },
      stepBack() {
        perform(() => get().seek(get().cursor - 1));
      },
      stepForward() {
        perform(() => get().seek(get().cursor + 1));
      },
      reset() {
        get().seek(0);
      },
      undo() {
        const target = get().past.at(-1);
        perform(() => {
          const { past, future, scenario, cursor, libraryId, runs } = get();
          const prev = past[past.length - 1];
          if (!prev) return;
          const notice = undoNotice('Undone', scenario, prev.scenario);
          set({
            ...rebuild(prev.scenario, notice ? keptCursor(cursor, runs.length, prev.cursor) : prev.cursor),
            draft: draftOf(prev.scenario),
            libraryId: prev.libraryId,
            past: past.slice(0, -1),
            future: [{ scenario, cursor, libraryId }, ...future],
            focusEvent: null,
            notice,
          });
        }, !target || canRunNow(target.scenario));
      },
      redo() {
        const target = get().future[0];
        perform(() => {
          const { past, future, scenario, cursor, libraryId, runs } = get();
          const next = future[0];
          if (!next) return;
          const notice = undoNotice('Redone', scenario, next.scenario);
          set({
            ...rebuild(next.scenario, notice ? keptCursor(cursor, runs.length, next.cursor) : next.cursor),
            draft: draftOf(next.scenario),
            libraryId: next.libraryId,
            past: [...past, { scenario, cursor, libraryId }],
            future: future.slice(1),
            focusEvent: null,
            notice,
          });
        }, !target || canRunNow(target.scenario));
      },
      select(sel) {
        perform(() => set({ selection: sel }));
      },
      focus(ev) {
        perform(() => set({ focusEvent: ev }));
      },
      notify(n) {
        perform(() => set({ notice: n }));
      },
      // Not behind the core: a filter changes only what the log shows.
      filterLog(patch) {
        set({ logFilter: { ...get().logFilter, ...patch } });
      },
    };
  });
}

export type SandboxStore = ReturnType<typeof createSandboxStore>;

/** The machine being viewed. */
export const selectMachine = (s: SandboxState) => machineAt(s.initial, s.runs, s.cursor);
/** The step run being viewed, if any. */
export const selectRun = (s: SandboxState): StepRun | undefined =>
  s.cursor < 0 ? undefined : s.runs[s.cursor];
