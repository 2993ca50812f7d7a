/** The Timeline: move between the steps of the scenario, undo and redo changes to it. */
import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { describeStep } from '../kernel/dmesg';
import { diedIn } from '../kernel/stop';
import { rightWorld, useCompare, useSandbox } from '../store';
import type { StepRun } from '../store/timeline';
import { StepAnnouncer } from './StepAnnouncer';
import { scrollWithin } from './scrollWithin';

/**
 * A step as the timeline names it: number, op and target, and the kernel's answer — both worlds'
 * when a comparison's right world (`right`) answers it otherwise ("left ok, right crashed").
 */
export function stepLabel(run: StepRun, i: number, right?: StepRun): string {
  const a = answerWord(run);
  const b = right && answerWord(right);
  return `${i}: ${stepName(run)} — ${b && b !== a ? `left ${a}, right ${b}` : a}`;
}

// A crash with a 2,047-byte command line made a chip thousands of pixels wide.
const stepName = (run: StepRun) => {
  const t = describeStep(run.step);
  return t.length > 60 ? `${t.slice(0, 59)}…` : t;
};

/** The step shown, as the Step slider says it: "Step 2: unbind 00:03.0 — ok (of 4)". */
export const viewedStepText = (run: StepRun | undefined, cursor: number, count: number, right?: StepRun) =>
  run ? `step ${stepLabel(run, cursor, right)} (of ${count})` : 'before the first step: powered off';

const answerWord = (run: StepRun) => (run.ok ? 'ok' : diedIn(run.error) ? 'crashed' : 'refused');

function StepList() {
  const runs = useSandbox((s) => s.runs);
  const cursor = useSandbox((s) => s.cursor);
  // In compare mode the steps are both worlds': a step the right world answers otherwise says so
  // ("ok | crashed"), or the chips would tell only the left world's story.
  const comparing = useCompare((s) => s.on);
  const right = useStore(rightWorld, (s) => s.runs);
  const list = useRef<HTMLOListElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the viewed step changes
  useEffect(() => {
    // Keep the viewed step in sight when the slider or the keyboard moves it.
    const ol = list.current;
    const chip = ol?.querySelector('[aria-current="step"]');
    // Clear of the edges' fades (the list's scroll-padding).
    if (ol && chip) scrollWithin(ol, chip, Number.parseFloat(getComputedStyle(ol).scrollPaddingLeft) || 0);
  }, [cursor]);
  return (
    <ol ref={list} className="step-list" aria-label="Steps">
      {runs.map((run, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: steps are positions on the timeline
        <li key={i}>
          <button
            type="button"
            className={`step-chip ${run.ok ? '' : 'step-refused'} ${i > cursor ? 'step-later' : ''}`}
            aria-current={i === cursor ? 'step' : undefined}
            title={run.error ?? undefined}
            onClick={() => useSandbox.getState().seek(i)}
          >
            <span className="step-num">{i}</span> {stepName(run)}{' '}
            <span className={run.ok ? 'step-ok' : 'step-bad'}>{answerWord(run)}</span>
            {comparing && right[i] && answerWord(right[i]) !== answerWord(run) && (
              <span className={right[i].ok ? 'step-ok' : 'step-bad'}> | {answerWord(right[i])}</span>
            )}
          </button>
        </li>
      ))}
    </ol>
  );
}

// aria-disabled rather than disabled: a button that becomes unusable keeps keyboard focus.
function Btn({
  off,
  onClick,
  title,
  children,
}: {
  off: boolean;
  onClick(): void;
  title?: string;
  children: string;
}) {
  return (
    <button
      type="button"
      className="btn btn-small"
      aria-disabled={off || undefined}
      title={title}
      onClick={() => {
        if (!off) onClick();
      }}
    >
      {children}
    </button>
  );
}

/** Step back/forward, Reset, Undo/Redo and the Step slider. */
export function Timeline() {
  const count = useSandbox((s) => s.runs.length);
  const cursor = useSandbox((s) => s.cursor);
  const current = useSandbox((s) => (s.cursor < 0 ? undefined : s.runs[s.cursor]));
  const canUndo = useSandbox((s) => s.past.length > 0);
  const canRedo = useSandbox((s) => s.future.length > 0);
  // In compare mode, the right world's run of the step: its answer is said beside the left's.
  const comparing = useCompare((s) => s.on);
  const right = useStore(rightWorld, (s) => (comparing ? s.runs[cursor] : undefined));
  const store = useSandbox.getState;
  const text = viewedStepText(current, cursor, count, right);
  const valueText = text[0]!.toUpperCase() + text.slice(1);
  return (
    <section className="panel area-timeline" aria-label="Timeline">
      <h2 className="visually-hidden">Timeline</h2>
      <div className="timeline-controls">
        <Btn off={cursor <= 0} onClick={() => store().reset()} title="Back to the first step">
          Reset
        </Btn>
        <Btn off={cursor <= 0} onClick={() => store().stepBack()}>
          Step back
        </Btn>
        <input
          type="range"
          className="step-slider"
          aria-label="Step"
          aria-valuetext={valueText}
          min={Math.min(0, cursor)}
          max={Math.max(0, count - 1)}
          value={cursor}
          disabled={count === 0}
          onChange={(e) => store().seek(Number(e.target.value))}
        />
        <Btn off={cursor >= count - 1} onClick={() => store().stepForward()}>
          Step forward
        </Btn>
        <span className="spacer" />
        <Btn off={!canUndo} onClick={() => store().undo()} title="Ctrl+Z">
          Undo
        </Btn>
        <Btn off={!canRedo} onClick={() => store().redo()} title="Ctrl+Shift+Z or Ctrl+Y">
          Redo
        </Btn>
      </div>
      <StepList />
      <StepAnnouncer right={right} />
    </section>
  );
}
