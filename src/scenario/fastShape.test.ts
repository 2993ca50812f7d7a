/**
 * fastShape is a shortcut for ScenarioSchema: whatever it accepts, zod must accept with the very
 * same output (keys and their order included); whatever zod rejects, it must reject. Checked on
 * every scenario file, the fixtures, and variations of a valid scenario, valid and broken.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bdfKey } from '../kernel/bdf';
import { fastShape } from './fastShape';
import { base } from './fixtures.helpers';
import { BDF_PATTERN } from './formatKeys';
import { DeviceSchema, DriverSchema, ScenarioSchema, StepSchema } from './schema';

const here = import.meta.dirname;

function agree(raw: unknown): 'fast' | 'zod' {
  const fast = fastShape(structuredClone(raw));
  const zod = ScenarioSchema.safeParse(structuredClone(raw));
  if (fast === null) return 'zod';
  expect(zod.success, 'fastShape accepted what zod rejects').toBe(true);
  expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
  return 'fast';
}

const files = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json') && !f.endsWith('.observed.json'))
    .map((f) => join(dir, f));

describe('fastShape agrees with the zod schema', () => {
  const all = [...files(join(here, '../../scenarios')), ...files(join(here, 'fixtures'))];
  it.each(all.map((f) => [f.slice(f.indexOf('/scenarios/') + 1 || f.indexOf('fixtures')), f]))(
    '%s',
    (_, f) => {
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(f, 'utf8'));
      } catch {
        return;
      }
      agree(raw);
    },
  );

  it('takes the fast path for plain valid scenarios, keys in any order', () => {
    const s = base();
    expect(agree(s)).toBe('fast');
    const shuffled = Object.fromEntries(Object.entries(s).reverse());
    shuffled.devices = s.devices.map((d) => Object.fromEntries(Object.entries(d).reverse()));
    expect(agree(shuffled)).toBe('fast');
    s.steps.push(
      { op: 'bind', device: '03:00.0', driver: { dmaMask: 32, name: 'e1000e' } },
      { op: 'bind', device: '03:00.0', driver: 'vfio-pci' },
      { op: 'hot-add', device: { type: 'endpoint', bdf: '04:00.0', driver: null } },
      { op: 'set-group-type', group: 0, value: 'identity' },
      { op: 'crash', cmdline: 'iommu=pt' },
    );
    expect(agree(s)).toBe('fast');
  });

  const broken: [string, (s: ReturnType<typeof base>) => void][] = [
    ['an extension key', (s) => Object.assign(s.devices[0]!, { 'x-note': 1 })],
    ['an unknown key', (s) => Object.assign(s.devices[0]!, { lable: 'a' })],
    ['a bad BDF', (s) => Object.assign(s.devices[1]!, { bdf: '00:20.0' })],
    ['a bad type', (s) => Object.assign(s.devices[1]!, { type: 'bridge' })],
    ['acs as a string', (s) => Object.assign(s.devices[1]!, { acs: 'yes' })],
    ['a long label', (s) => Object.assign(s.devices[1]!, { label: 'x'.repeat(81) })],
    ['a bad dmaMask', (s) => Object.assign(s.devices[4]!, { driver: { name: 'a', dmaMask: 65 } })],
    ['an empty driver name', (s) => s.steps.push({ op: 'bind', device: '03:00.0', driver: '' })],
    ['a fractional group', (s) => s.steps.push({ op: 'vfio-claim', group: 1.5 })],
    ['an unknown op', (s) => s.steps.push({ op: 'fly' })],
    ['a missing device', (s) => s.steps.push({ op: 'dma' })],
    ['a bad Kconfig name', (s) => Object.assign(s, { kconfig: { 'a b': true } })],
    ['a CONFIG_ Kconfig name', (s) => Object.assign(s, { kconfig: { CONFIG_IOMMU_DEFAULT_DMA_LAZY: true } })],
    ['a kernel typo', (s) => Object.assign(s, { kernel: 'v6.2' })],
    ['an unknown fix', (s) => Object.assign(s, { fixes: { 'si-guard': true } })],
  ];
  it.each(broken)('leaves %s to zod', (_, breakIt) => {
    const s = base();
    breakIt(s);
    expect(agree(s)).toBe('zod');
  });

  it('leaves a __proto__ key to zod (and validate.ts reports it)', () => {
    const raw = JSON.parse(JSON.stringify(base()).replace('{', '{"__proto__":{"a":1},'));
    expect(Object.hasOwn(raw, '__proto__')).toBe(true);
    expect(fastShape(raw)).toBeNull();
  });

  it("reads each object's keys from the schema itself", () => {
    expect(Object.keys(DeviceSchema.shape)).toContain('activeAtCrash');
    expect(Object.keys(DriverSchema.shape)).toEqual(['name', 'dmaMask', 'managedDma', 'dmaAtProbe']);
    expect(StepSchema.options).toHaveLength(12);
  });
});

describe('the BDF check fastShape takes from the kernel', () => {
  it('accepts exactly what BDF_PATTERN accepts', () => {
    const re = new RegExp(BDF_PATTERN);
    const chars = fc.constantFrom(...'0127f9aAFg:. x'.split(''));
    const near = fc
      .constantFrom('00:1f.7', '0001:ff:00.0', 'ABCD:0a:1F.3', '00:20.0')
      .chain((s) =>
        fc.tuple(fc.nat(s.length - 1), chars).map(([i, c]) => s.slice(0, i) + c + s.slice(i + 1)),
      );
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: chars, minLength: 5, maxLength: 13 }), near), (s) => {
        expect(bdfKey(s) >= 0).toBe(re.test(s));
      }),
      { numRuns: 3000 },
    );
  });
});
