// `npm run sim -- <scenario.json> [--dmesg]`: bundles src/cli/sim.ts into .cache/cli/sim.mjs with
// esbuild when something under src/ is newer than the bundle, then runs it in this process (same
// argv, stdio and exit status). Build output is silent so that stdout carries only the CLI's output.
// What the CLI imports only when needed (zod, to word a bad file's problems) is split into chunks
// beside it, so that a valid file never loads it.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(import.meta.url);
const root = join(dirname(here), '..');
const entry = join(root, 'src/cli/sim.ts');
const outdir = join(root, '.cache/cli');
const out = join(outdir, 'sim.mjs');

/** Newest modification time under `dir`, ignoring tests (they are not in the bundle). */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (!/\.test\.tsx?$/.test(e.name)) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

function isStale() {
  if (!existsSync(out)) return true;
  const inputs = [newest(join(root, 'src')), statSync(here).mtimeMs];
  if (existsSync(join(root, 'package-lock.json')))
    inputs.push(statSync(join(root, 'package-lock.json')).mtimeMs);
  return statSync(out).mtimeMs < Math.max(...inputs);
}

async function ensureBuilt() {
  if (!isStale()) return;
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [entry],
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  });
  mkdirSync(outdir, { recursive: true });
  // Write then rename, so that a CLI started in parallel never imports half a file; the entry
  // last, so that the chunks it names are there (their names are hashes of their contents).
  const files = result.outputFiles.sort((a, b) => (a.path === out) - (b.path === out));
  for (const f of files) {
    const tmp = `${f.path}.${process.pid}.tmp`;
    writeFileSync(tmp, f.contents);
    renameSync(tmp, f.path);
  }
  const made = new Set(files.map((f) => basename(f.path)));
  for (const name of readdirSync(outdir))
    if (name.endsWith('.mjs') && !made.has(name)) rmSync(join(outdir, name), { force: true });
}

function buildError(e) {
  const first = e?.errors?.[0];
  if (!first) return e instanceof Error ? e.message : String(e);
  const at = first.location ? ` (${first.location.file}:${first.location.line})` : '';
  return `${first.text}${at}`;
}

try {
  await ensureBuilt();
} catch (e) {
  process.stderr.write(`internal error: cannot build src/cli/sim.ts: ${buildError(e)}\n`);
  process.exit(1);
}

try {
  // `npm run` starts scripts in the package root; a relative path means the caller's directory.
  if (process.env.npm_lifecycle_event === 'sim' && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
  const cli = await import(pathToFileURL(out).href);
  cli.runCli(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`internal error: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}\n`);
  process.exitCode = 1;
}
