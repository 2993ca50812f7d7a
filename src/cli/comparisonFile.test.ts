import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../compare/diff';
import { reviewSummary } from '../compare/summary';
import { applyConfig, configOf, withConfig } from '../compare/variant';
import { runScenario } from '../kernel/run';
import { loadComparison } from '../store/loadComparison';
import { scenariosFolderOf } from './comparisonFile';
import { main } from './sim';

// `npm run sim -- scenarios/compare/x.json` (comparisonFile.ts): the CLI's answer against the page's.

const examples = new URL('../../scenarios/examples/', import.meta.url);
const path = (f: string) => new URL(f, examples).pathname;
const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at |Error:|node:internal/m);

const root = fileURLToPath(new URL('../../', import.meta.url));
const compareDir = join(root, 'scenarios/compare');
const READY_MADE = readdirSync(compareDir).filter((f) => f.endsWith('.json'));

/** The CLI as `npm run sim` runs it (sim.ts's main), reading `files` before the disk. */
async function sim(argv: string[], files: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    readFile: (p) => {
      const text = files[p];
      // Standard input is there once.
      if (p === '-') delete files[p];
      return text ?? readFileSync(p, 'utf8');
    },
  });
  return { code, out, err };
}

/** What the page shows for a ready-made comparison: its worlds as loadComparison and open build them. */
async function pageDifferences(id: string) {
  const { comparison, scenario } = await loadComparison(id);
  const left = withConfig(scenario, comparison.left);
  const right = applyConfig(left, configOf(withConfig(scenario, comparison.right)));
  return { comparison, left, right, diffs: compareRuns(runScenario(left), runScenario(right)) };
}

const withoutNew = (json: string) => (JSON.parse(json) as { new: boolean }[]).map(({ new: _, ...d }) => d);

describe('sim <comparison.json>: a ready-made comparison from the terminal', () => {
  it.each(READY_MADE)('%s gives the differences the page shows, titled with its name', async (f) => {
    const file = join(compareDir, f);
    const page = await pageDifferences(f.slice(0, -'.json'.length));
    const json = await sim([file, '--json', '--exit-code']);
    expect([json.code, json.err]).toEqual([3, '']);
    expect(withoutNew(json.out)).toEqual(JSON.parse(JSON.stringify(page.diffs)));
    const summary = await sim([file]);
    expect([summary.code, summary.err]).toEqual([0, '']);
    expect(summary.out).toBe(
      reviewSummary(page.left, configOf(page.left), configOf(page.right), page.diffs, page.comparison.name),
    );
    expect(summary.out.split('\n')[0]).toContain(page.comparison.name.split(' ')[0]);
  });

  it('si-free: the world without the guard frees si_domain, and uses it after', async () => {
    const r = await sim([join(compareDir, 'si-free.json')]);
    expect(r.out).toMatch(/^IOMMU Sandbox comparison: si-free: the si_domain guard on vs off \(E7\)$/m);
    expect(r.out).toMatch(/^Left: v5\.3,[^\n]*\n {2}fixes si-domain-free-guard=on$/m);
    expect(r.out).toMatch(/^Right: v5\.3,[^\n]*\n {2}fixes si-domain-free-guard=off$/m);
    expect(r.out).toMatch(/^1 +domain +— +− si_domain$/m);
    expect(r.out).toMatch(/^1 +fault +— +use-after-free$/m);
  });

  it('reads standard input, handing the comparison the text already read', async () => {
    const text = readFileSync(join(compareDir, 'si-free.json'), 'utf8');
    // Standard input's folder is the current one (the repository's, under vitest and npm run).
    const here = await sim(['-', '--exit-code'], { '-': text.replace('"examples/', '"scenarios/examples/') });
    expect([here.code, here.err]).toEqual([3, '']);
    expect(here.out).toMatch(/^1 +fault +— +use-after-free$/m);
    const piped = await sim(['-'], { '-': text });
    expect(piped.code).toBe(2);
    expect(piped.err).toBe(
      '(stdin): $.scenario: examples/e07-si-domain-freed-on-group-release.v5.3.json: cannot read the file: no such file\n',
    );
  });

  it('applies --kernel, --cmdline and --fix to its left world, their --vs- forms to its right', async () => {
    const file = join(compareDir, 'kdump-defer-order.json');
    const r = await sim([file, '--vs-kernel', 'v6.1', '--fix', 'si-domain-free-guard=off']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Left: v5\.3,[^\n]*\n {2}fixes [^\n]*deferred-attach-first=on/m);
    expect(r.out).toMatch(/si-domain-free-guard=off/);
    expect(r.out).toMatch(/^Right: v6\.1,/m);
    // The name alone would claim the worlds are the file's.
    expect(r.out.split('\n').slice(0, 2).join(' ')).toContain(
      '(E8), with --fix si-domain-free-guard=off --vs-kernel v6.1',
    );
    // The 5.3/5.7 fix carried onto v6.1 changes nothing there: said, naming the world.
    expect(r.err).toBe(
      'warning: the right world: fixes.deferred-attach-first: changes nothing on v6.1, which has no code this fix changes (it applies to v5.3, v5.7)\n',
    );
    const { left, right } = await pageDifferences('kdump-defer-order');
    const onTop = compareRuns(
      runScenario(withConfig(left, { fixes: { 'si-domain-free-guard': false } })),
      runScenario(withConfig(right, { kernel: 'v6.1' })),
    );
    const json = await sim([file, '--vs-kernel', 'v6.1', '--fix', 'si-domain-free-guard=off', '--json']);
    expect(withoutNew(json.out)).toEqual(JSON.parse(JSON.stringify(onTop)));
    // On both sides, one warning for both worlds.
    const both = await sim([file, '--kernel=v6.1', '--vs-kernel=v6.1', '--exit-code']);
    expect(both.code).toBe(0);
    expect(both.err).toMatch(/^warning: both worlds: fixes\.deferred-attach-first: changes nothing on v6\.1/);
    expect(both.out).toContain('No differences');
  });

  it('names the file and the JSON path of each problem in a bad comparison, and runs nothing', async () => {
    const bad = JSON.stringify({
      format: 'iommu-sandbox/comparison@1',
      name: 'x',
      description: '',
      scenario: '../outside.json',
      left: { kernel: 'v4.19' },
      right: { fixes: { 'si-free': false } },
    });
    const r = await sim(['scenarios/compare/x.json', '--json'], { 'scenarios/compare/x.json': bad });
    expect([r.code, r.out]).toEqual([2, '']);
    expect(r.err.split('\n')).toEqual([
      expect.stringMatching(/^scenarios\/compare\/x\.json: \$\.scenario: expected the path of a scenario/),
      expect.stringMatching(/^scenarios\/compare\/x\.json: \$\.left\.kernel: expected one of v5\.1, /),
      expect.stringMatching(
        /^scenarios\/compare\/x\.json: \$\.right\.fixes\.si-free: unknown; expected one of /,
      ),
      '',
    ]);
    noStackTrace(r.err);
    // Another version of the format is a comparison this CLI cannot read, not "not a scenario".
    const v2 = await sim(['c.json'], { 'c.json': bad.replace('comparison@1', 'comparison@2') });
    expect(v2.err).toMatch(/^c\.json: \$\.format: expected "iommu-sandbox\/comparison@1"$/m);
  });

  it('names the comparison, $.scenario and the path it read for a missing or invalid scenario', async () => {
    const c = (scenario: string) =>
      JSON.stringify({
        format: 'iommu-sandbox/comparison@1',
        name: 'n',
        description: '',
        scenario,
        left: {},
        right: { kernel: 'v6.1' },
      });
    const missing = await sim(['scenarios/compare/m.json'], {
      'scenarios/compare/m.json': c('examples/no-such.json'),
    });
    expect([missing.code, missing.err]).toEqual([
      2,
      'scenarios/compare/m.json: $.scenario: scenarios/examples/no-such.json: cannot read the file: no such file\n',
    ]);
    const invalid = await sim(['scenarios/compare/i.json'], {
      'scenarios/compare/i.json': c('examples/bad.json'),
      'scenarios/examples/bad.json':
        '{"format": "iommu-sandbox/scenario@1", "kernel": "v5.3", "devices": []}',
    });
    expect([invalid.code, invalid.err]).toEqual([
      2,
      'scenarios/compare/i.json: $.scenario: scenarios/examples/bad.json: steps: missing (required)\n',
    ]);
    // Outside a compare/ folder, the path is read beside the comparison file.
    expect(scenariosFolderOf('mine/c.json')).toBe('mine');
    expect(scenariosFolderOf('scenarios/compare/c.json')).toBe('scenarios');
    const beside = await sim(['/tmp/mine/c.json'], {
      '/tmp/mine/c.json': c('e07.json'),
      '/tmp/mine/e07.json': readFileSync(path('e07-si-domain-freed-on-group-release.v5.3.json'), 'utf8'),
    });
    expect([beside.code, beside.err]).toEqual([0, '']);
    expect(beside.out).toMatch(/^Right: v6\.1,/m);
  });

  it('takes no --vs, and says what to run for --dmesg', async () => {
    const file = join(compareDir, 'si-free.json');
    const vs = await sim([file, '--vs', path('e02-iommu-pt-32bit-device.v5.3.json')]);
    expect(vs.code).toBe(2);
    expect(vs.err).toContain(
      'si-free.json is a comparison file, which names both of its worlds; leave out --vs',
    );
    const dmesg = await sim([file, '--dmesg']);
    expect([dmesg.code, dmesg.err]).toEqual([
      2,
      `--dmesg prints one run, and ${file} is a comparison of two: run its scenario, ${join(root, 'scenarios/examples/e07-si-domain-freed-on-group-release.v5.3.json')}, with --dmesg\n`,
    ]);
    // A comparison file given to --vs, the other way round.
    const other = await sim([path('e02-iommu-pt-32bit-device.v5.3.json'), '--vs', file]);
    expect(other.code).toBe(2);
    expect(other.err).toContain(
      `${file}: a comparison file (it names both of its worlds); --vs takes a scenario file`,
    );
  });
});
