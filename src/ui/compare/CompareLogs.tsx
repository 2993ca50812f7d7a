/**
 * Both worlds' kernel logs under their panes, for the viewed step: what a reviewer reads when two
 * kernels are booted side by side. A line one kernel printed and the other did not is tagged.
 */
import { useMemo } from 'react';
import { useStore } from 'zustand';
import type { KernelEvent } from '../../kernel/types';
import { type Side, useCompare } from '../../store';
import { EventLog, type LogExtras, type LoggedEvent } from '../EventLog';
import { WorldContext } from '../world';
import { unmatchedLines } from './logDiff';
import { WORLDS } from './worlds';

const SIDES: readonly Side[] = ['left', 'right'];
const other = (side: Side): Side => (side === 'left' ? 'right' : 'left');

/** Per side and step, the lines the other world has no counterpart for (worked out when asked). */
function useUnmatched(): (side: Side, step: number) => ReadonlySet<number> {
  const left = useStore(WORLDS.left.store, (s) => s.runs);
  const right = useStore(WORLDS.right.store, (s) => s.runs);
  return useMemo(() => {
    const runs: Record<Side, readonly { events: KernelEvent[] }[]> = { left, right };
    const seen = new Map<string, ReadonlySet<number>>();
    return (side, step) => {
      const key = `${side}${step}`;
      let set = seen.get(key);
      if (!set) {
        set = unmatchedLines(runs[side][step]?.events ?? [], runs[other(side)][step]?.events ?? []);
        seen.set(key, set);
      }
      return set;
    };
  }, [left, right]);
}

/** The Kernel logs strip: a header that says how many lines differ, and the two logs when open. */
export function CompareLogs({ open, onToggle }: { open: boolean; onToggle(): void }) {
  const cursor = useStore(WORLDS.left.store, (s) => s.cursor);
  const unmatched = useUnmatched();
  const onlyDiffering = useCompare((s) => s.onlyDifferingLines);
  const setOnlyDiffering = useCompare((s) => s.showOnlyDifferingLines);
  const differ = cursor < 0 ? 0 : unmatched('left', cursor).size + unmatched('right', cursor).size;
  const extras = useMemo(() => {
    const of = (side: Side): LogExtras => {
      const only = (l: LoggedEvent) => unmatched(side, l.step).has(l.index);
      return {
        tagOf: (l) => (only(l) ? `only ${side}` : undefined),
        keep: (l) => !onlyDiffering || only(l),
      };
    };
    return { left: of('left'), right: of('right') };
  }, [unmatched, onlyDiffering]);

  return (
    <section className="panel compare-logs area-logs" aria-label="Kernel logs of both worlds">
      <div className="compare-logs-head">
        <button type="button" className="btn" aria-expanded={open} onClick={onToggle}>
          {open ? 'Hide kernel logs' : 'Show kernel logs'}
        </button>
        <span role="status" className="compare-logs-summary">
          {cursor < 0
            ? ''
            : differ
              ? `Step ${cursor}: ${differ} ${differ === 1 ? 'line differs' : 'lines differ'} between the kernels`
              : `Step ${cursor}: both kernels print the same lines`}
        </span>
        {open && (
          <label className="log-upto">
            <input
              type="checkbox"
              checked={onlyDiffering}
              onChange={(e) => setOnlyDiffering(e.target.checked)}
            />{' '}
            Only lines that differ
          </label>
        )}
      </div>
      {open && (
        <div className="compare-logs-body">
          {SIDES.map((side) => (
            <WorldContext.Provider key={side} value={WORLDS[side]}>
              <EventLog extras={extras[side]} />
            </WorldContext.Provider>
          ))}
        </div>
      )}
    </section>
  );
}
