/**
 * The Kernel command line field, parsed as you type by the draft kernel's parser: recognised
 * parameters become chips; malformed, ignored and near-miss words are listed with what the kernel
 * prints. Nothing here blocks Boot: a bad word is a result, as on a real machine.
 */
import { useDeferredValue, useId, useMemo } from 'react';
import type { CmdlineToken } from '../kernel/cmdline';
import { lazyValue, useLazyValue } from './lazyValue';
import { nameSuffix, useWorld, useWorldState } from './world';

const STATUS_TEXT: Record<CmdlineToken['status'], string> = {
  applied: 'applied',
  'partly-applied': 'partly applied',
  malformed: 'malformed',
  ignored: 'ignored',
  other: 'not an IOMMU parameter',
};

const overridden = (t: CmdlineToken) => t.notes.some((n) => n.startsWith('overridden'));
// iommu= and intel_iommu= compare each keyword by its own length (strncmp): "ptfoo" is "pt".
const byPrefix = (t: CmdlineToken) => t.notes.some((n) => n.includes('(prefix match of '));

/**
 * A word the user should look at: the kernel complains, drops it, a later word undoes it, a near
 * miss, or a word the kernel read as a shorter keyword.
 */
export function isFlagged(t: CmdlineToken): boolean {
  const bad = t.status === 'malformed' || t.status === 'ignored' || t.status === 'partly-applied';
  return bad || !!t.suggestion || overridden(t) || byPrefix(t);
}

export function statusText(t: CmdlineToken): string {
  if (t.suggestion) return 'unknown parameter';
  if (t.status !== 'applied') return STATUS_TEXT[t.status];
  if (overridden(t)) return 'applied, then overridden';
  return byPrefix(t) ? 'applied as a shorter keyword: the kernel compares only its first letters' : 'applied';
}

// The parser is part of the core, which loads after the first paint; until then the words show as
// plain chips, which is also what the parser makes of a command line without IOMMU parameters, and
// nothing is flagged: the problem list loads with the parser.
const parser = lazyValue(() => import('./CmdlineProblems'));

function plainWords(text: string): CmdlineToken[] {
  return [...text.matchAll(/\S+/g)].map((m) => ({
    text: m[0],
    start: m.index,
    end: m.index + m[0].length,
    name: m[0].split('=')[0] ?? m[0],
    value: m[0].includes('=') ? m[0].slice(m[0].indexOf('=') + 1) : null,
    param: null,
    status: 'other',
    notes: [],
    messages: [],
  }));
}

/** The command line input with its chips and problems. */
export function CmdlineField() {
  const { store, side } = useWorld();
  const cmdline = useWorldState((s) => s.draft.cmdline);
  const kernel = useWorldState((s) => s.draft.kernel);
  const id = useId();
  const typed = useDeferredValue(cmdline);
  const problems = useLazyValue(parser);
  const tokens = useMemo(
    () => (problems ? problems.parseCmdline(kernel, typed).tokens : plainWords(typed)),
    [problems, kernel, typed],
  );
  const flagged = tokens.filter(isFlagged);
  return (
    <div className="field">
      <label htmlFor={id}>Kernel command line</label>
      <input
        id={id}
        className="input mono"
        value={cmdline}
        aria-label={side ? `Kernel command line${nameSuffix(side)}` : undefined}
        spellCheck={false}
        autoComplete="off"
        placeholder="e.g. intel_iommu=on iommu=pt"
        aria-describedby={`${id}-problems`}
        aria-invalid={flagged.some((t) => t.status === 'malformed')}
        onChange={(e) => store.getState().editDraft({ cmdline: e.target.value })}
      />
      <ul className="cl-chips" aria-label="Parsed parameters">
        {tokens.map((t) => (
          <li
            key={`${t.start}-${t.text}`}
            className={`cl-chip cl-${t.status}${t.suggestion ? ' cl-nearmiss' : ''}`}
            title={[statusText(t), ...t.notes].join('\n')}
          >
            <span className="mono">{t.text}</span>
            <span className="visually-hidden">: {statusText(t)}</span>
          </li>
        ))}
      </ul>
      {problems && <problems.CmdlineProblems id={`${id}-problems`} flagged={flagged} />}
    </div>
  );
}
