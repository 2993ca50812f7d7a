/**
 * One pane of compare mode: its world's configuration and faults, over its graph. Pointing at a
 * node highlights its counterpart in the other pane; a picked difference is highlighted in both.
 */
import { lazy, Suspense, useCallback, useMemo, useRef } from 'react';
import { useStore } from 'zustand';
import { faultName } from '../../kernel/faultNames';
import { FIXES, resolveFixes } from '../../kernel/fixes';
import { machineDefaults } from '../../kernel/machineDefaults';
import type { Scenario } from '../../kernel/types';
import { type SandboxState, type Side, selectMachine, useCompare, useSandbox } from '../../store';
import { useWorld, WorldContext } from '../world';
import { atStep, useDifferences } from './differences';
import { counterparts, diffTargets, linkKeys } from './links';
import { VIEW_LINKS } from './viewLink';
import { registerCanvas, WORLDS } from './worlds';

const GraphView = lazy(() => import('../graph/GraphView').then((m) => ({ default: m.GraphView })));

const selectPrev = (s: SandboxState) =>
  s.cursor < 0 ? undefined : s.cursor === 0 ? s.initial : s.runs[s.cursor - 1]?.machine;
const NONE: ReadonlySet<string> = new Set();
const TITLE: Record<Side, string> = { left: 'Left', right: 'Right' };
const onOff = (b: boolean) => (b ? 'on' : 'off');
const SWITCH_NAMES: Record<string, string> = {
  kdump: 'kdump kernel',
  ramAbove4G: 'RAM above 4 GiB',
  hwPassThrough: 'hardware pass-through',
  cachingMode: 'caching mode',
  gfxOnlyUnit: 'graphics-only DMAR unit',
};

/** What sets this world apart from the other: its kernel and command line, the fixes that differ. */
export function configWords(mine: Scenario, other: Scenario): string[] {
  const words = [mine.kernel, mine.cmdline ? mine.cmdline : 'no parameters'];
  const a = resolveFixes(mine.kernel, mine.fixes);
  const b = resolveFixes(other.kernel, other.fixes);
  const da = resolveFixes(mine.kernel, {});
  const db = resolveFixes(other.kernel, {});
  for (const id of Object.keys(a) as (keyof typeof a)[]) {
    // A switch one of the kernels does not have is not a difference a reviewer can act on; nor
    // is one that only follows the kernels' versions (5.11 against 6.1 "without" the kdump fix on
    // a machine that never crashes): the kernels' names say that.
    const both = FIXES[id].appliesTo.includes(mine.kernel) && FIXES[id].appliesTo.includes(other.kernel);
    const set = mine.kernel === other.kernel || a[id] !== da[id] || b[id] !== db[id];
    // "with"/"without": a fix named for what it guarantees would read "never freed: off".
    if (both && set && a[id] !== b[id]) words.push(`${a[id] ? 'with' : 'without'}: ${FIXES[id].title}`);
  }
  const ma = machineDefaults(mine.machine);
  const mb = machineDefaults(other.machine);
  for (const k of Object.keys(ma) as (keyof typeof ma)[])
    if (ma[k] !== mb[k]) words.push(`${SWITCH_NAMES[k] ?? k}: ${onOff(ma[k])}`);
  return words;
}

function PaneHead({ side }: { side: Side }) {
  const mine = useStore(WORLDS[side].store, (s) => s.scenario);
  const other = useStore(WORLDS[side === 'left' ? 'right' : 'left'].store, (s) => s.scenario);
  const faults = useStore(WORLDS[side].store, (s) => selectMachine(s).faults);
  const panicked = useStore(WORLDS[side].store, (s) => selectMachine(s).panicked);
  const [kernel, cmdline, ...rest] = configWords(mine, other);
  const seen = [...new Set(faults.map((f) => `${faultName(f)} at step ${f.step}`))];
  return (
    <div className="pane-head">
      <h2 className="pane-title">{TITLE[side]}</h2>
      <span className="pane-kernel">{kernel}</span>
      <code className="pane-cmdline" title={cmdline}>
        {cmdline}
      </code>
      {rest.map((w) => (
        <span key={w} className="pane-switch" title={w}>
          {w}
        </span>
      ))}
      <span className="spacer" />
      <span
        role="status"
        aria-label={`Faults (${side})`}
        className={seen.length || panicked ? 'pane-status pane-bad' : 'pane-status'}
      >
        {/* A kernel crash fault says the death already; a crash with nothing to start has none. */}
        {panicked && !faults.some((f) => f.kind === 'kernel-crash') && 'No kernel runs (panic). '}
        {seen.length
          ? seen.map((f) => f[0]!.toUpperCase() + f.slice(1)).join(' · ')
          : panicked
            ? ''
            : 'No faults'}
      </span>
    </div>
  );
}

function PaneGraph() {
  const { store, side } = useWorld();
  const pane = side!;
  const machine = useStore(store, selectMachine);
  const prev = useStore(store, selectPrev);
  const cursor = useSandbox((s) => s.cursor);
  const pointer = useCompare((s) => s.pointer);
  const picked = useCompare((s) => s.picked);
  const diffs = useDifferences();
  const keys = linkKeys(machine);
  const keysRef = useRef(keys);
  keysRef.current = keys;

  const highlight = useMemo(() => {
    const ids = new Set<string>();
    if (pointer && pointer.side !== pane) for (const id of counterparts(pointer, keys)) ids.add(id);
    const diff = picked ? atStep(diffs, cursor).find((d) => d.key === picked)?.diff : undefined;
    if (diff) for (const id of diffTargets(diff, pane, machine, prev)) ids.add(id);
    return ids.size ? ids : NONE;
  }, [pointer, picked, diffs, cursor, keys, machine, prev, pane]);

  const onPoint = useCallback(
    (node: string | null) => {
      const c = useCompare.getState();
      if (node) c.point({ side: pane, node, key: keysRef.current.keyOf[node] ?? node });
      else if (c.pointer?.side === pane) c.point(null);
    },
    [pane],
  );

  return (
    <Suspense fallback={<div className="graph-slot">Drawing the {pane} world…</div>}>
      <GraphView
        highlight={highlight}
        onPoint={onPoint}
        onCanvas={registerCanvas[pane]}
        viewLink={VIEW_LINKS[pane]}
      />
    </Suspense>
  );
}

/** A pane: the world's header and graph (a region named "Left world" or "Right world"). */
export function ComparePane({ side }: { side: Side }) {
  return (
    <WorldContext.Provider value={WORLDS[side]}>
      <section className={`panel compare-pane area-${side}`} aria-label={`${TITLE[side]} world`}>
        <PaneHead side={side} />
        <div className="graph-canvas">
          <PaneGraph />
        </div>
      </section>
    </WorldContext.Provider>
  );
}
