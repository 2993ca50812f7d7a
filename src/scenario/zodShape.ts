/**
 * The shape check by the zod schema: every problem of a scenario that fastShape.ts does not pass,
 * worded with its JSON path. Its own module so that the CLI loads zod only for such a file.
 */
import type { Scenario } from '../kernel/types';
import { formatIssues, formatPath, scenarioErrorMap } from './issues';
import type { ShapeResult } from './parse';
import { ScenarioSchema } from './schema';

/** ScenarioSchema's answer for a migrated document, `__proto__` keys included. */
export function zodShape(value: unknown): ShapeResult {
  const proto = protoKeys(value);
  const parsed = ScenarioSchema.safeParse(value, { error: scenarioErrorMap });
  if (!parsed.success || proto.length > 0)
    return { ok: false, problems: [...proto, ...(parsed.error ? formatIssues(parsed.error.issues) : [])] };
  return { ok: true, scenario: parsed.data satisfies Scenario };
}

/**
 * `__proto__` keys: JSON.parse makes them own properties, but copying one into a new object sets
 * its prototype instead, so the schema never sees the key. Reported here. Iterative: any depth.
 * Depth-first, last key first; a value's path is spelled out only when it has such a key (every
 * object of a large machine is visited, and copying paths for each was most of the cost).
 */
function protoKeys(raw: unknown): string[] {
  interface Node {
    value: object;
    parent: Node | null;
    key: PropertyKey;
  }
  const pathOf = (n: Node): PropertyKey[] => {
    const path: PropertyKey[] = [];
    for (let c: Node | null = n; c?.parent; c = c.parent) path.push(c.key);
    return path.reverse();
  };
  const found: string[] = [];
  if (typeof raw !== 'object' || raw === null) return found;
  const stack: Node[] = [{ value: raw, parent: null, key: '' }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const value = node.value;
    if (Object.hasOwn(value, '__proto__')) {
      found.push(
        `${formatPath([...pathOf(node), '__proto__'])}: unknown key (vendor extensions start with x-)`,
      );
    }
    const isArray = Array.isArray(value);
    for (const [k, v] of Object.entries(value))
      if (typeof v === 'object' && v !== null)
        stack.push({ value: v, parent: node, key: isArray ? Number(k) : k });
  }
  return found;
}
