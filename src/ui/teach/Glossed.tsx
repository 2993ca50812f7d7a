/**
 * A description with the first use of each glossary word made a glossary link (src/teach/jargon.ts,
 * loaded after the first paint: the text shows plain until then, in the same place).
 */
import type { ReactNode } from 'react';
import { lazyValue, useLazyValue } from '../lazyValue';
import { Term } from './Term';

const jargon = lazyValue(() => import('../../teach/jargon'));

// Punctuation against a word, kept on its line: a button lets a line break on either side of it.
const LEADING = /[(‘“]+$/;
const TRAILING = /^[,.;:!?)’”]+/;

/** `after`: the texts shown before this one in its list, whose words are linked there already. */
export function Glossed({ text, after }: { text: string; after?: readonly string[] }) {
  const words = useLazyValue(jargon);
  if (!words) return text;
  const skip = after?.length ? words.glossedIn(after) : undefined;
  const pieces = words.glossPieces(text, skip);
  const out: ReactNode[] = [];
  let rest = '';
  pieces.forEach((p, i) => {
    if (typeof p === 'string') {
      rest = p;
      return;
    }
    const next = pieces[i + 1];
    const leading = LEADING.exec(rest)?.[0] ?? '';
    const trailing = (typeof next === 'string' && TRAILING.exec(next)?.[0]) || '';
    if (rest.length > leading.length) out.push(rest.slice(0, rest.length - leading.length));
    out.push(
      <span key={p.id} className="term-glue">
        {leading}
        <Term id={p.id}>{p.word}</Term>
        {trailing}
      </span>,
    );
    rest = '';
    if (trailing) pieces[i + 1] = (next as string).slice(trailing.length);
  });
  if (rest) out.push(rest);
  return <>{out}</>;
}
