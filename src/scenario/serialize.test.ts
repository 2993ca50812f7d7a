import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DeviceSpec, FIX_IDS, KERNELS, type Scenario, type Step } from '../kernel/types';
import { scenarioToJson } from './serialize';
import { parseScenario } from './validate';

const good = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures/good', name), 'utf8');

function parsed(text: string): Scenario {
  const r = parseScenario(text);
  if (!r.ok) throw new Error(r.problems.join('\n'));
  return r.scenario;
}

const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');

/** Canonical, valid scenarios: a host bridge, root ports with endpoints below, steps naming them. */
const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    kernel: fc.constantFrom(...KERNELS),
    ports: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 4 }),
    extra: fc.record(
      {
        $schema: fc.constantFrom('./scenario.schema.json', 'https://example.org/scenario.schema.json'),
        name: fc.string(),
        description: fc.string(),
        cmdline: fc.string(),
        fixes: fc.record(Object.fromEntries(FIX_IDS.map((f) => [f, fc.boolean()])), { requiredKeys: [] }),
        kconfig: fc.dictionary(
          fc.stringMatching(/^[A-Z][A-Z0-9_]{0,20}$/).filter((k) => !k.startsWith('CONFIG_')),
          fc.boolean(),
          { maxKeys: 3 },
        ),
        machine: fc.record(
          { ramAbove4G: fc.boolean(), kdump: fc.boolean(), cachingMode: fc.boolean() },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    ),
    optional: fc.array(
      fc.record(
        {
          label: fc.string({ maxLength: 80 }),
          multifunction: fc.boolean(),
          vendor: fc.oneof(
            fc.constant('intel'),
            fc.stringMatching(/^[0-9a-f]{4}$/).filter((v) => v !== '8086'),
          ),
          device: fc.stringMatching(/^[0-9a-f]{4}$/),
          class: fc.stringMatching(/^([0-9a-f]{2}){1,3}$/),
          rmrr: fc.boolean(),
          driver: fc.oneof(
            fc.constant(null),
            fc.record(
              {
                name: fc.string({ minLength: 1 }),
                dmaMask: fc.integer({ min: 1, max: 64 }),
                managedDma: fc.boolean(),
              },
              { requiredKeys: ['name'] },
            ),
          ),
        },
        { requiredKeys: [] },
      ),
      { minLength: 20, maxLength: 20 },
    ),
    picks: fc.array(fc.tuple(fc.constantFrom('bind', 'unbind', 'dma', 'set-group-type', 'crash'), fc.nat()), {
      maxLength: 6,
    }),
  })
  .map(({ kernel, ports, extra, optional, picks }) => {
    const devices: DeviceSpec[] = [{ bdf: '00:00.0', type: 'host-bridge' }];
    ports.forEach((endpoints, k) => {
      const port = `00:1c.${k}`;
      devices.push({ bdf: port, type: 'root-port', acs: k % 2 === 0 });
      for (let fn = 0; fn < endpoints; fn++) {
        devices.push({
          bdf: `${hex(k + 1, 2)}:00.${fn}`,
          type: 'endpoint',
          parent: port,
          ...optional[devices.length],
        });
      }
    });
    const steps: Step[] = [{ op: 'boot' }];
    for (const [op, n] of picks) {
      const device = devices[n % devices.length]!.bdf;
      if (op === 'set-group-type') steps.push({ op, group: n % 8, value: n % 2 ? 'DMA' : 'identity' });
      else if (op === 'crash') steps.push(n % 2 ? { op } : { op, cmdline: 'intel_iommu=on' });
      else if (op === 'bind') steps.push(n % 2 ? { op, device } : { op, device, driver: 'vfio-pci' });
      else steps.push({ op: op as 'unbind' | 'dma', device });
    }
    return { format: 'iommu-sandbox/scenario@1', kernel, ...extra, devices, steps } as Scenario;
  });

describe('scenarioToJson', () => {
  it('round-trips: parse(serialize(s)) deep-equals s', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        expect(parsed(scenarioToJson(s))).toEqual(s);
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips the fixtures and is stable', () => {
    for (const f of ['format-example.json', 'every-step.json']) {
      const s = parsed(good(f));
      const text = scenarioToJson(s);
      expect(parsed(text)).toEqual(s);
      expect(scenarioToJson(parsed(text))).toBe(text);
    }
  });

  it("writes keys in the format's order, 2-space indented, without undefined fields", () => {
    const s = {
      steps: [{ device: '01:00.0', op: 'bind', driver: { dmaMask: 32, name: 'x' } }],
      devices: [{ driver: undefined, type: 'endpoint', bdf: '01:00.0', 'x-b': 1, 'x-a': { z: 1, y: 2 } }],
      kernel: 'v5.3',
      name: undefined,
      format: 'iommu-sandbox/scenario@1',
    } as unknown as Scenario;
    expect(scenarioToJson(s)).toBe(
      `${JSON.stringify(
        {
          format: 'iommu-sandbox/scenario@1',
          kernel: 'v5.3',
          devices: [{ bdf: '01:00.0', type: 'endpoint', 'x-a': { y: 2, z: 1 }, 'x-b': 1 }],
          steps: [{ op: 'bind', device: '01:00.0', driver: { name: 'x', dmaMask: 32 } }],
        },
        null,
        2,
      )}\n`,
    );
  });
});
