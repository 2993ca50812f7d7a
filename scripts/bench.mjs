// `npm run bench`: bundles the benchmark and the CLI with esbuild, then runs the benchmark
// (src/bench/core.bench.ts). BENCH_RUNS, BENCH_BIG_RUNS, BENCH_CLI_RUNS, BENCH_BIG_CLI_RUNS set
// how many runs each median takes.
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { bundleCli, launcherOf } from './cli-bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, '.cache/bench');
mkdirSync(out, { recursive: true });
const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' };
await build({
  ...common,
  entryPoints: [join(root, 'src/bench/core.bench.ts')],
  outfile: join(out, 'core.bench.mjs'),
});
// The CLI exactly as `npm run sim` builds and starts it.
const cli = join(out, 'cli');
rmSync(cli, { recursive: true, force: true });
await bundleCli(root, cli);
// Where the CLI's time goes, phase by phase, in processes of its own (src/bench/cliPhases.ts).
await build({
  ...common,
  entryPoints: [join(root, 'src/bench/cliPhases.ts')],
  outdir: join(out, 'phases'),
  outExtension: { '.js': '.mjs' },
  splitting: true,
});
const bench = await import(pathToFileURL(join(out, 'core.bench.mjs')).href);
bench.main(launcherOf(cli), join(out, 'phases', 'cliPhases.mjs'));
