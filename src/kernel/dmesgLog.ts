/**
 * The kernel's lines as the CLI prints them: one event's line (the result JSON's `line`) and a
 * whole run as --dmesg's annotated log. Kept apart from dmesg.ts, which the page's first view loads.
 */
import { type AnyEvent, describeStep, dmesgLine } from './dmesg';
import type { RunResult, Scenario } from './types';

// Text from the scenario (a driver's name, a value written to sysfs) reaches these lines: a line
// break in it would print a line the kernel never did, so control characters are shown escaped.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point.
const CONTROL = /[\u0000-\u001f\u007f]/g;
const oneLine = (line: string): string =>
  line.replace(CONTROL, (c) =>
    c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );

/** The line exactly as --dmesg prints it (control characters escaped): the result JSON's `line`. */
export const dmesgText = (e: AnyEvent): string => oneLine(dmesgLine(e));

/** Whether the event is a dmesg line at all (silent events explain a state change the kernel did not log). */
export function inDmesg(e: AnyEvent): boolean {
  return e.silent !== true;
}

/**
 * A step's answer as its `# step` line ends: ok, or the error, followed by the kernel function that
 * gave it when the error does not already name it (a refusal of the sandbox's own stands as it is).
 */
function answerText(r: Pick<RunResult['steps'][number], 'ok' | 'error' | 'errorFn' | 'errorBy'>): string {
  if (r.ok) return 'ok';
  const error = r.error ?? 'refused';
  const fn = r.errorFn;
  return fn && !r.errorBy && !error.includes(fn) ? `${error} (in ${fn}())` : error;
}

/**
 * The whole run as log text: a `# step N: ... → ok | error` line before each step's lines, then
 * `# faults:`. With `explain`, each line is followed by `#   fn(): why`, and what the kernel did
 * without a line comes as `# sandbox:` lines too (the events must carry their whys).
 */
export function formatDmesg(
  scenario: Scenario,
  result: Pick<RunResult, 'faults'> & {
    steps: readonly (Pick<RunResult['steps'][number], 'op' | 'ok' | 'error' | 'errorFn' | 'errorBy'> & {
      events: readonly AnyEvent[];
    })[];
  },
  explain = false,
): string {
  const lines: string[] = [];
  result.steps.forEach((r, i) => {
    const step = scenario.steps[i];
    const what = step ? describeStep(step) : r.op;
    lines.push(`# step ${i}: ${what} → ${answerText(r)}`);
    for (const e of r.events) {
      if (inDmesg(e)) lines.push(dmesgLine(e));
      else if (explain) lines.push(dmesgLine({ ...e, prefix: 'sandbox' }));
      else continue;
      if (explain && e.why) lines.push(`#   ${e.fn}(): ${e.why}`);
    }
  });
  if (result.faults.length === 0) lines.push('# faults: none');
  else {
    lines.push('# faults:');
    for (const f of result.faults) {
      const where = [
        f.domain && `domain ${f.domain}`,
        f.device && `device ${f.device}`,
        f.group !== undefined && `group ${f.group}`,
      ]
        .filter(Boolean)
        .join(', ');
      const tail = `${where ? ` (${where})` : ''}${f.inferred ? ' [inferred]' : ''}`;
      const kind = f.dma ? `${f.kind} (${f.dma})` : f.kind;
      lines.push(`#   step ${f.step}: ${kind} in ${f.fn}: ${f.message}${tail}`);
    }
  }
  return `${lines.map(oneLine).join('\n')}\n`;
}
