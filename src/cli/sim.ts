/**
 * The headless CLI (Node only): runs a scenario file and prints the result JSON, or the event log
 * with --dmesg. Exit 0 when the scenario ran (refusals, faults and crashes are results), 2 when the
 * input is unreadable or invalid (one line per problem on stderr), 1 on an internal error or when
 * the answer cannot be written.
 */
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { formatDmesg } from '../kernel/dmesgLog';
import { forEachStep, stepAnswer } from '../kernel/run';
import type { Scenario } from '../kernel/types';
import { COMPARE_USAGE, compareMain, isCompare } from './compare';
import { comparisonJson } from './comparisonFile';
import { errorLine, readError } from './readError';
import { resultChunks } from './resultJson';
import { emptyInput, parseScenarioText } from './scenarioText';

export const USAGE = `usage: npm run --silent sim -- <scenario.json> [--dmesg] [--explain]

Runs an iommu-sandbox scenario (format iommu-sandbox/scenario@1) headless, or
compares two worlds (below).

  <scenario.json>  the scenario file; - reads it from standard input (or a
                   comparison file, iommu-sandbox/comparison@1: see below)
  --dmesg          print the event log as kernel-style lines instead of the result JSON;
                   lines starting with # are the sandbox's, not the kernel's: each step
                   (# step N: ... → its answer), notes (# sandbox: ...) and the faults
  --explain        keep every event's "why" and the sandbox's own explanations
                   (events that are not kernel lines): in the result JSON, or with
                   --dmesg as # lines after each line
  -h, --help       print this help

Scripts can run node scripts/sim.mjs <args> directly: npm run without --silent
prints its own banner on standard output.

Exit status: 0 the scenario ran (a refused step, a fault or a crash is a result);
2 the file cannot be read or is not a valid scenario or comparison (one line
per problem on stderr); 1 internal error, or the answer cannot be written (a full disk).
`;

/** Where the CLI reads and writes; a parameter so that tests can run it in-process. */
export interface CliIo {
  stdout(text: string): void;
  /** The same, as UTF-8 bytes (the result of a large machine is built as bytes); else stdout(text). */
  stdoutBytes?(bytes: Uint8Array): void;
  stderr(text: string): void;
  readFile(path: string): string;
}

const nodeIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stdoutBytes: (b) => process.stdout.write(b),
  stderr: (t) => process.stderr.write(t),
  // Strict: a file that is not UTF-8 is not a scenario (a lenient read would turn its bytes into
  // U+FFFD and run it). A byte-order mark is dropped, as editors on Windows write one.
  readFile: (p) => new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(p === '-' ? 0 : p)),
};

interface Args {
  file?: string;
  dmesg: boolean;
  explain: boolean;
  help: boolean;
  errors: string[];
  /** --json, --exit-code: a problem unless the file is a comparison file. */
  comparisonOptions: string[];
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { dmesg: false, explain: false, help: false, errors: [], comparisonOptions: [] };
  let options = true;
  for (const a of argv) {
    if (options && a === '--') options = false;
    else if (options && a === '--dmesg') args.dmesg = true;
    else if (options && a === '--explain') args.explain = true;
    else if (options && (a === '--help' || a === '-h')) args.help = true;
    else if (options && (a === '--exit-code' || a === '--json')) args.comparisonOptions.push(a);
    else if (options && a.startsWith('-') && a !== '-') args.errors.push(`unknown option ${a} (see --help)`);
    else if (args.file === undefined) args.file = a;
    else args.errors.push(`one scenario file at a time (got ${args.file} and ${a})`);
  }
  if (!args.help && args.errors.length === 0 && args.file === undefined) {
    args.errors.push('missing the scenario file (see --help)');
  }
  return args;
}

const comparisonOptionProblems = (args: Args) =>
  args.comparisonOptions.map(
    (a) =>
      `${a} is for a comparison (a comparison file, or --vs, --vs-kernel, --vs-cmdline or --fix; see --help)`,
  );

// What --dmesg prints from: each step's answer and the kernel's own events (dmesg reads the same
// fields the result format's events have); no state snapshots, which the log never shows.
function runForDmesg(s: Scenario, explain: boolean): Parameters<typeof formatDmesg>[1] {
  const steps: Parameters<typeof formatDmesg>[1]['steps'][number][] = [];
  const m = forEachStep(
    s,
    (step, out) => {
      steps.push({ op: step.op, ...stepAnswer(out), events: out.events });
    },
    { linesOnly: !explain },
  );
  return { steps, faults: m.faults };
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit status. Never rejects. */
export async function main(argv: readonly string[], io: CliIo = nodeIo): Promise<number> {
  try {
    if (isCompare(argv) && !argv.includes('--help') && !argv.includes('-h'))
      return await compareMain(argv, io);
    const args = parseArgs(argv);
    if (args.help) {
      io.stdout(`${USAGE}\n${COMPARE_USAGE}`);
      return 0;
    }
    if (args.errors.length > 0 || args.file === undefined) {
      io.stderr(`${[...args.errors, ...comparisonOptionProblems(args)].join('\n')}\n`);
      return 2;
    }
    let text: string;
    try {
      text = io.readFile(args.file);
    } catch (e) {
      io.stderr(`${readError(args.file, e)}\n`);
      return 2;
    }
    // A comparison file in place of the scenario: a comparison without any of the options. Its
    // text is handed over, as standard input cannot be read a second time.
    if (comparisonJson(text)) {
      const file = args.file;
      return await compareMain(argv, { ...io, readFile: (p) => (p === file ? text : io.readFile(p)) });
    }
    if (args.comparisonOptions.length) {
      io.stderr(`${comparisonOptionProblems(args).join('\n')}\n`);
      return 2;
    }
    const empty = emptyInput(text, args.file);
    if (empty) {
      io.stderr(`${empty}\n`);
      return 2;
    }
    const parsed = await parseScenarioText(text);
    if (!parsed.ok) {
      if (parsed.internal) throw new Error(parsed.problems.join('; '));
      io.stderr(`${parsed.problems.join('\n')}\n`);
      return 2;
    }
    for (const w of parsed.warnings) io.stderr(`warning: ${w}\n`);
    if (args.dmesg)
      io.stdout(formatDmesg(parsed.scenario, runForDmesg(parsed.scenario, args.explain), args.explain));
    // In pieces (a step at a time, all formatted before the first is written): the answer for a
    // large machine is tens of megabytes, and one string of it would be copied once more to write.
    else
      for (const chunk of resultChunks(parsed.scenario, args.explain))
        if (io.stdoutBytes) io.stdoutBytes(chunk);
        else io.stdout(Buffer.from(chunk).toString('utf8'));
    return 0;
  } catch (e) {
    try {
      io.stderr(`internal error: ${errorLine(e)}\n`);
    } catch {
      // Nowhere left to report it.
    }
    return 1;
  }
}

/**
 * Runs the CLI on this process's stdio and sets its exit status (process.exitCode, so output is
 * flushed). Started by launch.ts, which sets V8's flags first.
 */
export function runCli(argv: readonly string[]): void {
  // A reader that goes away (`| head`) is not an error worth a stack trace; an answer that cannot
  // be written (a full disk) is not a success.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(`cannot write the answer: ${errorLine(e)}\n`);
    process.exit(1);
  });
  void main(argv).then((status) => {
    process.exitCode = status;
  });
}
