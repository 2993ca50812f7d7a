// `npm run sim -- <scenario.json> [--dmesg]`: bundles the CLI (scripts/cli-bundle.mjs) into
// .cache/cli when something under src/ is newer than the bundle, then runs it in this process
// (same argv, stdio and exit status) through src/cli/launch.ts, which keeps V8's code cache beside
// it. Build output is silent so that stdout carries only the CLI's output. A checkout that cannot
// be written (a read-only mount, another user's clone) gets its bundle in the user's cache folder,
// or a private temporary one: a valid scenario must not fail because the tool could not save itself.
import { createHash } from 'node:crypto';
import {
  accessSync,
  constants,
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCli, bundleOf, launcherOf } from './cli-bundle.mjs';

const here = fileURLToPath(import.meta.url);
const root = join(dirname(here), '..');

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

function isStale(out) {
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

/** Whether files can be made in `dir`, or in its nearest existing parent. */
function writable(dir) {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(d)) {
      try {
        accessSync(d, constants.W_OK);
        return true;
      } catch {
        return false;
      }
    }
    if (d === dirname(d)) return false;
  }
}

const ready = (outdir) => !isStale(bundleOf(outdir)) && existsSync(launcherOf(outdir));

/** Whether `dir` is a real folder (not a link) of this user's: one another user cannot have planted. */
function ownedHere(dir) {
  try {
    const st = lstatSync(dir);
    return st.isDirectory() && (process.getuid === undefined || st.uid === process.getuid());
  } catch {
    return false;
  }
}

/**
 * The folder of an up-to-date bundle: the checkout's; else one per checkout in the user's cache
 * folder; else a new private temporary folder for this run alone (a fixed name in /tmp could be
 * made first by another user, who would then choose the code this one runs).
 */
async function ensureBuilt() {
  const own = join(root, '.cache/cli');
  if (ready(own)) return own;
  if (writable(own)) {
    await bundleCli(root, own);
    return own;
  }
  const tag = createHash('sha256').update(root).digest('hex').slice(0, 12);
  const cache = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'iommu-sandbox', `cli-${tag}`);
  if (ownedHere(cache) && ready(cache)) return cache;
  if (ownedHere(cache) || (!existsSync(cache) && writable(cache))) {
    try {
      await bundleCli(root, cache);
      if (ownedHere(cache)) return cache;
    } catch {
      // Not writable after all: the temporary folder below.
    }
  }
  const once = mkdtempSync(join(tmpdir(), 'iommu-sandbox-cli-'));
  process.on('exit', () => rmSync(once, { recursive: true, force: true }));
  await bundleCli(root, once);
  return once;
}

/** esbuild's first error with its place, or why esbuild could not be loaded at all. */
function buildError(e) {
  if (e?.code === 'ERR_MODULE_NOT_FOUND') return 'esbuild is not installed (run `npm install` first)';
  const first = e?.errors?.[0];
  if (!first) return e instanceof Error ? e.message.split('\n')[0] : String(e);
  const at = first.location
    ? ` (${relative(root, resolve(first.location.file))}:${first.location.line})`
    : '';
  return `${first.text}${at}`;
}

let outdir;
try {
  outdir = await ensureBuilt();
} catch (e) {
  process.stderr.write(`internal error: cannot build src/cli/sim.ts: ${buildError(e)}\n`);
  process.exit(1);
}

try {
  // `npm run` starts scripts in the package root; a relative path means the caller's directory.
  if (process.env.npm_lifecycle_event === 'sim' && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
  // zod, left out of the bundle, comes from the checkout's node_modules wherever the bundle is.
  createRequire(import.meta.url)(launcherOf(outdir)).launch(bundleOf(outdir), process.argv.slice(2), here);
} catch (e) {
  process.stderr.write(`internal error: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}\n`);
  process.exitCode = 1;
}
