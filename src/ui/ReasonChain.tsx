/**
 * Why the selected object is as it is: the core's recorded reasons (groupWhy, typeWhy, the
 * configuration's reasons), then what the kernel did to it in the viewed step, each with its function.
 */
import type { KernelEvent } from '../kernel/types';
import { selectMachine, selectRun } from '../store';
import { FnLink } from './teach/FnLink';
import { Glossed } from './teach/Glossed';
import { useWorldState } from './world';
import './inspectorDetail.css';

/** A recorded reason: what it explains, the sentence and the kernel function that decided it. */
export interface Reason {
  about: string;
  text: string;
  fn?: string;
}

interface Props {
  reasons: Reason[];
  /** Which of the viewed step's events name this object. */
  match(e: KernelEvent): boolean;
  /** Show the configuration's reasons too (for groups and devices, whose type they decide). */
  withConfig?: boolean;
}

/** The chain of reasons for one object. */
export function ReasonChain({ reasons, match, withConfig = false }: Props) {
  const run = useWorldState(selectRun);
  const config = useWorldState((s) => selectMachine(s).config);
  const cursor = useWorldState((s) => s.cursor);
  // A step often says the same of every member of a group (one attach each): once is enough.
  // A step often says the same of every member of a group (one attach each), and a recorded
  // reason may be the very sentence of the event that recorded it: each is said once.
  const said = new Set<string>(reasons.map((r) => `${r.fn}\n${r.text}`));
  const events = (run?.events ?? []).filter((e) => {
    const key = `${e.fn}\n${e.why}`;
    if (!match(e) || said.has(key)) return false;
    said.add(key);
    return true;
  });
  const configReasons = withConfig && config ? Object.entries(config.reasons) : [];
  // Each glossary word linked once in the list, where it is first used.
  const shown = reasons.filter((r) => r.text);
  const texts = [...shown.map((r) => r.text), ...events.map((e) => e.why)];
  return (
    <section className="reasons" aria-labelledby="reasons-title">
      <h3 id="reasons-title" className="section-title">
        Why
      </h3>
      <ol className="reason-list">
        {shown.map((r, i) => (
          <li key={r.about}>
            <span className="reason-about">{r.about}</span>{' '}
            <Glossed text={r.text} after={texts.slice(0, i)} />
            {r.fn && (
              <>
                {' '}
                <span className="reason-fn">
                  (<FnLink fn={r.fn} />)
                </span>
              </>
            )}
          </li>
        ))}
        {events.map((e, i) => (
          <li
            // biome-ignore lint/suspicious/noArrayIndexKey: events of one step, in order, never reordered
            key={`${cursor}-${i}`}
            className={e.kind === 'fault' || e.level === 'err' ? 'reason-fault' : undefined}
          >
            <FnLink fn={e.fn} /> <Glossed text={e.why} after={texts.slice(0, shown.length + i)} />
            {e.inferred && <span className="tag-inferred"> [inferred]</span>}
          </li>
        ))}
      </ol>
      {events.length === 0 && reasons.every((r) => !r.text) && (
        <p className="hint">Nothing happened to it in this step.</p>
      )}
      {configReasons.length > 0 && (
        <details className="disclosure">
          <summary>Configuration of this boot</summary>
          <dl className="facts">
            {configReasons.map(([k, v]) => (
              <div key={k} className="fact">
                <dt className="mono">{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </details>
      )}
    </section>
  );
}
