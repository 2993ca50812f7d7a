/**
 * The running sandbox: the scenario, the machine after every step, the step being viewed, the
 * configuration being edited before the next Boot, undo/redo, and what is selected.
 * Components select narrowly from it; nothing here imports React components.
 */
import { create } from 'zustand';
import type { Fault, FixId, KernelId, Machine, MachineSpec, Scenario, Step } from '../kernel/types';
import { machineAt, runAll, runSteps, type StepRun } from './timeline';

export type Selection =
  | { kind: 'device'; id: string }
  | { kind: 'group'; id: number }
  | { kind: 'domain'; id: string };

/** What the config panel edits; applied to the scenario by Boot. */
export interface Draft {
  kernel: KernelId;
  fixes: Partial<Record<FixId, boolean>>;
  cmdline: string;
  machine: MachineSpec;
}

interface Snapshot {
  scenario: Scenario;
  cursor: number;
}

/** A message for the user: a refused step (the kernel's errno and message), a fault, an import problem. */
export interface Notice {
  kind: 'error' | 'info';
  /** A short heading: "The kernel refused the step", "Use-after-free". */
  title?: string;
  text: string;
  /** Lines under the text: the problems of an import, with their JSON paths. */
  details?: string[];
}

export interface SandboxState {
  scenario: Scenario;
  /** Built-in scenario the current one started from, if any. */
  libraryId: string | null;
  initial: ReturnType<typeof runAll>['initial'];
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
}

const draftOf = (s: Scenario): Draft => ({
  kernel: s.kernel,
  fixes: { ...(s.fixes ?? {}) },
  cmdline: s.cmdline ?? '',
  machine: { ...(s.machine ?? {}) },
});

const FAULT_NAMES: Record<Fault['kind'], string> = {
  'use-after-free': 'Use-after-free',
  'double-free': 'Double free',
  'dma-fault': 'DMA fault',
  'kernel-crash': 'Kernel crash',
  leak: 'Leak',
  'isolation-broken': 'Isolation broken',
};

/** What the user must see after an action: the kernel's refusal, or the faults it caused. */
function stepNotice(run: StepRun, from: Machine): Notice | null {
  // Faults are what a review is looking for, so they are announced even when the step succeeded.
  const faults = run.machine.faults.slice(from.faults.length);
  const details = faults.map(
    (f) => `${FAULT_NAMES[f.kind]} in ${f.fn}(): ${f.message}${f.inferred ? ' [inferred]' : ''}`,
  );
  if (!run.ok)
    return {
      kind: 'error',
      title: 'The kernel refused the step',
      text: run.error ?? 'refused',
      ...(details.length ? { details } : {}),
    };
  if (faults.length === 0) return null;
  const kinds = [...new Set(faults.map((f) => FAULT_NAMES[f.kind]))].join(', ');
  return {
    kind: 'error',
    title: kinds,
    text: 'The step ran, and a real machine would now misbehave:',
    details,
  };
}

function rebuild(s: Scenario, cursor: number) {
  const { initial, runs } = runAll(s);
  return { scenario: s, initial, runs, cursor: Math.max(-1, Math.min(cursor, runs.length - 1)) };
}

/** The store. Created once; tests create their own with `createSandboxStore`. */
export function createSandboxStore(first: Scenario, firstLibraryId: string | null = null) {
  return create<SandboxState>()((set, get) => {
    const remember = (): Pick<SandboxState, 'past' | 'future'> => ({
      past: [...get().past.slice(-99), { scenario: get().scenario, cursor: get().cursor }],
      future: [],
    });
    return {
      ...rebuild(first, first.steps.length - 1),
      libraryId: firstLibraryId,
      draft: draftOf(first),
      past: [],
      future: [],
      selection: null,
      focusEvent: null,
      notice: null,

      load(s, opts = {}) {
        set({
          ...(opts.fresh ? { past: [], future: [] } : remember()),
          ...rebuild(s, opts.cursor ?? s.steps.length - 1),
          libraryId: opts.libraryId ?? null,
          draft: draftOf(s),
          selection: null,
          focusEvent: null,
          notice: null,
        });
      },
      editDraft(patch) {
        set({ draft: { ...get().draft, ...patch } });
      },
      boot() {
        const { scenario, draft, cursor } = get();
        const steps: Step[] = scenario.steps.some((st) => st.op === 'boot')
          ? scenario.steps
          : [{ op: 'boot' }, ...scenario.steps];
        const next: Scenario = {
          ...scenario,
          kernel: draft.kernel,
          fixes: draft.fixes,
          cmdline: draft.cmdline,
          machine: draft.machine,
          steps,
        };
        set({ ...remember(), ...rebuild(next, Math.max(cursor, 0)), focusEvent: null, notice: null });
      },
      act(step) {
        const { scenario, runs, cursor, initial } = get();
        const kept = scenario.steps.slice(0, cursor + 1);
        const from = machineAt(initial, runs, cursor);
        const [run] = runSteps(from, [step]);
        if (!run) return;
        set({
          ...remember(),
          scenario: { ...scenario, steps: [...kept, step] },
          runs: [...runs.slice(0, cursor + 1), run],
          cursor: cursor + 1,
          focusEvent: null,
          notice: stepNotice(run, from),
        });
      },
      seek(c) {
        set({ cursor: Math.max(-1, Math.min(c, get().runs.length - 1)), focusEvent: null });
      },
      stepBack() {
        get().seek(get().cursor - 1);
      },
      stepForward() {
        get().seek(get().cursor + 1);
      },
      reset() {
        get().seek(0);
      },
      undo() {
        const { past, future, scenario, cursor } = get();
        const prev = past[past.length - 1];
        if (!prev) return;
        set({
          ...rebuild(prev.scenario, prev.cursor),
          draft: draftOf(prev.scenario),
          past: past.slice(0, -1),
          future: [{ scenario, cursor }, ...future],
          focusEvent: null,
          notice: null,
        });
      },
      redo() {
        const { past, future, scenario, cursor } = get();
        const next = future[0];
        if (!next) return;
        set({
          ...rebuild(next.scenario, next.cursor),
          draft: draftOf(next.scenario),
          past: [...past, { scenario, cursor }],
          future: future.slice(1),
          focusEvent: null,
          notice: null,
        });
      },
      select(sel) {
        set({ selection: sel });
      },
      focus(ev) {
        set({ focusEvent: ev });
      },
      notify(n) {
        set({ notice: n });
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
