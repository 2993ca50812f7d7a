// The CLI as `npm run sim` and `npm run bench` run it, bundled by esbuild into `outdir`:
// sim.cjs (src/cli/sim.ts, CommonJS so that launch.cjs can compile it with V8's code cache) and
// launch.cjs (src/cli/launch.ts, which runs sim.cjs with the process's arguments when it is the
// entry point). zod, which the CLI loads only to word a bad file's problems, stays in node_modules.
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** The entry point to start, `node <outdir>/launch.cjs <args>`. */
export const launcherOf = (outdir) => join(outdir, 'launch.cjs');
/** The bundled CLI the launcher loads, beside it. */
const BUNDLE = 'sim.cjs';
export const bundleOf = (outdir) => join(outdir, BUNDLE);

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  write: false,
  logLevel: 'silent',
  legalComments: 'none',
};

export async function bundleCli(root, outdir) {
  // Loaded only to build: a run of an up-to-date CLI never pays for esbuild.
  const { build } = await import('esbuild');
  const [sim, launch] = await Promise.all([
    build({
      ...common,
      entryPoints: [join(root, 'src/cli/sim.ts')],
      outfile: bundleOf(outdir),
      external: ['zod'],
    }),
    build({
      ...common,
      entryPoints: [join(root, 'src/cli/launch.ts')],
      outfile: launcherOf(outdir),
      footer: {
        js: `if (require.main === module) module.exports.launch(require("node:path").join(__dirname, ${JSON.stringify(BUNDLE)}), process.argv.slice(2));`,
      },
    }),
  ]);
  mkdirSync(outdir, { recursive: true });
  // Write then rename, so that a CLI started in parallel never reads half a file; the launcher
  // last, so that what it loads is there.
  const files = [...sim.outputFiles, ...launch.outputFiles];
  for (const f of files) {
    const tmp = `${f.path}.${process.pid}.tmp`;
    writeFileSync(tmp, f.contents);
    renameSync(tmp, f.path);
  }
  // Earlier builds: their files, and code caches of texts that are gone.
  const made = new Set(files.map((f) => basename(f.path)));
  for (const name of readdirSync(outdir))
    if (!made.has(name) && !name.endsWith('.tmp')) rmSync(join(outdir, name), { force: true });
}
