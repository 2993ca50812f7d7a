import { describe, expect, it } from 'vitest';
import { validateComparison } from './comparison';

const good = {
  format: 'iommu-sandbox/comparison@1',
  name: 'si-free',
  description: 'guard on vs off',
  catalogue: 'si-free',
  scenario: 'examples/e07-si-domain-freed-on-group-release.v5.3.json',
  left: { fixes: { 'si-domain-free-guard': true } },
  right: { kernel: 'v6.1', cmdline: 'iommu=pt', machine: { kdump: true } },
};

describe('comparison files', () => {
  it('reads a good file', () => {
    expect(validateComparison(good)).toEqual({ ok: true, comparison: good });
  });

  it('names every problem by its JSON path', () => {
    const read = validateComparison({
      ...good,
      format: 'iommu-sandbox/comparison@2',
      extra: 1,
      scenario: '../secret.json',
      left: { kernel: 'v4.0', fixes: { 'no-such-fix': true, 'si-domain-free-guard': 'yes' } },
      right: { machine: { turbo: true }, colour: 'red' },
    });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems).toEqual([
      '$.format: expected "iommu-sandbox/comparison@1"',
      '$.extra: unknown field',
      '$.scenario: expected the path of a scenario under scenarios/ ("examples/e07-….json")',
      '$.left.kernel: expected one of v5.1, v3-sewart, v5.3, v5.7, v5.8, v5.11, v6.1',
      expect.stringMatching(/^\$\.left\.fixes\.no-such-fix: unknown; expected one of si-domain-free-guard/),
      '$.left.fixes.si-domain-free-guard: expected true or false',
      '$.right.colour: unknown field',
      expect.stringMatching(/^\$\.right\.machine\.turbo: unknown/),
    ]);
  });

  it('refuses what is not a comparison', () => {
    expect(validateComparison([1])).toEqual({ ok: false, problems: ['$: expected an object'] });
    expect(validateComparison({ ...good, left: 'v5.3' })).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^\$\.left: expected an object/)],
    });
  });
});
