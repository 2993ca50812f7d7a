/**
 * Vite plugin: `import { scenario, build } from './x.json?run'` gives the scenario file and its run
 * (the machine at power-on and after every step) computed by the real core when the module is
 * built, so the page can show the default machine before the core's code has loaded.
 *
 * `build(s)` returns `{ initial, runs }` exactly as `runAll(s)` (src/store/timeline.ts) would for a
 * scenario equal to the file: objects the core shares between machines stay shared (the graph sees
 * what a step left unchanged by identity), and objects the core takes from the scenario (device
 * specs, steps) are `s`'s own. The core is bundled with esbuild and run in Node on every build; its
 * files are watched, so the run can never drift from the core.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import type { Plugin } from 'vite';

const SUFFIX = '?run';
// The module's id: not ending in `.json`, so that Vite's JSON plugin leaves the generated code alone.
const PREFIX = '\0precomputed-run:';
const ID_END = '.run.js';
const TIMELINE = resolve(dirname(fileURLToPath(import.meta.url)), '../src/store/timeline.ts');

type Core = typeof import('../src/store/timeline');

/** The core (src/store/timeline.ts and what it imports), bundled and loaded into this process. */
async function loadCore(): Promise<{ core: Core; files: string[] }> {
  const out = await esbuild({
    entryPoints: [TIMELINE],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    metafile: true,
    logLevel: 'warning',
  });
  const code = out.outputFiles[0]!.text;
  const core = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as Core;
  return { core, files: Object.keys(out.metafile.inputs).map((f) => resolve(f)) };
}

const IDENT = /^[A-Za-z_$][\w$]*$/;
const key = (k: string) => (IDENT.test(k) && k !== '__proto__' ? k : `[${JSON.stringify(k)}]`);
const member = (base: string, k: string | number) =>
  typeof k === 'number' ? `${base}[${k}]` : IDENT.test(k) ? `${base}.${k}` : `${base}[${JSON.stringify(k)}]`;

function children(v: object, where: string): [string | number, unknown][] {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!(i in v)) throw new Error(`${where}: sparse array`);
    return v.map((x, i) => [i, x]);
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null)
    throw new Error(`${where}: ${proto?.constructor?.name ?? 'object'} is not plain data`);
  return Object.entries(v);
}

function primitive(v: unknown, where: string): string {
  if (v === undefined) return 'void 0';
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return JSON.stringify(v);
  throw new Error(`${where}: a ${typeof v} is not plain data`);
}

/**
 * The JavaScript of a module exporting `scenario` (a copy of `scenario`) and `build(s)`, which
 * rebuilds `value` with every object reachable from `scenario` taken from `s` at the same place.
 */
export function runModule(scenario: object, value: unknown): string {
  const paths = new Map<object, string>();
  const mark = (v: unknown, path: string) => {
    if (typeof v !== 'object' || v === null || paths.has(v)) return;
    paths.set(v, path);
    for (const [k, c] of children(v, path)) mark(c, member(path, k));
  };
  mark(scenario, 's');

  // How often each object of `value` is referenced: those referenced more than once become constants.
  const uses = new Map<object, number>();
  const count = (v: unknown, where: string) => {
    if (typeof v !== 'object' || v === null || paths.has(v)) return;
    const n = uses.get(v) ?? 0;
    uses.set(v, n + 1);
    if (n === 0) for (const [k, c] of children(v, where)) count(c, member(where, k));
  };
  count(value, 'value');

  const decls: string[] = [];
  const names = new Map<object, string>();
  const onStack = new Set<object>();
  const expr = (v: unknown, where: string, known: Map<object, string>): string => {
    if (typeof v !== 'object' || v === null) return primitive(v, where);
    const named = known.get(v) ?? names.get(v);
    if (named) return named;
    if (onStack.has(v)) throw new Error(`${where}: a cycle`);
    onStack.add(v);
    const parts = children(v, where).map(([k, c]) => {
      const e = expr(c, member(where, k), known);
      return Array.isArray(v) ? e : `${key(String(k))}:${e}`;
    });
    onStack.delete(v);
    const literal = Array.isArray(v) ? `[${parts.join(',')}]` : `{${parts.join(',')}}`;
    if ((uses.get(v) ?? 0) < 2) return literal;
    const name = `o${names.size}`;
    names.set(v, name);
    decls.push(`const ${name}=${literal};`);
    return name;
  };

  const copy = expr(scenario, 'scenario', new Map());
  const root = expr(value, 'value', paths);
  return [
    `export const scenario=${copy};`,
    `export function build(s){`,
    ...decls,
    `return ${root};`,
    `}`,
  ].join('\n');
}

/** The plugin: resolves `*.json?run` imports to the module above. */
export function precomputedRun(): Plugin {
  let loaded: ReturnType<typeof loadCore> | null = null;
  return {
    name: 'precomputed-run',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!source.endsWith(`.json${SUFFIX}`) || !importer) return null;
      return `${PREFIX}${resolve(dirname(importer), source.slice(0, -SUFFIX.length))}${ID_END}`;
    },
    async load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length, -ID_END.length);
      loaded ??= loadCore();
      const { core, files } = await loaded;
      for (const f of [file, ...files]) this.addWatchFile(f);
      const scenario = JSON.parse(readFileSync(file, 'utf8'));
      return runModule(scenario, core.runAll(scenario));
    },
    watchChange() {
      loaded = null;
    },
  };
}
