import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareMain, isCompare } from './compare';

const examples = new URL('../../scenarios/examples/', import.meta.url);
const path = (f: string) => new URL(f, examples).pathname;

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await compareMain(argv, {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    readFile: (p) => readFileSync(p, 'utf8'),
  });
  return { code, out, err };
}

/** A comparison of one file whose text is `text`, under v6.1 on the right. */
async function compareMainWith(path: string, text: string) {
  let err = '';
  const code = await compareMain([path, '--vs-kernel', 'v6.1'], {
    stdout: () => {},
    stderr: (t) => {
      err += t;
    },
    readFile: () => text,
  });
  return { code, err };
}

describe('sim --vs: two worlds from the terminal', () => {
  it('is asked for by any --vs, --kernel, --cmdline or --fix flag', () => {
    expect(isCompare(['a.json', '--vs-kernel', 'v6.1'])).toBe(true);
    expect(isCompare(['a.json', '--dmesg'])).toBe(false);
  });

  it('--fix alone compares the scenario as written with the fix switched', async () => {
    const r = await run([
      path('e07-si-domain-freed-on-group-release.v5.3.json'),
      '--fix',
      'si-domain-free-guard=off',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('si-domain-free-guard=on');
    expect(r.out).toContain('si-domain-free-guard=off');
    expect(r.out).toContain('− si_domain');
    expect(r.out).toContain('double-free');
    for (const line of r.out.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('--kernel alone: the scenario as written on the left, under that kernel on the right', async () => {
    const e2 = path('e02-iommu-pt-32bit-device.v5.3.json');
    const r = await run([e2, '--kernel', 'v6.1']);
    expect(r.out).toMatch(/^Left: v5\.3,/m);
    expect(r.out).toMatch(/^Right: v6\.1,/m);
  });

  it('takes --name=value and a -- before the file, as the single run does', async () => {
    const e2 = path('e02-iommu-pt-32bit-device.v5.3.json');
    const spaced = await run([e2, '--vs-kernel', 'v6.1', '--vs-cmdline', 'iommu=pt']);
    expect(await run(['--vs-kernel=v6.1', '--vs-cmdline=iommu=pt', '--', e2])).toEqual(spaced);
    expect(isCompare(['--kernel=v6.1', 'a.json'])).toBe(true);
    // After --, names are files, whatever they look like.
    expect(isCompare(['--', '--kernel', 'a.json'])).toBe(false);
  });

  it('--json lists every step’s differences, "new" marking those the summary lists', async () => {
    const e2 = path('e02-iommu-pt-32bit-device.v5.3.json');
    const json = JSON.parse((await run([e2, '--kernel', 'v5.1', '--vs-kernel', 'v6.1', '--json'])).out) as {
      step: number;
      new: boolean;
    }[];
    const summary = (await run([e2, '--kernel', 'v5.1', '--vs-kernel', 'v6.1'])).out;
    const listed = Number(/Differences \((\d+)\)/.exec(summary)![1]);
    expect(json.filter((d) => d.new)).toHaveLength(listed);
    expect(json.length).toBeGreaterThan(listed);
  });

  it('says each file’s warnings, naming the file', async () => {
    const text = JSON.parse(readFileSync(path('e02-iommu-pt-32bit-device.v5.3.json'), 'utf8'));
    text.kconfig = { IOMMU_DEFAULT_PASSTRHOUGH: true };
    const r = await compareMainWith('typo.json', JSON.stringify(text));
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^warning: typo\.json: kconfig\.IOMMU_DEFAULT_PASSTRHOUGH: .*did you mean/);
  });

  it('warns when the options put a file’s review fixes on a kernel where they change nothing', async () => {
    // deferred-attach-first is a v5.3/v5.7 fix: the file's own kernel has it, v6.1 does not.
    const e8 = path('e08-kdump-deferred-attach.defer-order-pt.v5.7.json');
    const r = await run([e8, '--kernel', 'v5.3', '--vs-kernel', 'v6.1']);
    expect(r.code).toBe(0);
    expect(r.err).toBe(
      'warning: the right world: fixes.deferred-attach-first: changes nothing on v6.1, which has no code this fix changes (it applies to v5.3, v5.7)\n',
    );
    // The summary lists each world's switches of code its kernel has: not the 5.3/5.7 fix on v6.1.
    expect(r.out).toMatch(/^Left: v5\.3,[^\n]*\n {2}fixes [^\n]*deferred-attach-first=off/m);
    expect(r.out).not.toMatch(/^Right: v6\.1,[^\n]*\n {2}fixes [^\n]*deferred-attach-first/m);
    // A --fix for another kernel than the file's, likewise.
    const e2 = await run([path('e02-iommu-pt-32bit-device.v5.3.json'), '--fix', 'b-32bit-fallback=on']);
    expect(e2.code).toBe(0);
    expect(e2.err).toMatch(/^warning: the right world: fixes\.b-32bit-fallback: changes nothing on v5\.3/);
  });

  it('--kernel / --vs-kernel put one scenario under two kernels', async () => {
    const r = await run([
      path('e05-two-functions-different-needs.v5.3.json'),
      '--kernel',
      'v5.3',
      '--vs-kernel',
      'v3-sewart',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const diffs = JSON.parse(r.out) as { kind: string; right: string }[];
    expect(diffs.some((d) => d.kind === 'fault' && d.right.startsWith('isolation-broken'))).toBe(true);
  });

  it('--vs compares two files', async () => {
    const r = await run([
      path('e07-si-domain-freed-on-group-release.v5.3.json'),
      '--vs',
      path('e07-si-domain-freed-on-group-release.no-si-guard.v5.3.json'),
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('use-after-free');
  });

  it('--vs runs one machine and one list of steps in both worlds, and says what of the other file it leaves out', async () => {
    const e2 = path('e02-iommu-pt-32bit-device.v5.3.json');
    const e4 = path('e04-iommu-pt-32bit-device.v6.1.json');
    // Same machine, other steps: E2's steps in both worlds, so step 4 is E2's dma in each.
    const steps = await run([e2, '--vs', e4, '--json']);
    expect(steps.err).toBe(`note: ${e4} has other steps; both worlds run ${e2}'s 6 steps\n`);
    const diffs = JSON.parse(steps.out) as { step: number; kind: string; left: string; right: string }[];
    expect(diffs.find((d) => d.step === 4 && d.kind === 'group-type')).toMatchObject({
      left: 'DMA (lazy)',
      right: 'identity',
    });
    const byKernel = await run([e2, '--vs-kernel', 'v6.1', '--vs-cmdline', 'iommu=pt', '--json']);
    expect(JSON.parse(byKernel.out)).toEqual(diffs);
    // Another machine: its configuration on this file's machine, never rows of two machines.
    const e12 = path('e12-vfio-dma-ownership.v6.1.json');
    const machine = await run([e2, '--vs', e12]);
    expect(machine.err).toMatch(
      /e12-vfio-dma-ownership\.v6\.1\.json describes another machine; both worlds run .*e02/,
    );
    expect(machine.out).not.toContain('01:00.0');
  });

  it('--vs takes the other file’s configuration whole: a fix it leaves out is its default, not this file’s', async () => {
    const noGuard = path('e07-si-domain-freed-on-group-release.no-si-guard.v5.3.json');
    const text = JSON.parse(readFileSync(noGuard, 'utf8'));
    delete text.fixes;
    delete text.name;
    let out = '';
    const code = await compareMain([noGuard, '--vs', 'default.json', '--exit-code', '--json'], {
      stdout: (t) => {
        out += t;
      },
      stderr: () => {},
      readFile: (p) => (p === 'default.json' ? JSON.stringify(text) : readFileSync(p, 'utf8')),
    });
    // Without a `fixes` key the guard is on (it shipped in 5.3): the worlds differ as E7's do.
    expect(code).toBe(3);
    expect(
      JSON.parse(out).some(
        (d: { kind: string; left: string }) => d.kind === 'fault' && d.left === 'use-after-free',
      ),
    ).toBe(true);
  });

  it('--exit-code answers 3 when the worlds differ and 0 when they behave the same', async () => {
    const e07 = path('e07-si-domain-freed-on-group-release.v5.3.json');
    const differ = await run([e07, '--fix', 'si-domain-free-guard=off', '--exit-code']);
    expect([differ.code, differ.err]).toEqual([3, '']);
    expect(differ.out).toContain('double-free');
    const same = await run([e07, '--vs', e07, '--exit-code']);
    expect(same.code).toBe(0);
    expect(same.out).toContain('No differences');
    expect((await run([e07, '--fix', 'si-domain-free-guard=off'])).code).toBe(0);
  });

  it('bad flags and bad files are exit 2 with a message, never a stack trace', async () => {
    expect((await run(['x.json', '--vs-kernel', 'v4.19'])).err).toMatch(/unknown kernel/);
    expect((await run(['x.json', '--fix', 'nonsense'])).code).toBe(2);
    // The comparisons' (and the model's catalogue) name for a fix points to the one the CLI takes.
    expect((await run(['x.json', '--fix', 'si-free=off'])).err).toContain(
      '--fix si-free=off: "si-free" is the catalogue\'s name for the fix "si-domain-free-guard"; write --fix si-domain-free-guard=off',
    );
    const missing = await run(['/nonexistent.json', '--vs-kernel', 'v6.1']);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe('/nonexistent.json: cannot read the file: no such file\n');
  });

  it('an option without its value is one problem, not two', async () => {
    const r = await run([path('e03-32bit-function-in-two-function-group.v5.3.json'), '--vs-kernel']);
    expect([r.code, r.err]).toEqual([2, '--vs-kernel needs a value\n']);
  });

  it('an empty file says so, as a single run does', async () => {
    const r = await compareMainWith('/tmp/empty.json', '');
    expect([r.code, r.err]).toEqual([
      2,
      '/tmp/empty.json: (root): the file is empty: a scenario is a JSON object\n',
    ]);
  });

  it('--dmesg in a comparison is not called unknown: it says what it prints instead', async () => {
    const r = await run([
      path('e03-32bit-function-in-two-function-group.v5.3.json'),
      '--vs-kernel',
      'v6.1',
      '--dmesg',
    ]);
    expect([r.code, r.err]).toEqual([
      2,
      "--dmesg prints one run, not a comparison: leave out the comparison's options, or --dmesg\n",
    ]);
  });
});
