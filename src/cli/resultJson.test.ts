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
import { formatDmesg } from '../kernel/dmesgLog';
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

  it('a scenario without steps: an empty list, as JSON.stringify writes it', async () => {
    const text = JSON.stringify({
      format: 'iommu-sandbox/scenario@1',
      kernel: 'v6.1',
      devices: [{ bdf: '00:02.0', type: 'rc-endpoint' }],
      steps: [],
    });
    await check(text);
    expect(await cli([], text)).toContain('"steps": [],\n');
  });

  it('the fixture with every field (an ACPI-namespace device, named by its _HID, among them)', async () => {
    const text = readFileSync(join(import.meta.dirname, '../scenario/fixtures/good/every-step.json'), 'utf8');
    expect(await cli(['--dmesg'], text)).toContain('platform INT33C4:00: Adding to iommu group');
    await check(text);
  });

  it("writes each DMA fault's dma, after its kind, in the JSON and in --dmesg's fault list", async () => {
    // E8 without the deferral under iommu=pt: each device's old IOVAs are first refused by its
    // group's DMA domain, then passed through untranslated by si_domain.
    const s = JSON.parse(readFileSync(join(dir, 'e08-kdump-deferred-attach.no-defer.v5.3.json'), 'utf8'));
    const text = JSON.stringify({ ...s, cmdline: 'intel_iommu=on iommu=pt' });
    await check(text);
    const faults = (JSON.parse(await cli([], text)) as { faults: object[] }).faults;
    expect(faults.map((f) => Object.keys(f).slice(0, 4))).toEqual(
      Array(4).fill(['step', 'kind', 'dma', 'fn']),
    );
    expect(faults.map((f) => (f as { dma: string }).dma)).toEqual([
      'blocked',
      'misdirected',
      'blocked',
      'misdirected',
    ]);
    expect(await cli(['--dmesg'], text)).toContain(
      '#   step 0: dma-fault (misdirected) in domain_context_mapping: 00:02.0 still DMAs',
    );
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

// The kernel's lines of each step of --dmesg's output (the # lines are the sandbox's).
function dmesgSteps(text: string): string[][] {
  const steps: string[][] = [];
  for (const l of text.split('\n')) {
    if (l.startsWith('# step ')) steps.push([]);
    else if (l !== '' && !l.startsWith('#')) steps.at(-1)!.push(l);
  }
  return steps;
}

interface JsonEvent {
  line?: string;
  silent?: boolean;
  message: string;
}

describe("each event's line is its line in --dmesg, byte for byte", () => {
  // print_unknown_bootoptions' line, cut by printk (the examples have the rest: DMA faults,
  // BUG_ON, drivers' names, ACPI devices).
  const long: Scenario = {
    format: 'iommu-sandbox/scenario@1',
    kernel: 'v6.1',
    cmdline: `intel_iommu=on ${'x'.repeat(5000)}`,
    devices: [
      { bdf: '00:00.0', type: 'host-bridge' },
      { bdf: '00:02.0', type: 'rc-endpoint' },
    ],
    steps: [{ op: 'boot' }],
  };
  const cases: [string, string][] = [
    ...examples.map((f): [string, string] => [f, readFileSync(join(dir, f), 'utf8')]),
    [
      'the fixture with every field',
      readFileSync(join(import.meta.dirname, '../scenario/fixtures/good/every-step.json'), 'utf8'),
    ],
    ['a 5,000-character parameter', JSON.stringify(long)],
  ];

  it.each(cases)('%s', async (_name, text) => {
    const printed = dmesgSteps(await cli(['--dmesg'], text));
    for (const explain of [false, true]) {
      const result = JSON.parse(await cli(explain ? ['--explain'] : [], text)) as {
        steps: { events: JsonEvent[] }[];
      };
      // Every kernel line has one; the sandbox's notes (--explain) have none.
      for (const s of result.steps)
        for (const e of s.events) expect(e.line === undefined).toBe(e.silent === true);
      expect(
        result.steps.map((s) => s.events.flatMap((e) => (e.line === undefined ? [] : [e.line]))),
      ).toEqual(printed);
    }
  });

  const events = async (file: string) =>
    (
      JSON.parse(await cli([], readFileSync(join(dir, file), 'utf8'))) as { steps: { events: JsonEvent[] }[] }
    ).steps
      .flatMap((s) => s.events)
      .map(({ line, message, device }: JsonEvent & { device?: string }) => ({ line, message, device }));

  it("has what message and device leave out: the bound driver's name, the Intel driver's DMAR: ", async () => {
    expect(await events('e01-iommu-pt-32bit-device.v5.1.json')).toContainEqual({
      device: '00:03.0',
      message: '32bit DMA uses non-identity mapping',
      line: 'sata32-driver 0000:00:03.0: DMAR: 32bit DMA uses non-identity mapping',
    });
  });

  it('is the whole message of a line printed without a device prefix (pr_err in dmar_fault_do_one)', async () => {
    const fault = (await events('e08-kdump-deferred-attach.no-defer.v5.3.json')).find((e) =>
      e.message.includes('Request device [00:02.0]'),
    );
    expect(fault).toMatchObject({ device: '00:02.0', line: fault!.message });
    expect(fault!.line).toMatch(/^DMAR: \[DMA Write\] Request device \[00:02\.0\] fault addr/);
  });
});

describe('a refused step names the kernel function that answered', () => {
  interface JsonStep {
    ok: boolean;
    error: string | null;
    errorFn?: string;
    errorBy?: string;
    panicked?: boolean;
  }
  const steps = async (text: string, args: string[] = []) =>
    (JSON.parse(await cli(args, text)) as { steps: JsonStep[] }).steps;

  it('as errorFn, right after error, on refused steps only', async () => {
    const text = readFileSync(join(dir, 'e09-extra-group-breaks-vfio-isolation.v5.3.json'), 'utf8');
    for (const args of [[], ['--explain']]) {
      const all = await steps(text, args);
      expect(all[2]).toMatchObject({ ok: false, errorFn: 'vfio_dev_viable' });
      expect(all[5]).toMatchObject({ ok: false, errorFn: 'vfio_iommu_group_notifier' });
      for (const s of all) expect(s.ok).toBe(s.errorFn === undefined);
      expect(all.some((s) => 'errorBy' in s)).toBe(false);
    }
    expect(await cli([], text)).toMatch(
      /"ok": false, "error": "-EINVAL: group 1 is not viable: [^\n]*", "errorFn": "vfio_dev_viable",\n/,
    );
  });

  it('and a step after which no kernel runs says panicked', async () => {
    const text = readFileSync(join(dir, 'e09-extra-group-breaks-vfio-isolation.v5.3.json'), 'utf8');
    const all = await steps(text);
    // vfio's BUG_ON at step 5, when a host driver binds into the group user space holds.
    expect(all.map((s) => s.panicked === true)).toEqual([false, false, false, false, false, true]);
    expect(await cli([], text)).toContain('"errorFn": "vfio_iommu_group_notifier", "panicked": true,\n');
    await check(text);
  });

  it("with errorBy: sandbox when the refusal is the sandbox's, not the kernel's", async () => {
    const text = JSON.stringify({
      format: 'iommu-sandbox/scenario@1',
      kernel: 'v6.1',
      devices: [{ bdf: '00:02.0', type: 'rc-endpoint' }],
      steps: [{ op: 'dma', device: '00:02.0' }, { op: 'boot' }, { op: 'dma', device: '00:02.0' }],
    });
    const [unbooted, , unbound] = await steps(text);
    expect(unbooted).toMatchObject({ errorFn: 'start_kernel', errorBy: 'sandbox' });
    expect(unbound).toMatchObject({ errorFn: 'dma_map_page_attrs', errorBy: 'sandbox' });
    expect(await cli([], text)).toContain('"errorFn": "start_kernel", "errorBy": "sandbox",\n');
    await check(text);
  });
});
