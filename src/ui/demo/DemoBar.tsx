/**
 * Demo mode (`?demo`): plays the scenario's steps one after another for a talk or a review, with
 * a speed control; the arrow keys, Space, Home and End drive it (useDemoKeys).
 */
import { useEffect, useId, useState } from 'react';
import { useCompare, useSandbox } from '../../store';
import { loadCore } from '../../store/core';
import { libraryEntry, loadLibraryScenario } from '../../store/library';
import { BASE_SECONDS, type DemoParams, SPEEDS } from './demoParams';
import { useDemo } from './demoStore';
import { useDemoKeys } from './useDemoKeys';
import './demo.css';

/** Opens the demo's scenario at its first step; false (and a notice) when there is no such scenario. */
async function openScenario(id: string | null): Promise<boolean> {
  // With the core there, loading and seeking take effect at once: playing starts on the scenario
  // shown, not on the one before it while they wait in the store's queue.
  await loadCore();
  const store = useSandbox.getState();
  const known = !id || libraryEntry(id) !== undefined;
  if (id && known) {
    const scenario = await loadLibraryScenario(id);
    // The named scenario, as it is: not one pane of a comparison restored from the last visit.
    useCompare.getState().stop();
    store.load(scenario, { libraryId: id });
  }
  useSandbox.getState().seek(0);
  // After the seek, which clears notices; and no playing, whose steps would clear it too.
  if (!known)
    store.notify({
      kind: 'error',
      text: `Demo: there is no library scenario "${id}"; showing the open one (Play starts it).`,
    });
  return known;
}

/** Ends demo mode and takes its parameters out of the address bar. */
function exitDemo() {
  useDemo.getState().stop();
  const url = new URL(window.location.href);
  url.searchParams.delete('demo');
  url.searchParams.delete('speed');
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
}

/** The demo's control bar; it plays from the first step once the scenario is open. */
export function DemoBar({ params }: { params: DemoParams }) {
  const playing = useDemo((s) => s.playing);
  const cursor = useSandbox((s) => s.cursor);
  const last = useSandbox((s) => s.runs.length - 1);
  const [speed, setSpeed] = useState(params.speed);
  // A speed in the link the bar does not offer: said beside the control (a notice would be
  // cleared by the first step played) until the presenter picks one.
  const [badSpeed, setBadSpeed] = useState(params.badSpeed);
  const speedId = useId();
  const badSpeedId = useId();
  useDemoKeys();

  useEffect(() => {
    let live = true;
    openScenario(params.scenario).then((known) => live && known && useDemo.getState().setPlaying(true));
    return () => {
      live = false;
    };
  }, [params.scenario]);

  useEffect(() => {
    if (!playing) return;
    if (cursor >= last) {
      useDemo.getState().setPlaying(false);
      return;
    }
    const t = window.setTimeout(() => useSandbox.getState().stepForward(), (BASE_SECONDS / speed) * 1000);
    return () => window.clearTimeout(t);
  }, [playing, cursor, last, speed]);

  // A link pasted into the address bar, or Back and Forward, leave the demo's scenario: the demo
  // ends rather than go on playing over what they show.
  useEffect(() => {
    addEventListener('popstate', exitDemo);
    return () => removeEventListener('popstate', exitDemo);
  }, []);

  // An audience reads the step's fault, not the lines above it: its row scrolls into the log's view
  // (within the log only: the page stays where the presenter put it).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the step shown changes
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      const log = document.querySelector<HTMLElement>('.area-log .log-list');
      const row = log?.querySelector<HTMLElement>('.log-fault');
      if (!log) return;
      // A step without a fault reads from its first line, whatever the step before scrolled to.
      if (!row) {
        log.scrollTop = 0;
        return;
      }
      const top = row.getBoundingClientRect().top - log.getBoundingClientRect().top + log.scrollTop;
      if (top < log.scrollTop || top + row.offsetHeight > log.scrollTop + log.clientHeight)
        log.scrollTop = top - log.clientHeight / 3;
    });
    return () => cancelAnimationFrame(frame);
  }, [cursor]);

  const atEnd = cursor >= last;
  const toggle = () => {
    if (atEnd && !playing) useSandbox.getState().seek(0);
    useDemo.getState().setPlaying(!playing);
  };
  return (
    <section className="demo-bar" aria-label="Demo">
      <span className="demo-title">Demo</span>
      <button type="button" className="btn btn-small btn-primary" onClick={toggle}>
        {playing ? 'Pause' : atEnd ? 'Replay' : 'Play'}
      </button>
      <span className="demo-step" role="status">
        Step {Math.max(cursor, 0)} of {last}
      </span>
      <label htmlFor={speedId}>Speed</label>
      <select
        id={speedId}
        className="input"
        value={speed}
        aria-describedby={badSpeed === null ? undefined : badSpeedId}
        onChange={(e) => {
          setSpeed(Number(e.target.value));
          setBadSpeed(null);
        }}
      >
        {SPEEDS.map((s) => (
          <option key={s} value={s}>
            {s}×
          </option>
        ))}
      </select>
      {badSpeed !== null && (
        <span id={badSpeedId} className="demo-note">
          The link's speed={badSpeed} is not one of {SPEEDS.join(', ')}: playing at 1×
        </span>
      )}
      <button type="button" className="btn btn-small btn-dark" onClick={exitDemo}>
        Exit demo
      </button>
    </section>
  );
}

export default DemoBar;
