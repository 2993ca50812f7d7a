/**
 * How the CLI starts (`npm run sim`, and the benchmark): the bundled CLI (a CommonJS file) is
 * compiled with V8's code cache, kept beside it, as Node 22's module.enableCompileCache() would.
 * Without it every run parses the bundle and compiles each function it calls again: about half of
 * what a small scenario costs above Node's own start, and 20 ms of a 20,000-device run.
 *
 * The cache is made after a run (so it holds every function that run compiled), under a name
 * that carries a hash of the bundle's text: V8 itself only checks the text's length.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';
import { tuneV8ForCli } from './v8Tuning';

interface CliModule {
  runCli(argv: readonly string[]): void;
}

/** The code cache's file for a bundle with this text. */
export function cacheFileOf(bundle: string, source: string): string {
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  return `${bundle}.${hash}.v8cache`;
}

/**
 * Runs the CLI bundled in `bundle` (sim.ts as CommonJS) with `argv`. `requireFrom`: a file whose
 * folder the bundle's own require() resolves from (its node_modules: zod), when the bundle is
 * kept outside the checkout.
 */
export function launch(bundle: string, argv: readonly string[], requireFrom = bundle): void {
  // First: a code cache records the V8 flags it was made under, and others reject it.
  tuneV8ForCli();
  const source = readFileSync(bundle, 'utf8');
  const cacheFile = cacheFileOf(bundle, source);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // CommonJS's own wrapper, so that the bundle sees require, module and its paths.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundle,
    cachedData,
  });
  const module = { exports: {} as CliModule };
  script.runInThisContext()(module.exports, createRequire(requireFrom), module, bundle, dirname(bundle));
  if (cachedData === undefined || script.cachedDataRejected)
    process.once('exit', () => save(script, cacheFile));
  module.exports.runCli(argv);
}

function save(script: Script, file: string): void {
  // Written whole, then renamed: a CLI starting meanwhile reads the old file or the new, never half.
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, file);
  } catch {
    // A read-only checkout runs without a cache.
  }
}
