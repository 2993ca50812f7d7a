/**
 * Vite plugin, for builds: React Flow's error messages (@xyflow/system's `errorMessages`) reduced
 * to their numbers and help links. The default `onError` prints them only in development, and the
 * graph passes none of its own, so in the page they are text nobody reads: about 0.5 KiB gzip of
 * the first load, which has a budget (issue 3: 170 KiB). The one that is thrown (error001, no
 * provider) still names its number and where it is explained.
 */
import type { Plugin } from 'vite';

// The browser build (index.js) and Node's (index.mjs).
const SYSTEM = /@xyflow[\\/]system[\\/]dist[\\/]esm[\\/]index\.m?js$/;
const BLOCK = /const errorMessages = \{\n([\s\S]*?)\n\};/;
const ENTRY = /^ {4}error(\d{3}): .*,$/;

/**
 * `source` with each message of its errorMessages block made `() => "React Flow error NNN: …"`;
 * null when the block is not there as expected (another version of React Flow): left as it is.
 */
export function trimFlowErrors(source: string): string | null {
  const block = BLOCK.exec(source);
  if (!block) return null;
  const lines = block[1]!.split('\n');
  if (!lines.every((l) => ENTRY.test(l))) return null;
  const short = lines.map((l) => {
    const n = ENTRY.exec(l)![1]!;
    return `    error${n}: () => "React Flow error ${n}: https://reactflow.dev/error#${n}",`;
  });
  return source.replace(block[0], `const errorMessages = {\n${short.join('\n')}\n};`);
}

export function trimFlowErrorsPlugin(): Plugin {
  return {
    name: 'trim-flow-errors',
    apply: 'build',
    transform(code, id) {
      if (!SYSTEM.test(id.split('?')[0]!)) return null;
      const out = trimFlowErrors(code);
      if (out === null) this.warn('React Flow error messages not trimmed: @xyflow/system has another shape');
      return out === null ? null : { code: out, map: null };
    },
  };
}
