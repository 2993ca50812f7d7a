import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duplicateKeyProblems, findDuplicateKeys, hasDuplicateKeys } from './duplicateKeys';

/** The problems for a text, as parse.ts asks for them (after JSON.parse accepted it). */
const problems = (text: string) => duplicateKeyProblems(text, JSON.parse(text));
const keysFound = (text: string) => findDuplicateKeys(text).map((d) => [d.path, d.key]);

describe('duplicate keys', () => {
  it('reports the object that holds the key, the key and the lines', () => {
    const text = [
      '{',
      '  "devices": [',
      '    { "bdf": "00:00.0", "type": "host-bridge" },',
      '    {',
      '      "bdf": "00:1c.0",',
      '      "type": "root-port",',
      '      "bdf": "00:1d.0"',
      '    }',
      '  ]',
      '}',
    ].join('\n');
    expect(problems(text)).toEqual([
      'devices[1]: key "bdf" appears twice (lines 5 and 7); JSON.parse would keep the last',
    ]);
  });

  it('names the root object, columns on one line, and a key written three times', () => {
    expect(problems('{"kernel":"v5.3","kernel":"v6.1"}')).toEqual([
      '(root): key "kernel" appears twice (line 1, columns 2 and 18); JSON.parse would keep the last',
    ]);
    expect(problems('{\n"a": 1,\n"a": 2,\n"b": 0,\n"a": 3\n}')).toEqual([
      '(root): key "a" appears 3 times (lines 2, 3 and 5); JSON.parse would keep the last',
    ]);
  });

  it('finds nothing in JSON without duplicates, nor for one key in different objects', () => {
    for (const text of [
      '{}',
      '[]',
      '"a"',
      '12',
      '{"a":{"a":1}}',
      '[{"a":1},{"a":2}]',
      '{"x":{"k":1},"y":{"k":2},"z":[{"k":3}]}',
      '{"a":{"b":1},"b":2}',
    ]) {
      expect(problems(text)).toEqual([]);
      expect(findDuplicateKeys(text)).toEqual([]);
    }
  });

  it('follows nested objects and arrays for the path', () => {
    expect(keysFound('{"a":[[1,{"x":0}],[2,3,{"x":1,"x":2}]]}')).toEqual([['a[1][2]', 'x']]);
    expect(
      keysFound('{"steps":[{"op":"hot-add","device":{"bdf":"1","driver":{"name":"a","name":"b"}}}]}'),
    ).toEqual([['steps[0].device.driver', 'name']]);
    // A duplicate after a nested object is in the outer one, not the inner.
    expect(keysFound('{"o":{"k":1},"k":2,"o":3}')).toEqual([['(root)', 'o']]);
    // Keys a path cannot write with a dot.
    expect(keysFound('{"kconfig":{"A B":{"x":1,"x":2}}}')).toEqual([['kconfig["A B"]', 'x']]);
  });

  it('is not misled by strings holding braces, brackets, commas, colons, quotes or backslashes', () => {
    for (const text of [
      '{"s":"{\\"k\\":1,\\"k\\":2}","t":"[}],:"}',
      '{"k":"\\\\","j":"\\\\\\"","l":"\\u0022"}',
      '{"a\\"b":1,"a\\\\":2}',
    ])
      expect(problems(text)).toEqual([]);
    // A string ending in an escaped backslash ends at the next quote.
    expect(keysFound('{"a":"x\\\\","a":1}')).toEqual([['(root)', 'a']]);
    expect(keysFound('{"a":"\\"{","b":{"a":1},"a":2}')).toEqual([['(root)', 'a']]);
  });

  it('treats keys that differ only by escapes as the same key, as JSON does, and shows how each is written', () => {
    expect(problems('{"bdf":"00:00.0","b\\u0064f":"00:01.0"}')).toEqual([
      '(root): key "bdf" appears twice (line 1, columns 2 and 18, written "bdf" and "b\\u0064f"); JSON.parse would keep the last',
    ]);
    expect(keysFound('{"\\"":1,"\\u0022":2}')).toEqual([['(root)', '"']]);
    expect(problems('{"\\"":1,"\\u0022":2}')[0]).toMatch(/^\(root\): key "\\"" appears twice/);
    expect(keysFound('{"\\/":1,"/":2}')).toEqual([['(root)', '/']]);
    expect(keysFound('{"\\uD83D\\uDE00":1,"😀":2}')).toEqual([['(root)', '😀']]);
    // Different keys that look alike are not the same key.
    expect(problems('{"bdf":1,"BDF":2,"bdf ":3,"b\\\\u0064f":4}')).toEqual([]);
  });

  it('finds __proto__ written twice (JSON.parse makes it an ordinary key)', () => {
    expect(problems('{"__proto__":{},"__proto__":[]}')).toHaveLength(1);
  });

  it('finds a duplicate among many keys', () => {
    const keys = Array.from({ length: 40 }, (_, i) => `"k${i}":${i}`);
    expect(keysFound(`{${keys.join(',')},"k7":0,"k39":1}`)).toEqual([
      ['(root)', 'k7'],
      ['(root)', 'k39'],
    ]);
  });

  it('copes with nesting as deep as JSON.parse takes', () => {
    const depth = 5000;
    const text = `${'['.repeat(depth)}{"a":1,"a":2}${']'.repeat(depth)}`;
    const [dup] = findDuplicateKeys(text);
    expect(dup?.path).toBe('[0]'.repeat(depth));
  });

  it('agrees with JSON.parse on what a key written twice is, for any JSON', () => {
    // Objects written as lists of entries, so that a key can be written twice, and with keys
    // spelled with or without escapes.
    type J = null | number | string | J[] | { entries: [string, J][] };
    const key = fc.constantFrom('a', 'b', '"', '\\', '{', ':', 'é');
    const { value } = fc.letrec<{ value: J }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.integer(),
        fc.string({ unit: fc.constantFrom('a', '"', '\\', '{', '}', '[', ']', ',', ':', '\n') }),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.record({ entries: fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }) }),
      ),
    }));
    const spelled = (k: string, all: boolean) =>
      all
        ? `"${[...k].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`
        : JSON.stringify(k);
    const write = (v: J, spell: () => boolean): string =>
      Array.isArray(v)
        ? `[${v.map((x) => write(x, spell)).join(',')}]`
        : v !== null && typeof v === 'object'
          ? `{${v.entries.map(([k, x]) => `${spelled(k, spell())}: ${write(x, spell)}`).join(',\n')}}`
          : JSON.stringify(v);
    // How many keys are written more than once in some object (each counted once per object).
    const twice = (v: J): number => {
      if (Array.isArray(v)) return v.reduce<number>((n, x) => n + twice(x), 0);
      if (v === null || typeof v !== 'object') return 0;
      const seen = new Map<string, number>();
      for (const [k] of v.entries) seen.set(k, (seen.get(k) ?? 0) + 1);
      const here = [...seen.values()].filter((c) => c > 1).length;
      return v.entries.reduce<number>((n, [, x]) => n + twice(x), here);
    };
    fc.assert(
      fc.property(value, fc.infiniteStream(fc.boolean()), (v, bits) => {
        const text = write(v, () => bits.next().value);
        // The count that decides whether to scan is exact both ways, and the scan finds each.
        expect(hasDuplicateKeys(text, JSON.parse(text))).toBe(twice(v) > 0);
        expect(findDuplicateKeys(text)).toHaveLength(twice(v));
      }),
      { numRuns: 500 },
    );
  });
});
