import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { trimFlowErrors } from './trim-flow-errors.ts';

// The module a browser build gets.
const system = readFileSync(
  new URL('../node_modules/@xyflow/system/dist/esm/index.js', import.meta.url),
  'utf8',
);
const BLOCK = /const errorMessages = \{\n([\s\S]*?)\n\};/;

describe('trimFlowErrors', () => {
  it('shortens every message of the installed React Flow to its number and link, and nothing else', () => {
    const out = trimFlowErrors(system);
    expect(out).not.toBeNull();
    const block = BLOCK.exec(out!)![1]!;
    const ids = block.split('\n').map((l) => /error(\d{3}):/.exec(l)![1]);
    expect(ids.length).toBeGreaterThanOrEqual(15);
    for (const id of ids)
      expect(block).toContain(
        `error${id}: () => "React Flow error ${id}: https://reactflow.dev/error#${id}",`,
      );
    // The rest of the module is untouched.
    expect(out!.replace(BLOCK, '')).toBe(system.replace(BLOCK, ''));
  });

  it('leaves a module of another shape as it is (null)', () => {
    expect(trimFlowErrors('const errorMessages = {\n    error001: () => `a`,\n    other: 1,\n};')).toBeNull();
    expect(trimFlowErrors('export const x = 1;')).toBeNull();
  });
});
