/**
 * checkTopology answers a sound tree from the topology a boot reuses, without its full check: on
 * any list, broken or not, it must say exactly what the full check says.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateDevices } from '../bench/generate';
import { checkTopology, topologyProblems } from './topologyCheck';
import type { DeviceSpec } from './types';

const BASE = generateDevices(80);
const bdfs = BASE.map((d) => d.bdf);

// One edit of a device that can make the tree unsound (or leave it sound).
const edit = fc.oneof(
  fc.record({ kind: fc.constant('parent' as const), to: fc.constantFrom(...bdfs, '7f:00.0', 'zz') }),
  fc.record({ kind: fc.constant('no-parent' as const) }),
  fc.record({
    kind: fc.constant('type' as const),
    to: fc.constantFrom('acpi', 'pci', 'root-port', 'endpoint'),
  }),
  fc.record({
    kind: fc.constant('bdf' as const),
    to: fc.constantFrom(...bdfs, '0000:00:01.0', '01:00.0'.toUpperCase(), 'bad'),
  }),
  fc.record({ kind: fc.constant('alias' as const), to: fc.constantFrom(...bdfs) }),
);

function apply(
  specs: DeviceSpec[],
  at: number,
  e: typeof edit extends fc.Arbitrary<infer T> ? T : never,
): void {
  const d = { ...specs[at]! };
  if (e.kind === 'parent') d.parent = e.to;
  else if (e.kind === 'no-parent') delete d.parent;
  else if (e.kind === 'type') d.type = e.to as DeviceSpec['type'];
  else if (e.kind === 'bdf') d.bdf = e.to;
  else d.aliases = [e.to];
  specs[at] = d;
}

describe('checkTopology', () => {
  it('says what the full check says, on sound and broken trees alike', () => {
    expect(checkTopology(BASE)).toEqual([]);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(BASE.length - 1), edit), { maxLength: 3 }), (edits) => {
        const specs = BASE.slice();
        for (const [at, e] of edits) apply(specs, at, e);
        expect(checkTopology(specs)).toEqual(topologyProblems(specs));
      }),
      { numRuns: 400 },
    );
  });
});
