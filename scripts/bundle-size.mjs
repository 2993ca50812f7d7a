// `npm run size`: what the first view of the production build downloads, gzip-compressed.
//
// Counted from dist/index.html and dist/.vite/manifest.json (vite.config.ts sets build.manifest):
// the scripts and stylesheets index.html loads, with every chunk they import statically, plus the
// graph canvas (src/ui/graph/GraphView.tsx), which the page imports lazily but renders in its
// first view, with its static imports, and the CSS of all of these. Not counted: what loads only
// after the first paint or later: the simulation core (the default machine's run is built in, see
// src/store/core.ts), the library list, scenarios picked from it, the share-link validator, dialogs,
// and the ELK web worker.
//
//   node scripts/bundle-size.mjs              table and total; exit 1 over the budget
//   node scripts/bundle-size.mjs --json       the same as JSON
//   node scripts/bundle-size.mjs --budget 170 budget in KiB (default 170)
//   node scripts/bundle-size.mjs --dist out   measure another build directory (default dist)
//
// Gzip at level 9, as the sizes are compared with the budget (a server at its default level 6
// sends a few hundred bytes more).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const distAt = args.indexOf('--dist');
const dist = join(root, distAt >= 0 ? args[distAt + 1] : 'dist');
const json = args.includes('--json');
const budgetAt = args.indexOf('--budget');
const budgetKiB = budgetAt >= 0 ? Number(args[budgetAt + 1]) : 170;

/**
 * Lazily imported modules the first view renders: they count as first load. `npm run bench:ui`
 * checks this against what the default page really requests (it also fetches the inspector's
 * detail pane, src/ui/InspectorDetail.tsx, but only once the browser is idle: not counted).
 */
export const FIRST_VIEW = ['src/ui/graph/GraphView.tsx'];

/** The scripts and stylesheets index.html names (what it loads, preloads or imports). */
export function htmlFiles(html) {
  const out = [];
  for (const m of html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="\/?([^"]+\.(?:js|css))"[^>]*>/g))
    out.push(m[1]);
  return out;
}

/** The files the first view loads: [{ file, why }] in load order. */
export function firstViewFiles(manifest, html) {
  const out = [];
  const seen = new Set();
  const byFile = new Map(Object.entries(manifest).map(([key, c]) => [c.file, key]));
  const add = (file, why) => {
    if (seen.has(file)) return false;
    seen.add(file);
    out.push({ file, why });
    return true;
  };
  const visit = (key, why) => {
    const chunk = manifest[key];
    if (!chunk) return;
    add(chunk.file, why);
    for (const css of chunk.css ?? []) add(css, why);
    for (const dep of chunk.imports ?? []) if (!seen.has(manifest[dep]?.file)) visit(dep, why);
  };
  for (const file of htmlFiles(html)) {
    const key = byFile.get(file);
    if (key) visit(key, 'index.html');
    else add(file, 'index.html');
  }
  for (const src of FIRST_VIEW) {
    if (!manifest[src]) throw new Error(`${src} is not a chunk of its own: update FIRST_VIEW`);
    visit(src, `first view (${src})`);
  }
  return out;
}

/** Gzip size of a built file, in bytes. */
export const gzipSize = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;

function main() {
  const manifestPath = join(dist, '.vite', 'manifest.json');
  if (!existsSync(manifestPath)) {
    console.error(`No ${manifestPath}: run \`npx vite build\` first (vite.config.ts sets build.manifest).`);
    process.exit(2);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = firstViewFiles(manifest, html).map((f) => ({
    ...f,
    raw: readFileSync(join(dist, f.file)).length,
    gzip: gzipSize(f.file),
  }));
  const total = files.reduce((s, f) => s + f.gzip, 0);
  const js = files.filter((f) => f.file.endsWith('.js')).reduce((s, f) => s + f.gzip, 0);
  const worker = [...new Set(Object.values(manifest).flatMap((c) => [c.file, ...(c.assets ?? [])]))].filter(
    (f) => /elk\.worker.*\.js$/.test(f),
  );
  const later = worker.reduce((s, f) => s + gzipSize(f), 0);
  const kib = (n) => (n / 1024).toFixed(1);
  if (json) {
    console.log(
      JSON.stringify({ files, totalGzip: total, jsGzip: js, cssGzip: total - js, budgetKiB, elkGzip: later }),
    );
  } else {
    for (const f of files)
      console.log(`${kib(f.gzip).padStart(7)} KiB gz ${kib(f.raw).padStart(8)} KiB  ${f.file}  (${f.why})`);
    console.log(
      `first load: ${kib(total)} KiB gzip (JS ${kib(js)} + CSS ${kib(total - js)}), budget ${budgetKiB} KiB`,
    );
    console.log(`later: ELK ${kib(later)} KiB gzip (web worker, after the first paint)`);
  }
  if (total > budgetKiB * 1024) {
    if (!json) console.error(`over budget by ${kib(total - budgetKiB * 1024)} KiB`);
    process.exit(1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
