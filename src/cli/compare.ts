/**
 * `npm run sim -- a.json --vs b.json`, one scenario under two configurations
 * (`--kernel v5.3 --vs-kernel v6.1`, `--vs-fix si-domain-free-guard=off`, `--vs-cmdline …`), or a
 * comparison file (scenarios/compare/*.json, comparisonFile.ts), options on top of its worlds:
 * prints the differences as a plain-text review summary (or JSON with --json). Exit 0 when both
 * ran, 2 on bad input; with --exit-code, 3 when the worlds differ (for a script that checks a fix).
 */
import { compareRuns, type Difference, newAt } from '../compare/diff';
import { reviewSummary } from '../compare/summary';
import { applyConfig, configOf, type WorldConfig } from '../compare/variant';
import { fixOfCatalogueName } from '../kernel/fixCatalogue';
import { runScenario } from '../kernel/run';
import { FIX_IDS, type FixId, KERNELS, type KernelId, type Scenario } from '../kernel/types';
import { fixWarnings } from '../scenario/fixWarnings';
import { checkWorlds, comparisonJson, comparisonWorlds, openComparison, shownName } from './comparisonFile';
import { readError } from './readError';
import { emptyInput, parseScenarioText } from './scenarioText';

export const COMPARE_USAGE = `Comparing two worlds (same machine, same steps):
  <comparison.json>      a comparison file (iommu-sandbox/comparison@1, as in
                         scenarios/compare/) in place of the scenario runs its two
                         worlds, titled with its name. Its "scenario" path is read
                         under the parent of the folder that holds it when that folder
                         is named compare (scenarios/compare/x.json: scenarios/), else
                         under that folder (standard input: the current folder).
                         --kernel, --cmdline and --fix change its left world, and
                         their --vs- forms its right; it takes no --vs
  --vs <b.json>          compare with another scenario file's configuration (kernel,
                         command line, fixes, machine switches); both worlds run this
                         file's machine and steps (b's steps if this file has none)
  --kernel K, --vs-kernel K            the kernel of the left / right world
  --cmdline S, --vs-cmdline S          the command line of the left / right world
  --fix NAME=on|off, --vs-fix NAME=on|off   a review fix in the left / right world
                         (for a scenario file, --kernel, --cmdline and --fix without any
                         --vs option: the scenario as written, left, against it so
                         changed, right)
  --json                 print each step's differences as JSON instead of the summary
                         (a difference that lasts is listed at every step it lasts
                         through; "new": true where it appears, as the summary lists it)
  --exit-code            exit 3 when the worlds differ, 0 when they behave the same
  (--dmesg and --explain print one run: they do not combine with these. A value may follow
  its option after = as well, --kernel=v6.1; -- ends the options.)
Example: npm run --silent sim -- scenarios/compare/si-free.json
Exit status 0 whether or not the worlds differ (the differences are the answer),
unless --exit-code; 2 bad input; 1 internal error.
`;

const FLAGS = ['--vs', '--kernel', '--vs-kernel', '--cmdline', '--vs-cmdline', '--fix', '--vs-fix'];

/** Whether argv asks for a comparison (options only: after `--` come files). */
export function isCompare(argv: readonly string[]): boolean {
  const args = spelledOut(argv);
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => FLAGS.includes(a));
}

/** `--kernel=v6.1` as `--kernel v6.1`, up to a `--`. */
function spelledOut(argv: readonly string[]): string[] {
  const end = argv.indexOf('--');
  return argv.flatMap((a, i) => {
    const eq = a.indexOf('=');
    return (end < 0 || i < end) && eq > 2 && a.startsWith('--') && FLAGS.includes(a.slice(0, eq))
      ? [a.slice(0, eq), a.slice(eq + 1)]
      : [a];
  });
}

interface Side {
  kernel?: KernelId;
  cmdline?: string;
  fixes: Partial<Record<FixId, boolean>>;
}

interface CompareArgs {
  file?: string;
  vsFile?: string;
  /** --dmesg or --explain, whose message depends on what the file turns out to be. */
  oneRun?: string;
  json: boolean;
  exitCode: boolean;
  left: Side;
  right: Side;
  errors: string[];
}

function parseFix(v: string, errors: string[]): [FixId, boolean] | null {
  const m = /^([a-z0-9-]+)=(on|off|true|false)$/.exec(v);
  if (!m || !(FIX_IDS as readonly string[]).includes(m[1]!)) {
    const known = fixOfCatalogueName(m?.[1]);
    errors.push(
      known
        ? `--fix ${v}: "${m![1]}" is the catalogue's name for the fix "${known}"; write --fix ${known}=${m![2]}`
        : `--fix ${v}: expected NAME=on|off with NAME one of ${FIX_IDS.join(', ')}`,
    );
    return null;
  }
  return [m[1] as FixId, m[2] === 'on' || m[2] === 'true'];
}

function parse(given: readonly string[]): CompareArgs {
  const argv = spelledOut(given);
  const a: CompareArgs = {
    json: false,
    exitCode: false,
    left: { fixes: {} },
    right: { fixes: {} },
    errors: [],
  };
  let options = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!options || arg === '--') {
      if (options) options = false;
      else if (a.file === undefined) a.file = arg;
      else a.errors.push(`one scenario file at a time (got ${a.file} and ${arg}); use --vs for the other`);
      continue;
    }
    // The option's value; undefined (and one problem) when the command line ends first.
    const value = (): string | undefined => {
      const v = argv[++i];
      if (v === undefined) a.errors.push(`${arg} needs a value`);
      return v;
    };
    const side = arg.startsWith('--vs-') ? a.right : a.left;
    if (arg === '--json') a.json = true;
    else if (arg === '--exit-code') a.exitCode = true;
    else if (arg === '--vs') a.vsFile = value() ?? '';
    else if (arg === '--kernel' || arg === '--vs-kernel') {
      const k = value();
      if (k === undefined) continue;
      if ((KERNELS as readonly string[]).includes(k)) side.kernel = k as KernelId;
      else a.errors.push(`${arg} ${k}: unknown kernel; expected one of ${KERNELS.join(', ')}`);
    } else if (arg === '--cmdline' || arg === '--vs-cmdline') side.cmdline = value() ?? '';
    else if (arg === '--fix' || arg === '--vs-fix') {
      const v = value();
      const f = v === undefined ? null : parseFix(v, a.errors);
      if (f) side.fixes[f[0]] = f[1];
    } else if (arg === '--dmesg' || arg === '--explain') a.oneRun ??= arg;
    else if (arg.startsWith('-') && arg !== '-') a.errors.push(`unknown option ${arg} (see --help)`);
    else if (a.file === undefined) a.file = arg;
    else a.errors.push(`one scenario file at a time (got ${a.file} and ${arg}); use --vs for the other`);
  }
  if (a.file === undefined) a.errors.push('missing the scenario file (see --help)');
  return a;
}

const apply = (c: WorldConfig, s: Side): WorldConfig => ({
  ...c,
  ...(s.kernel ? { kernel: s.kernel } : {}),
  ...(s.cmdline !== undefined ? { cmdline: s.cmdline } : {}),
  fixes: { ...c.fixes, ...s.fixes },
});

export interface CompareIo {
  stdout(t: string): void;
  stderr(t: string): void;
  readFile(p: string): string;
}

const oneRunProblem = (option: string) =>
  `${option} prints one run, not a comparison: leave out the comparison's options, or ${option}`;

function readText(io: CompareIo, path: string): { text: string; problem?: undefined } | { problem: string } {
  try {
    return { text: io.readFile(path) };
  } catch (e) {
    return { problem: readError(path, e) };
  }
}

interface Loaded {
  scenario?: Scenario;
  problems: string[];
  warnings: string[];
}

async function load(io: CompareIo, path: string): Promise<Loaded> {
  const read = readText(io, path);
  if (read.problem !== undefined) return { problems: [read.problem], warnings: [] };
  if (comparisonJson(read.text))
    return {
      problems: [
        `${path}: a comparison file (it names both of its worlds); --vs takes a scenario file. Run the comparison by itself: npm run --silent sim -- ${path}`,
      ],
      warnings: [],
    };
  return loaded(path, read.text);
}

async function loaded(path: string, text: string): Promise<Loaded> {
  const empty = emptyInput(text, path);
  if (empty) return { problems: [`${path}: ${empty}`], warnings: [] };
  const r = await parseScenarioText(text);
  return r.ok
    ? { scenario: r.scenario, problems: [], warnings: r.warnings.map((w) => `${path}: ${w}`) }
    : { problems: r.problems.map((p) => `${path}: ${p}`), warnings: [] };
}

/** A device list in one canonical spelling (key order is not meaning). */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0)))
      : x,
  );

/**
 * Both worlds run one machine and one list of steps, as the page's review mode does: the first
 * file's, or the other file's steps when the first has none. The other file gives its
 * configuration; what of it is not used is said, since rows aligned by step number across two
 * different step lists, or two machines, would compare unrelated things.
 */
function oneWorld(base: Scenario, other: Scenario, file: string, vsFile: string) {
  const notes: string[] = [];
  if (canonical(base.kconfig ?? {}) !== canonical(other.kconfig ?? {}))
    notes.push(
      `${vsFile} has another Kconfig; both worlds use ${file}'s (a comparison varies the kernel, command line, fixes and machine switches)`,
    );
  if (canonical(base.devices) !== canonical(other.devices)) {
    notes.push(
      `${vsFile} describes another machine; both worlds run ${file}'s machine and steps, with ${vsFile}'s kernel, command line, fixes and machine switches`,
    );
    return { scenario: base, notes };
  }
  if (!base.steps.length && other.steps.length) return { scenario: { ...base, steps: other.steps }, notes };
  if (other.steps.length && canonical(base.steps) !== canonical(other.steps))
    notes.push(
      `${vsFile} has other steps; both worlds run ${file}'s ${base.steps.length} ${base.steps.length === 1 ? 'step' : 'steps'}`,
    );
  return { scenario: base, notes };
}

/**
 * A world's review fixes on a kernel where they change nothing, when the options put them there
 * (the files' own such fixes were warned about with the files): `--kernel v5.1` moves a file's
 * fixes onto v5.1 as they are.
 */
function movedFixWarnings(lc: WorldConfig, rc: WorldConfig, file: Scenario, other?: Scenario): string[] {
  const said = new Set([file, other].flatMap((s) => (s ? fixWarnings(s.fixes, s.kernel) : [])));
  return [
    ...fixWarnings(lc.fixes, lc.kernel).map((w) => ['left', w] as const),
    ...fixWarnings(rc.fixes, rc.kernel).map((w) => ['right', w] as const),
  ]
    .filter(([, w]) => !said.has(w))
    .map(([side, w]) => `the ${side} world: ${w}`);
}

/** Each difference marked `new` where it appears (what the summary lists), in its step's order. */
function withNew(diffs: Difference[]): (Difference & { new: boolean })[] {
  const fresh = new Set([...new Set(diffs.map((d) => d.step))].flatMap((step) => newAt(diffs, step)));
  return diffs.map((d) => ({ ...d, new: fresh.has(d) }));
}

/** Problems said on stderr: the exit status of bad input. */
function failed(io: CompareIo, problems: string[]): number {
  io.stderr(`${problems.join('\n')}\n`);
  return 2;
}

/** Both worlds run, and their differences printed; resolves to the exit status. */
function answer(
  io: CompareIo,
  a: CompareArgs,
  s: Scenario,
  lc: WorldConfig,
  rc: WorldConfig,
  title: string | undefined,
): number {
  // Each world's configuration whole: a fix or switch the other side leaves out is its default,
  // not this side's value.
  const diffs = compareRuns(runScenario(applyConfig(s, lc)), runScenario(applyConfig(s, rc)));
  io.stdout(a.json ? `${JSON.stringify(withNew(diffs), null, 2)}\n` : reviewSummary(s, lc, rc, diffs, title));
  return a.exitCode && diffs.length > 0 ? 3 : 0;
}

/** Runs a comparison; resolves to the exit status. */
export async function compareMain(argv: readonly string[], io: CompareIo): Promise<number> {
  const a = parse(argv);
  const fail = (problems: string[]) => failed(io, problems);
  if (a.errors.length) return fail(a.oneRun ? [...a.errors, oneRunProblem(a.oneRun)] : a.errors);
  const read = readText(io, a.file!);
  if (read.problem !== undefined) return fail([read.problem]);
  const comparison = comparisonJson(read.text);
  if (comparison) return comparisonFileMain(a, comparison, read.text, io);
  if (a.oneRun) return fail([oneRunProblem(a.oneRun)]);
  const left = await loaded(a.file!, read.text);
  const other = a.vsFile ? await load(io, a.vsFile) : null;
  const problems = [...left.problems, ...(other?.problems ?? [])];
  if (problems.length || !left.scenario || (other && !other.scenario)) return fail(problems);
  for (const w of [...left.warnings, ...(other?.warnings ?? [])]) io.stderr(`warning: ${w}\n`);
  const base = left.scenario;
  const onlyLeftFixes =
    !a.vsFile && !a.right.kernel && a.right.cmdline === undefined && !Object.keys(a.right.fixes).length;
  const lc = onlyLeftFixes ? configOf(base) : apply(configOf(base), a.left);
  const rc = other?.scenario
    ? apply(configOf(other.scenario), a.right)
    : onlyLeftFixes
      ? apply(configOf(base), a.left)
      : apply(configOf(base), a.right);
  const world = other?.scenario
    ? oneWorld(base, other.scenario, a.file!, a.vsFile!)
    : { scenario: base, notes: [] };
  for (const n of world.notes) io.stderr(`note: ${n}\n`);
  for (const w of movedFixWarnings(lc, rc, left.scenario, other?.scenario)) io.stderr(`warning: ${w}\n`);
  const title = other?.scenario ? `${base.name ?? a.file} vs ${other.scenario.name ?? a.vsFile}` : undefined;
  return answer(io, a, world.scenario, lc, rc, title);
}

/** A side's options as they were given (`--vs-kernel v6.1 --vs-fix x=off`), '' for none. */
function optionsOf(s: Side, prefix: '--' | '--vs-'): string {
  return [
    s.kernel && `${prefix}kernel ${s.kernel}`,
    s.cmdline !== undefined && `${prefix}cmdline ${JSON.stringify(s.cmdline)}`,
    ...Object.entries(s.fixes).map(([id, on]) => `${prefix}fix ${id}=${on ? 'on' : 'off'}`),
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * A comparison file's two worlds, as the page opens them, with the options applied on top: the
 * plain ones to its left world, the --vs- ones to its right (there is no "as written" world to
 * set one against, as with a scenario file).
 */
async function comparisonFileMain(
  a: CompareArgs,
  raw: Record<string, unknown>,
  text: string,
  io: CompareIo,
): Promise<number> {
  const fail = (problems: string[]) => failed(io, problems);
  const file = shownName(a.file!);
  if (a.vsFile !== undefined)
    return fail([
      `--vs ${a.vsFile}: ${file} is a comparison file, which names both of its worlds; leave out --vs (--vs-kernel, --vs-cmdline and --vs-fix change its right world)`,
    ]);
  const r = await openComparison((p) => io.readFile(p), a.file!, raw, text);
  if (!r.ok) return fail(r.problems);
  const { comparison, scenario, scenarioPath, scenarioWarnings } = r.opened;
  if (a.oneRun)
    return fail([
      `${a.oneRun} prints one run, and ${file} is a comparison of two: run its scenario, ${scenarioPath}, with ${a.oneRun}`,
    ]);
  const worlds = comparisonWorlds(scenario, comparison);
  const lc = apply(worlds.left, a.left);
  const rc = apply(worlds.right, a.right);
  const given = { left: optionsOf(a.left, '--'), right: optionsOf(a.right, '--vs-') };
  const checked = await checkWorlds(
    { left: applyConfig(worlds.scenario, lc), right: applyConfig(worlds.scenario, rc) },
    scenarioPath,
    scenarioWarnings,
    (side) => `${file}: $.${side}${given[side] && `, with ${given[side]}`}: `,
  );
  if (checked.problems.length) return fail(checked.problems);
  for (const w of checked.warnings) io.stderr(`warning: ${w}\n`);
  // Changed by options, the worlds are no longer quite the file's: its name alone would not say so.
  const options = [given.left, given.right].filter(Boolean).join(' ');
  return answer(
    io,
    a,
    worlds.scenario,
    lc,
    rc,
    options ? `${comparison.name}, with ${options}` : comparison.name,
  );
}
