// Writes public/scenario.schema.json (served at /scenario.schema.json) from the zod schemas in
// src/scenario/schema.ts. `--check`: write nothing, exit 1 if the committed file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'public/scenario.schema.json');

const bundled = await build({
  entryPoints: [join(root, 'src/scenario/jsonSchema.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  write: false,
  logLevel: 'silent',
});
const code = Buffer.from(bundled.outputFiles[0].contents).toString('base64');
const { scenarioJsonSchemaText } = await import(`data:text/javascript;base64,${code}`);
const text = scenarioJsonSchemaText();

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // Missing counts as stale.
  }
  if (current !== text) {
    process.stderr.write('public/scenario.schema.json is stale: run node scripts/gen-schema.mjs\n');
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
}
