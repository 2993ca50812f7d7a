/**
 * The Event log: what the kernel printed in the viewed step (or every step up to it), dmesg-style,
 * each line with its kernel function and why. Picking a line highlights what it touched in the graph.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { describeStep } from '../kernel/dmesg';
import { diedIn } from '../kernel/stop';
import type { EventKind, KernelEvent } from '../kernel/types';
import { selectMachine } from '../store';
import type { StepRun } from '../store/timeline';
import { EventRow } from './EventRow';
import { useRememberedFlag } from './useRememberedFlag';
import { nameSuffix, useWorld, useWorldState } from './world';

/** An event with where it happened: the step and its index in that step. */
export interface LoggedEvent {
  step: number;
  index: number;
  event: KernelEvent;
}

const ALL = '';
/**
 * Lines drawn at first, and per "Show more": a machine of thousands of devices prints tens of
 * thousands of lines, which as buttons would freeze the page for seconds at every step.
 */
export const LOG_PAGE = 300;
/** Devices the filter field suggests: the first of those it names (all, on a small machine). */
const LISTED = 100;

/** What compare mode adds to a world's log: a tag on the lines only it printed, a filter. */
export interface LogExtras {
  tagOf(l: LoggedEvent): string | undefined;
  keep(l: LoggedEvent): boolean;
}

/** The log panel with its filters (of the world it is in: the page's, or a compare pane's). */
export function EventLog({ extras }: { extras?: LogExtras }) {
  const runs = useWorldState((s) => s.runs);
  const machineDevices = useWorldState((s) => selectMachine(s).devices);
  const cursor = useWorldState((s) => s.cursor);
  const { side, store, layout } = useWorld();
  const suffix = nameSuffix(side);
  // In the store, not here: a share link carries them.
  const { device, kind, upTo } = useWorldState((s) => s.logFilter);
  const filterLog = store.getState().filterLog;
  const id = useId();
  // On a laptop the graph is as tall as the log leaves it: folded to its title row, the log gives
  // the graph its height (the page's layout only: compare mode has rows of its own).
  const [folded, setFolded] = useRememberedFlag('iommu-sandbox/log-folded@1', false);
  const list = useRef<HTMLOListElement>(null);
  // How many lines are drawn, for the lines of this step and these filters (their change resets it).
  const [limit, setLimit] = useState({ of: '', n: LOG_PAGE });

  const shown = useMemo(() => {
    const from = upTo ? 0 : Math.max(cursor, 0);
    const out: LoggedEvent[] = [];
    for (let step = from; step <= cursor; step++)
      runs[step]?.events.forEach((event, index) => {
        out.push({ step, index, event });
      });
    return out;
  }, [runs, cursor, upTo]);
  const devices = useMemo(
    () => [...new Set(shown.flatMap((l) => (l.event.device ? [l.event.device] : [])))].sort(),
    [shown],
  );
  // The devices the field names: those with a word of their address or name that starts with what
  // it says (so 01:00.0 is not also 0001:01:00.0).
  const picked = useMemo(() => {
    const text = ` ${device.toLowerCase()}`;
    return device === ALL
      ? null
      : new Set(
          devices.filter((d) => ` ${d} ${machineDevices[d]?.spec.label ?? ''}`.toLowerCase().includes(text)),
        );
  }, [device, devices, machineDevices]);
  const kinds = useMemo(() => [...new Set(shown.map((l) => l.event.kind))].sort(), [shown]);
  const visible = shown.filter(
    (l) =>
      (!picked || picked.has(l.event.device!)) &&
      (kind === ALL || l.event.kind === kind) &&
      (!extras || extras.keep(l)),
  );
  const view = `${cursor} ${upTo} ${device} ${kind}`;
  // What a change of filter leaves is said (the count beside them is seen, not heard); a step is
  // announced by the timeline, so a change of step alone says nothing here.
  const filters = `${upTo} ${device} ${kind}`;
  const [said, setSaid] = useState({ filters, text: '' });
  const matching = `${visible.length} of ${shown.length} messages shown`;
  useEffect(() => {
    setSaid((was) => (was.filters === filters ? was : { filters, text: matching }));
  }, [filters, matching]);
  const drawn = limit.of === view ? limit.n : LOG_PAGE;
  const more = () => {
    flushSync(() => setLimit({ of: view, n: drawn + LOG_PAGE }));
    // On to the first line just drawn, as if the list had gone on.
    list.current?.querySelectorAll<HTMLElement>('.log-row')[drawn]?.focus();
  };
  // The kernel's answer to a refused step heads its lines: it is why the step changed nothing.
  const refused = useMemo(() => {
    const out = new Map<number, StepRun>();
    for (let step = upTo ? 0 : Math.max(cursor, 0); step <= cursor; step++) {
      const run = runs[step];
      if (run && !run.ok) out.set(step, run);
    }
    return out;
  }, [runs, cursor, upTo]);
  // Step by step: a refusal first, then the step's lines.
  const byStep = new Map<number, LoggedEvent[]>();
  for (const l of visible.slice(0, drawn)) {
    const list = byStep.get(l.step);
    if (list) list.push(l);
    else byStep.set(l.step, [l]);
  }
  const steps = [...new Set([...refused.keys(), ...byStep.keys()])].sort((a, b) => a - b);

  return (
    <section
      className={side || !folded ? 'panel area-log' : 'panel area-log is-folded'}
      aria-labelledby={`${id}-title`}
    >
      <div className="panel-title log-title">
        <h2 id={`${id}-title`} className="log-heading">
          Event log{suffix}
        </h2>
        {!side && (
          <button
            type="button"
            className="btn btn-small"
            aria-expanded={!folded}
            aria-controls={`${id}-list`}
            onClick={() => {
              setFolded(!folded);
              // The canvas changes height: the graph fits it again once React Flow has measured it
              // (the frame after the new layout), as a resize alone never enlarges it.
              requestAnimationFrame(() =>
                requestAnimationFrame(() => layout.setState((s) => ({ fitRequest: s.fitRequest + 1 }))),
              );
            }}
          >
            Lines <span aria-hidden="true">{folded ? '▸' : '▾'}</span>
          </button>
        )}
        <label htmlFor={`${id}-dev`} className="visually-hidden">
          Filter by device{suffix}
        </label>
        {/* A field, not a list: a machine of thousands of devices would be a list too long to pick from. */}
        <input
          id={`${id}-dev`}
          type="search"
          className="input log-filter"
          placeholder="All devices"
          list={`${id}-devs`}
          value={device}
          onChange={(e) => filterLog({ device: e.target.value })}
        />
        <datalist id={`${id}-devs`}>
          {[...(picked ?? devices)].slice(0, LISTED).map((d) => (
            <option key={d} value={d}>
              {machineDevices[d]?.spec.label}
            </option>
          ))}
        </datalist>
        <label htmlFor={`${id}-kind`} className="visually-hidden">
          Filter by kind{suffix}
        </label>
        <select
          id={`${id}-kind`}
          className="input log-filter"
          value={kind}
          onChange={(e) => filterLog({ kind: e.target.value })}
        >
          <option value={ALL}>All kinds</option>
          {kind !== ALL && !kinds.includes(kind as EventKind) && <option value={kind}>{kind}</option>}
          {kinds.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
        <label className="log-upto">
          <input type="checkbox" checked={upTo} onChange={(e) => filterLog({ upTo: e.target.checked })} /> All
          steps up to this one<span className="visually-hidden">{suffix}</span>
        </label>
        <span className="log-count">
          {visible.length} of {shown.length}
        </span>
        <span role="status" className="visually-hidden">
          {said.text}
        </span>
      </div>
      <ol ref={list} id={`${id}-list`} className="log-list" aria-label={`Kernel messages${suffix}`}>
        {steps.flatMap((step) => {
          const refusal = refused.get(step);
          const lines = (byStep.get(step) ?? []).map((l, i) => (
            <EventRow
              key={`${l.step}-${l.index}`}
              logged={l}
              showStep={upTo && !refusal && i === 0}
              tag={extras?.tagOf(l)}
            />
          ));
          return refusal
            ? [<RefusalRow key={`r${step}`} step={step} run={refusal} upTo={upTo} />, ...lines]
            : lines;
        })}
        {visible.length > drawn && (
          <li>
            <button type="button" className="link-button log-more" onClick={more}>
              Show {Math.min(LOG_PAGE, visible.length - drawn)} more of the {visible.length - drawn} lines
              left
            </button>
          </li>
        )}
        {visible.length === 0 && refused.size === 0 && (
          <li className="hint log-empty">
            No messages{shown.length ? ' match the filters' : ' in this step'}.
            {(device !== ALL || kind !== ALL) && (
              <>
                {' '}
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    filterLog({ device: ALL, kind: ALL });
                    // The button goes with the filters: focus stays in the log, not on the page.
                    document.getElementById(`${id}-dev`)?.focus();
                  }}
                >
                  Show all
                </button>
              </>
            )}
          </li>
        )}
      </ol>
    </section>
  );
}

/**
 * The kernel's refusal of a step, as the first line of that step (under its name, with several
 * steps), with the function that gave it as an event's line has its own; a refusal of the
 * sandbox's own is tagged as its notes are.
 */
function RefusalRow({ step, run, upTo }: { step: number; run: StepRun; upTo: boolean }) {
  return (
    <li>
      {upTo && (
        <div className="log-step">
          step {step}: {describeStep(run.step)}
        </div>
      )}
      <p className="log-refusal">
        <strong>
          {diedIn(run.error) ? 'The kernel crashed in the step:' : 'The kernel refused the step:'}
        </strong>{' '}
        <span className="mono">{run.error}</span>{' '}
        {run.errorBy && <span className="log-note-tag">sandbox note</span>}
        <span className="log-meta">
          <code className="fn">{run.errorFn}()</code>
        </span>
      </p>
    </li>
  );
}
