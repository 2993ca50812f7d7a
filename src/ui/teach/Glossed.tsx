/** A description with the first use of each glossary word made a glossary link (src/teach/jargon.ts). */
import type { ReactNode } from 'react';
import { glossPieces } from '../../teach/jargon';
import { Term } from './Term';

// Punctuation against a word, kept on its line: a button lets a line break on either side of it.
const LEADING = /[(‘“]+$/;
const TRAILING = /^[,.;:!?)’”]+/;

/** `skip`: entries linked already in the texts before this one (jargon.ts glossedBefore). */
export function Glossed({ text, skip }: { text: string; skip?: ReadonlySet<string> | undefined }) {
  const pieces = glossPieces(text, skip);
  const out: ReactNode[] = [];
  let rest = '';
  pieces.forEach((p, i) => {
    if (typeof p === 'string') {
      rest = p;
      return;
    }
    const next = pieces[i + 1];
    const before = LEADING.exec(rest)?.[0] ?? '';
    const after = (typeof next === 'string' && TRAILING.exec(next)?.[0]) || '';
    if (rest.length > before.length) out.push(rest.slice(0, rest.length - before.length));
    out.push(
      <span key={p.id} className="term-glue">
        {before}
        <Term id={p.id}>{p.word}</Term>
        {after}
      </span>,
    );
    rest = '';
    if (after) pieces[i + 1] = (next as string).slice(after.length);
  });
  if (rest) out.push(rest);
  return <>{out}</>;
}
