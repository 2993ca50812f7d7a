/**
 * Zod issues as the one-line problems the format promises: `<JSON path>: <message>`, worded for
 * someone editing the file by hand (no zod jargon, no stack traces).
 */
import type { z } from 'zod';

type PathKey = PropertyKey;

/** `steps[3].device`, `fixes.si-guard`, `kconfig["A B"]`; the empty path is `(root)`. */
export function formatPath(path: readonly PathKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$-]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out || '(root)';
}

/** A short description of a JSON value for messages: `the number 5`, `an object`. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  switch (typeof v) {
    case 'string':
      return v.length > 40
        ? `the string ${JSON.stringify(`${v.slice(0, 37)}...`)}`
        : `the string ${JSON.stringify(v)}`;
    case 'number':
      // JSON.parse turns a numeral beyond a double's range into Infinity.
      return Number.isFinite(v) ? `the number ${v}` : 'a number too large to represent';
    case 'boolean':
      return String(v);
    case 'object':
      return 'an object';
    default:
      return typeof v;
  }
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  array: 'an array',
  null: 'null',
};

type RawIssue = z.core.$ZodRawIssue;

/** The per-parse error map: plain-language messages for the generic issue kinds. */
export function scenarioErrorMap(iss: RawIssue): string | undefined {
  switch (iss.code) {
    case 'invalid_type': {
      if (iss.input === undefined) return 'missing (required)';
      const expected = EXPECTED[iss.expected] ?? iss.expected;
      return `expected ${expected}, got ${describeValue(iss.input)}`;
    }
    case 'too_big':
      if (iss.origin === 'string') return `longer than ${iss.maximum} characters`;
      if (iss.origin === 'number' || iss.origin === 'int')
        return `${iss.input} is above the maximum, ${iss.maximum}`;
      return undefined;
    case 'too_small':
      if (iss.origin === 'string') return 'must not be empty';
      if (iss.origin === 'number' || iss.origin === 'int')
        return `${iss.input} is below the minimum, ${iss.minimum}`;
      return undefined;
    case 'invalid_value':
      if (iss.values.length === 1) {
        return `expected ${JSON.stringify(iss.values[0])}, got ${describeValue(iss.input)}`;
      }
      return `expected one of ${iss.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return `${describeValue(iss.input)} is not valid here`;
    default:
      return undefined;
  }
}

/** A union branch "matched the shape" when its issues are not a type mismatch of the whole value. */
function shapeMatched(branch: readonly z.core.$ZodIssue[]): boolean {
  return !branch.some(
    (i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value'),
  );
}

/**
 * Flattens zod issues into problem lines, one per JSON path (the first check a value fails: 1e16
 * as a DMA mask is above 64, whatever else it is); a union whose one branch fit reports that
 * branch's issues.
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PathKey[] = []): string[] {
  const out: string[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const fitting = issue.errors.filter(shapeMatched);
      if (fitting.length === 1) {
        out.push(...formatIssues(fitting[0]!, path));
        continue;
      }
    }
    if (issue.code === 'invalid_key' || issue.code === 'invalid_element') {
      // A record key that fails its pattern: the key itself is the thing to fix.
      out.push(...formatIssues(issue.issues, path));
      continue;
    }
    out.push(`${formatPath(path)}: ${issue.message}`);
  }
  const seen = new Set<string>();
  return out.filter((line) => {
    const where = line.slice(0, line.indexOf(': '));
    if (seen.has(where)) return false;
    seen.add(where);
    return true;
  });
}
