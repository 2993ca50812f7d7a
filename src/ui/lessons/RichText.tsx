/** Lesson text with **control names** in bold and `kernel names` as code, built as elements, never HTML. */
import type { ReactNode } from 'react';
import { Glossed } from '../teach/Glossed';

const MARKS = /\*\*([^*]+)\*\*|`([^`]+)`/g;

/**
 * The text's parts, each keyed by where it starts. `glossed`: link the first use of glossary words
 * in its plain parts, the texts given (shown before it) having linked theirs.
 */
export function RichText({ text, glossed }: { text: string; glossed?: readonly string[] }) {
  const out: ReactNode[] = [];
  const plain: string[] = [];
  const push = (from: number, to: number) => {
    const part = text.slice(from, to);
    out.push(glossed ? <Glossed key={`g${from}`} text={part} after={[...glossed, ...plain]} /> : part);
    plain.push(part);
  };
  let at = 0;
  for (const m of text.matchAll(MARKS)) {
    if (m.index > at) push(at, m.index);
    out.push(m[1] !== undefined ? <strong key={m.index}>{m[1]}</strong> : <code key={m.index}>{m[2]}</code>);
    at = m.index + m[0].length;
  }
  if (at < text.length) push(at, text.length);
  return <>{out}</>;
}
