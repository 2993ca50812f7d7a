import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/validate';
import { cacheFileOf } from './launch';
import { main } from './sim';

// The CLI as users run it: `node scripts/sim.mjs` (what `npm run --silent sim --` runs), as a child process.
const root = join(import.meta.dirname, '../..');
const fixture = (kind: 'good' | 'bad', name: string) => join(root, 'src/scenario/fixtures', kind, name);

function sim(args: string[], input?: string | Buffer): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['scripts/sim.mjs', ...args], {
    cwd: root,
    encoding: 'utf8',
    input,
    timeout: 60_000,
  });
}

const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at |Error:|node:internal/m);

beforeAll(() => {
  // The first run bundles the CLI into .cache/cli; later ones reuse it.
  const r = sim(['--help']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}, 120_000);

describe('sim CLI: invalid input → exit 2, one line per problem on stderr', () => {
  const files = readdirSync(join(root, 'src/scenario/fixtures/bad'));
  it.each(files)('%s', (name) => {
    const r = sim([fixture('bad', name)]);
    const expected = parseScenario(readFileSync(fixture('bad', name), 'utf8'));
    expect(expected.ok).toBe(false);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${expected.ok ? '' : expected.problems.join('\n')}\n`);
    noStackTrace(r.stderr);
  });

  it('asks for Kconfig names without CONFIG_', () => {
    const text = readFileSync(fixture('good', 'format-example.json'), 'utf8').replace(
      '"IOMMU_DEFAULT_PASSTHROUGH"',
      '"CONFIG_IOMMU_DEFAULT_PASSTHROUGH"',
    );
    const r = sim(['-'], text);
    expect([r.status, r.stdout, r.stderr]).toEqual([
      2,
      '',
      'kconfig.CONFIG_IOMMU_DEFAULT_PASSTHROUGH: write Kconfig names without CONFIG_ ("IOMMU_DEFAULT_PASSTHROUGH")\n',
    ]);
  });

  it('says a comparison’s option is for a comparison, not that it is unknown', () => {
    for (const flag of ['--exit-code', '--json']) {
      const r = sim([fixture('good', 'format-example.json'), flag]);
      expect([r.status, r.stdout]).toEqual([2, '']);
      expect(r.stderr).toBe(
        `${flag} is for a comparison (a comparison file, or --vs, --vs-kernel, --vs-cmdline or --fix; see --help)\n`,
      );
    }
  });

  it('reports an unreadable file, a bad option and a missing argument', () => {
    const missing = sim(['no/such/file.json']);
    expect([missing.status, missing.stderr]).toEqual([
      2,
      'no/such/file.json: cannot read the file: no such file\n',
    ]);
    const dir = sim(['src']);
    expect([dir.status, dir.stderr]).toEqual([2, 'src: cannot read the file: it is a directory\n']);
    const option = sim([fixture('good', 'format-example.json'), '--dmseg']);
    expect([option.status, option.stderr]).toEqual([2, 'unknown option --dmseg (see --help)\n']);
    const none = sim([]);
    expect([none.status, none.stderr]).toEqual([2, 'missing the scenario file (see --help)\n']);
    for (const r of [missing, dir, option, none]) expect(r.stdout).toBe('');
  });

  it('reads UTF-8 only (a byte-order mark is allowed): Latin-1 bytes are not turned into U+FFFD and run', () => {
    const text = readFileSync(fixture('good', 'format-example.json'));
    const latin1 = Buffer.from(
      text.toString('utf8').replace('"format"', '"name": "caf\u00e9", "format"'),
      'latin1',
    );
    const bad = sim(['-'], latin1);
    expect([bad.status, bad.stderr, bad.stdout]).toEqual([
      2,
      '(stdin): cannot read the file: it is not UTF-8 text\n',
      '',
    ]);
    const bom = sim(['-'], Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text]));
    expect([bom.status, bom.stderr]).toEqual([0, '']);
  });

  it('reads standard input for -', () => {
    const r = sim(
      ['-'],
      '{"format": "iommu-sandbox/scenario@1", "kernel": "v4.19", "devices": [], "steps": []}',
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^kernel: unknown kernel "v4\.19"; expected one of v5\.1, /);
  });

  it('refuses a key written twice, naming the object, the key and both lines, and runs nothing', () => {
    const text = readFileSync(fixture('good', 'format-example.json'), 'utf8').replace(
      '"kernel": "v5.3",',
      '"kernel": "v5.3",\n  "kernel": "v6.1",',
    );
    const r = sim(['-'], text);
    expect([r.status, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toBe(
      '(root): key "kernel" appears twice (lines 4 and 5); JSON.parse would keep the last\n',
    );
    // The same in a device, spelled differently: JSON reads "b\u0064f" as "bdf".
    const device = readFileSync(fixture('good', 'format-example.json'), 'utf8').replace(
      '"bdf": "00:1c.0",',
      '"bdf": "00:1c.0", "b\\u0064f": "00:1d.0",',
    );
    const d = sim(['-'], device);
    expect(d.status).toBe(2);
    expect(d.stderr).toBe(
      'devices[1]: key "bdf" appears twice (line 11, columns 7 and 25, written "bdf" and "b\\u0064f"); JSON.parse would keep the last\n',
    );
  });
});

describe('sim CLI: a valid scenario → exit 0 and the result', () => {
  it('prints the result JSON', () => {
    const r = sim([fixture('good', 'format-example.json')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ format: 'iommu-sandbox/result@1', kernel: 'v5.3' });
    expect(result.steps.map((s: { op: string }) => s.op)).toEqual(['boot', 'bind', 'dma']);
  });

  it('runs a comparison file given in place of the scenario (as README.md shows it)', () => {
    const r = sim(['scenarios/compare/si-free.json', '--exit-code']);
    expect([r.status, r.stderr]).toEqual([3, '']);
    expect(r.stdout).toMatch(/^IOMMU Sandbox comparison: si-free: /);
    expect(r.stdout).toMatch(/^1 +fault +— +use-after-free$/m);
  });

  it('runs every kind of step (refusals and crashes are results, not failures)', () => {
    const r = sim([fixture('good', 'every-step.json')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).steps).toHaveLength(15);
  });

  it('prints the event log with --dmesg', () => {
    const r = sim(['--dmesg', fixture('good', 'format-example.json')]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('# step 0: boot → ok');
    // Whether the kernel accepts the bind is the engine's answer; the line is there either way.
    expect(lines.filter((l) => l.startsWith('# step 1: '))).toEqual([
      expect.stringMatching(/^# step 1: bind 01:00\.1 → /),
    ]);
    expect(lines.some((l) => /^\S+ 0000:\w\w:\w\w\.\d: /.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/^# faults: none$|^# {3}step \d+: /);
  });

  it('with --dmesg --explain, follows each line with its why as a # line; the kernel lines stay the same', () => {
    const plain = sim(['--dmesg', fixture('good', 'format-example.json')]).stdout.split('\n');
    const r = sim(['--dmesg', '--explain', fixture('good', 'format-example.json')]);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => !l.startsWith('#'))).toEqual(plain.filter((l) => !l.startsWith('#')));
    const added = lines.indexOf(plain.find((l) => l.includes('Adding to iommu group'))!);
    expect(lines[added + 1]).toMatch(/^# {3}iommu_group_add_device\(\): \S/);
    expect(lines.some((l) => l.startsWith('# sandbox: '))).toBe(true);
  });

  it('says standard input or a file is empty, rather than "not JSON"', () => {
    expect(sim(['-'], '').stderr).toBe('(root): standard input is empty: a scenario is a JSON object\n');
    expect(sim(['-'], ' \n').status).toBe(2);
  });

  it('prints warnings on stderr without failing', () => {
    const text = readFileSync(fixture('good', 'format-example.json'), 'utf8').replace(
      '"kconfig": {',
      '"kconfig": { "IOMMU_DEFAULT_PASSTROUGH": true,',
    );
    const r = sim(['-'], text);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /^warning: kconfig\.IOMMU_DEFAULT_PASSTROUGH: .*did you mean "IOMMU_DEFAULT_PASSTHROUGH"\?\n$/,
    );
  });

  it('refuses two members of one Kconfig choice set true, whatever the order of their keys', () => {
    const withKconfig = (kconfig: string) =>
      readFileSync(fixture('good', 'format-example.json'), 'utf8')
        .replace('"v5.3"', '"v6.1"')
        .replace('"intel_iommu=on iommu=pt"', '""')
        .replace('{ "IOMMU_DEFAULT_PASSTHROUGH": false }', kconfig);
    const one =
      'are true together, but they are members of one Kconfig choice, which takes exactly one: set only one of them true';
    for (const [a, b] of [
      ['IOMMU_DEFAULT_PASSTHROUGH', 'IOMMU_DEFAULT_DMA_STRICT'],
      ['IOMMU_DEFAULT_DMA_STRICT', 'IOMMU_DEFAULT_PASSTHROUGH'],
    ]) {
      const r = sim(['--dmesg', '-'], withKconfig(`{ "${a}": true, "${b}": true }`));
      expect([r.status, r.stdout, r.stderr]).toEqual([2, '', `kconfig.${b}: ${a}, ${b} ${one}\n`]);
    }
  });
});

describe('sim CLI: an internal error → exit 1, one line', () => {
  it('reports a failure of its own as "internal error: …"', async () => {
    const err: string[] = [];
    const status = await main([fixture('good', 'format-example.json')], {
      readFile: (p) => readFileSync(p, 'utf8'),
      stdout: () => {
        throw new Error('disk full\n    at somewhere');
      },
      stderr: (t) => err.push(t),
    });
    expect([status, err]).toEqual([1, ['internal error: disk full\n']]);
  });

  it.runIf(existsSync('/dev/full'))(
    'an answer that cannot be written (a full disk) is exit 1, not success',
    () => {
      const full = openSync('/dev/full', 'w');
      try {
        for (const extra of [[], ['--dmesg']]) {
          const args = ['scripts/sim.mjs', fixture('good', 'format-example.json'), ...extra];
          const r = spawnSync(process.execPath, args, {
            cwd: root,
            encoding: 'utf8',
            stdio: ['ignore', full, 'pipe'],
          });
          expect(r.status).toBe(1);
          expect(r.stderr).toBe('cannot write the answer: ENOSPC: no space left on device, write\n');
        }
      } finally {
        closeSync(full);
      }
    },
  );
});

describe('sim CLI: V8 code cache', () => {
  const bundle = join(root, '.cache/cli/sim.cjs');
  const cacheFile = () => cacheFileOf(bundle, readFileSync(bundle, 'utf8'));

  it('is kept beside the bundle and used; a broken one changes nothing and is made again', () => {
    const first = sim([fixture('good', 'every-step.json')]);
    expect(first.status).toBe(0);
    expect(readFileSync(cacheFile()).length).toBeGreaterThan(1000);
    writeFileSync(cacheFile(), 'not a code cache');
    const again = sim([fixture('good', 'every-step.json')]);
    expect([again.status, again.stderr, again.stdout]).toEqual([0, '', first.stdout]);
    expect(readFileSync(cacheFile(), 'utf8')).not.toBe('not a code cache');
    // V8 takes the cache it made (a rejected one would be written again after every run).
    const made = statSync(cacheFile()).mtimeMs;
    expect(sim([fixture('good', 'every-step.json')]).status).toBe(0);
    expect(statSync(cacheFile()).mtimeMs).toBe(made);
  });
});
