/**
 * The result JSON as the CLI prints it: the structure indented, each event, group, domain, device
 * and fault on one line — readable, diffable, and cheap to produce for machines of 200,000 devices.
 * Without --explain the events are exactly the kernel's lines (dmesg); with it, the sandbox's own
 * explanations and every event's `why` come along.
 */
import type { ResultEvent, RunResult } from '../kernel/types';

const line = (v: unknown) => JSON.stringify(v);

function list(items: readonly unknown[], indent: string): string {
  if (items.length === 0) return '[]';
  return `[\n${items.map((i) => `${indent}  ${line(i)}`).join(',\n')}\n${indent}]`;
}

function kernelLine(e: ResultEvent): Omit<ResultEvent, 'why' | 'silent' | 'prefix' | 'driverName'> {
  const { why: _why, silent: _silent, prefix: _prefix, driverName: _driver, ...rest } = e;
  return rest;
}

/** The run result as text; `explain` keeps the sandbox's explanations. */
export function formatResult(result: RunResult, explain: boolean): string {
  const steps = result.steps.map((s) => {
    const events = explain ? s.events : s.events.filter((e) => !e.silent).map(kernelLine);
    const i = '      ';
    return [
      '    {',
      `${i}"op": ${line(s.op)}, "ok": ${line(s.ok)}, "error": ${line(s.error)},`,
      `${i}"events": ${list(events, i)},`,
      `${i}"state": {`,
      `${i}  "groups": ${list(s.state.groups, `${i}  `)},`,
      `${i}  "domains": ${list(s.state.domains, `${i}  `)},`,
      `${i}  "devices": ${list(s.state.devices, `${i}  `)}`,
      `${i}}`,
      '    }',
    ].join('\n');
  });
  return [
    '{',
    `  "format": ${line(result.format)},`,
    `  "kernel": ${line(result.kernel)},`,
    `  "steps": [\n${steps.join(',\n')}\n  ],`,
    `  "faults": ${list(result.faults, '  ')}`,
    '}',
    '',
  ].join('\n');
}
