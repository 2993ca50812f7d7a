// `npm run sim -- <scenario.json> [--dmesg]`: bundles the CLI (scripts/cli-bundle.mjs) into
// .cache/cli when something under src/ is newer than the bundle, then runs it in this process
// (same argv, stdio and exit status) through src/cli/launch.ts, which keeps V8's code cache beside
// it. Build output is silent so that stdout carries only the CLI's output.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCli, bundleOf, launcherOf } from './cli-bundle.mjs';

const here = fileURLToPath(import.meta.url);
const root = join(dirname(here), '..');
const outdir = join(root, '.cache/cli');
const out = bundleOf(outdir);

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
  const inputs = [
    newest(join(root, 'src')),
    statSync(here).mtimeMs,
    statSync(join(dirname(here), 'cli-bundle.mjs')).mtimeMs,
  ];
  if (existsSync(join(root, 'package-lock.json')))
    inputs.push(statSync(join(root, 'package-lock.json')).mtimeMs);
  return statSync(out).mtimeMs < Math.max(...inputs);
}

async function ensureBuilt() {
  if (isStale() || !existsSync(launcherOf(outdir))) await bundleCli(root, outdir);
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
  createRequire(import.meta.url)(launcherOf(outdir)).launch(out, process.argv.slice(2));
} catch (e) {
  process.stderr.write(`internal error: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}\n`);
  process.exitCode = 1;
}
