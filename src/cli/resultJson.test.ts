/**
 * The CLI serialises the kernel's own events step by step (resultChunks) and runs --dmesg without
 * snapshots; both must print exactly what the result format says: formatResult and formatDmesg
 * of runScenario.
 */
import { Buffer } from 'node:buffer';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateScenario } from '../bench/generate';
import { formatDmesg } from '../kernel/dmesg';
import { runScenario } from '../kernel/run';
import { KERNELS, type Scenario } from '../kernel/types';
import { parseScenario } from '../scenario/validate';
import { formatResult, resultChunks } from './resultJson';
import { main } from './sim';

const dir = join(import.meta.dirname, '../../scenarios/examples');
const examples = readdirSync(dir).filter((f) => f.endsWith('.json'));

function load(text: string): Scenario {
  const r = parseScenario(text);
  if (!r.ok) throw new Error(r.problems.join('\n'));
  return r.scenario;
}

async function cli(args: string[], text: string): Promise<string> {
  const out: Buffer[] = [];
  const status = await main([...args, 'scenario.json'], {
    stdout: (t) => out.push(Buffer.from(t)),
    stdoutBytes: (b) => out.push(Buffer.from(b)),
    stderr: () => {},
    readFile: () => text,
  });
  expect(status).toBe(0);
  return Buffer.concat(out).toString('utf8');
}

async function check(text: string): Promise<void> {
  const expected = runScenario(load(text));
  for (const explain of [false, true]) {
    const chunks = resultChunks(load(text), explain);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(formatResult(expected, explain));
    expect(await cli(explain ? ['--explain'] : [], text)).toBe(formatResult(expected, explain));
  }
  expect(await cli(['--dmesg'], text)).toBe(formatDmesg(load(text), expected));
}

describe('the CLI prints what runScenario says', () => {
  it.each(examples)('%s', async (f) => {
    await check(readFileSync(join(dir, f), 'utf8'));
  });

  it('the fixture with every field (an ACPI-namespace device, named by its _HID, among them)', async () => {
    const text = readFileSync(join(import.meta.dirname, '../scenario/fixtures/good/every-step.json'), 'utf8');
    expect(await cli(['--dmesg'], text)).toContain('platform INT33C4:00: Adding to iommu group');
    await check(text);
  });

  it.each(KERNELS)('a generated machine of 600 devices (%s)', async (kernel) => {
    const s = generateScenario(600, kernel);
    s.steps.push(
      { op: 'vfio-claim', group: 3 },
      { op: 'request-domain', device: s.devices[2]!.bdf, type: 'identity' },
    );
    await check(JSON.stringify(s));
  });
});
