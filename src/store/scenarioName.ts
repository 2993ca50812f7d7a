/**
 * A scenario's name after Boot runs it on another kernel. Names in the library end with the kernel
 * they were written for ("Typical laptop (Debian 6.1)"); kept as they were, an export of the same
 * machine booted on 5.3 would be a file called "… (Debian 6.1).json" holding `"kernel": "v5.3"`.
 */
import type { KernelId } from '../kernel/types';

/** How names spell each kernel; the first spelling is the one written. */
const SPELLINGS: Record<KernelId, readonly string[]> = {
  'v5.1': ['5.1'],
  'v3-sewart': ['v3'],
  'v5.3': ['5.3'],
  'v5.7': ['5.7'],
  'v5.8': ['5.8'],
  'v5.11': ['5.11'],
  'v6.1': ['Debian 6.1', '6.1'],
};

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// "5.1" is not a spelling of 5.11: a spelling stands between non-word, non-dot characters.
const spelled = (k: KernelId) =>
  new RegExp(`(?<![\\w.])(?:${SPELLINGS[k].map(literal).join('|')})(?![\\w.])`);

/**
 * `name` with the kernel it names at its end (in a closing parenthesis, or after " on ") changed
 * from `from` to `to`; a name that names no kernel there gets " on <to>".
 */
export function nameOnKernel(name: string | undefined, from: KernelId, to: KernelId): string | undefined {
  if (name === undefined || from === to) return name;
  const written = SPELLINGS[to][0]!;
  const tail = /(\([^()]*\)| on [^()]*)\s*$/.exec(name);
  if (tail && spelled(from).test(tail[1]!)) {
    return name.slice(0, tail.index) + tail[1]!.replace(spelled(from), written);
  }
  return `${name} on ${written}`;
}

// The note descriptionOnKernel puts first: the kernel the text was written for, and the one run.
const ON_OTHER = /^Written for (v[\w.-]+); booted here on v[\w.-]+\. /;

/**
 * A scenario's description after Boot runs it on another kernel: it was written about the first
 * kernel's behaviour (the library's say what that kernel does wrong), so it opens by saying so;
 * booted on that kernel again, it reads as written.
 */
export function descriptionOnKernel(
  description: string | undefined,
  from: KernelId,
  to: KernelId,
): string | undefined {
  if (description === undefined || from === to) return description;
  const note = ON_OTHER.exec(description);
  const written = note ? note[1]! : from;
  const text = note ? description.slice(note[0].length) : description;
  return written === to ? text : `Written for ${written}; booted here on ${to}. ${text}`;
}
