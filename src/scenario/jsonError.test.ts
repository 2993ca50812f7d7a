import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError, lineColumn } from './jsonError';

describe('findJsonSyntaxError', () => {
  it('places the error by line and column', () => {
    expect(findJsonSyntaxError('{\n  "a": [1,\n')).toEqual({
      message: 'Unexpected end of JSON input',
      line: 3,
      column: 1,
    });
    expect(findJsonSyntaxError('{"a": tru}')).toEqual({
      message: "Unexpected token '}'",
      line: 1,
      column: 10,
    });
    expect(findJsonSyntaxError('{"a" 1}')?.message).toBe("Expected ':' after property name in JSON");
    expect(findJsonSyntaxError('[1 2]')?.message).toBe("Expected ',' or ']' after array element in JSON");
    expect(findJsonSyntaxError('{"a":1,}')?.message).toBe('Expected double-quoted property name in JSON');
    expect(findJsonSyntaxError('"a\tb"')?.message).toBe('Bad control character in string literal in JSON');
    expect(findJsonSyntaxError('"abc')?.message).toBe('Unterminated string in JSON');
    expect(findJsonSyntaxError('{} x')).toMatchObject({ line: 1, column: 4 });
    expect(findJsonSyntaxError('-')?.message).toBe('Unexpected end of JSON input');
    expect(findJsonSyntaxError('01')?.message).toBe('Unexpected non-whitespace character after JSON');
  });

  it('counts lines and columns from 1', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });

  it('agrees with JSON.parse on what is JSON', () => {
    const accepts = (t: string) => {
      try {
        JSON.parse(t);
        return true;
      } catch {
        return false;
      }
    };
    const nearlyJson = fc
      .tuple(
        fc.json(),
        fc.nat(),
        fc.constantFrom('', ',', '}', ']', '"', ':', '\\', 'x', '\n', '-', '.', 'e'),
      )
      .map(([j, at, ins]) => j.slice(0, at % (j.length + 1)) + ins + j.slice(at % (j.length + 1)));
    fc.assert(
      fc.property(
        fc.oneof(fc.json(), nearlyJson, fc.string(), fc.string({ unit: 'binary' })),
        (t) => (findJsonSyntaxError(t) === null) === accepts(t),
      ),
      { numRuns: 2000 },
    );
  });
});
