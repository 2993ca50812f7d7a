/** Lesson text with **control names** in bold and `kernel names` as code, built as elements, never HTML. */
import type { ReactNode } from 'react';

const MARKS = /\*\*([^*]+)\*\*|`([^`]+)`/g;

/** The text's parts, each keyed by where it starts. */
export function RichText({ text }: { text: string }) {
  const out: ReactNode[] = [];
  let at = 0;
  for (const m of text.matchAll(MARKS)) {
    if (m.index > at) out.push(text.slice(at, m.index));
    out.push(m[1] !== undefined ? <strong key={m.index}>{m[1]}</strong> : <code key={m.index}>{m[2]}</code>);
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push(text.slice(at));
  return <>{out}</>;
}
