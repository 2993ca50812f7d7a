import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { trimCss } from './trim-flow-css.ts';

const selectors = (css: string) =>
  (css.replace(/\/\*[\s\S]*?\*\//g, '').match(/[^{}]+(?=\{)/g) ?? []).flatMap((h) =>
    h.split(',').map((s) => s.trim()),
  );

describe('trimCss', () => {
  it('drops only the selectors it is told to, keeping the rest of a shared rule and at-rules whole', () => {
    const css = '/* c */ .a, .b-x { color: red } .b-y { top: 0 } @keyframes k { from { x: 1 } } .c { z: 1 }';
    expect(trimCss(css, /b-/)).toBe(' .a{ color: red } @keyframes k { from { x: 1 } } .c { z: 1 }');
  });

  it('keeps every rule of React Flow the graph uses: its group node type, handles, edges, panels', () => {
    const css = readFileSync(new URL('../node_modules/@xyflow/react/dist/base.css', import.meta.url), 'utf8');
    const kept = new Set(selectors(trimCss(css)));
    const gone = selectors(css).filter((s) => !kept.has(s));
    expect(gone.length).toBeGreaterThan(20);
    for (const s of gone)
      expect(s).toMatch(
        /resize-control|edgeupdater|connection|node-(input|output|default)|selection|dark|animated|lines|cross|center/,
      );
    for (const s of [
      '.react-flow__node-group',
      '.react-flow__handle',
      '.react-flow__edge-path',
      '.react-flow__panel',
    ])
      expect(kept.has(s)).toBe(true);
  });
});
