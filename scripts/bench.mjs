// `npm run bench`: bundles the benchmark and the CLI with esbuild, then runs the benchmark.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, '.cache/bench');
mkdirSync(out, { recursive: true });
const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' };
await build({
  ...common,
  entryPoints: [join(root, 'src/bench/core.bench.ts')],
  outfile: join(out, 'core.bench.mjs'),
});
await build({
  ...common,
  entryPoints: [join(root, 'src/cli/sim.ts')],
  outfile: join(out, 'sim.mjs'),
  footer: { js: 'runCli(process.argv.slice(2));' },
});
const bench = await import(pathToFileURL(join(out, 'core.bench.mjs')).href);
bench.main(join(out, 'sim.mjs'));
