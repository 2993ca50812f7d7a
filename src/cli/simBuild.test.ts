import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// scripts/sim.mjs builds the CLI before its first run; a checkout where that cannot work says why
// in one line (exit 1), not with a stack trace of the script's own.
const root = join(import.meta.dirname, '../..');
let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A checkout holding only the launcher scripts and the given CLI source. */
function checkout(source: string, withModules: boolean): string {
  dir = mkdtempSync(join(tmpdir(), 'sim-build-'));
  mkdirSync(join(dir, 'scripts'));
  for (const f of ['sim.mjs', 'cli-bundle.mjs'])
    copyFileSync(join(root, 'scripts', f), join(dir, 'scripts', f));
  mkdirSync(join(dir, 'src/cli'), { recursive: true });
  writeFileSync(join(dir, 'src/cli/sim.ts'), source);
  writeFileSync(join(dir, 'src/cli/launch.ts'), 'export {};\n');
  if (withModules) symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

const run = (at: string) =>
  spawnSync(process.execPath, [join(at, 'scripts/sim.mjs'), '--help'], { encoding: 'utf8', timeout: 60_000 });

describe('sim CLI: a CLI that cannot be built', () => {
  it('names the source line esbuild refused', () => {
    const r = run(checkout('export const = 1;\n', true));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^internal error: cannot build src\/cli\/sim\.ts: .+ \(src\/cli\/sim\.ts:1\)\n$/,
    );
  });

  it('says to install the dependencies when esbuild is missing', () => {
    const r = run(checkout('export {};\n', false));
    expect([r.status, r.stderr]).toEqual([
      1,
      'internal error: cannot build src/cli/sim.ts: esbuild is not installed (run `npm install` first)\n',
    ]);
  });
});
