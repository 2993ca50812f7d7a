import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../kernel/run';
import { base, fixture, problemsOf } from './fixtures.helpers';
import { parseScenario, validateScenario } from './validate';

const bad = (name: string) => fixture('bad', name);
const here = import.meta.dirname;

describe('invalid scenarios: every problem names its JSON path', () => {
  const cases: [string, (string | RegExp)[]][] = [
    ['truncated.txt', ['(root): not JSON: Unexpected end of JSON input at line 5 column 48']],
    ['not-json.txt', ["(root): not JSON: Unexpected token ']' at line 5 column 32"]],
    [
      'wrong-types.json',
      [
        'machine.kdump: expected true or false, got the number 1',
        'devices[1].acs: expected true, false or a list of ACS flags (SV, RR, CR, UF)',
        'devices[2].multifunction: expected true or false, got the string "yes"',
        'steps: expected an array, got the string "boot"',
      ],
    ],
    [
      'unknown-kernel.json',
      ['kernel: unknown kernel "v4.19"; expected one of v5.1, v3-sewart, v5.3, v5.7, v5.8, v5.11, v6.1'],
    ],
    [
      'unknown-fix.json',
      [/^fixes\.si-guard: unknown fix; expected one of si-domain-free-guard, defer-attach-in-kdump/],
    ],
    [
      'unknown-key.json',
      [
        'devices[2].lable: unknown device field; did you mean "label"? (vendor extensions start with x-)',
        'kernal: unknown key; did you mean "kernel"? (vendor extensions start with x-)',
      ],
    ],
    [
      'unknown-op.json',
      [/^steps\[2\]\.op: unknown op "bnid"; expected one of boot, bind/, /^steps\[3\]\.op: missing;/],
    ],
    ['missing-device.json', ['steps[2].device: no device 00:1f.3 in the topology']],
    [
      'bad-group.json',
      [
        'steps[2].group: a group id is never negative',
        'steps[3].group: expected a whole group id',
        'steps[4].group: expected a group id (a number)',
      ],
    ],
    ['missing-parent.json', [/^devices\[2\]\.parent: .*no device 00:1d\.0/]],
    ['parent-not-bridge.json', [/^devices\[4\]\.parent: .*01:00\.0 is a PCIe endpoint, not a bridge/]],
    ['duplicate-bdf.json', [/^devices\[4\]\.bdf: .*01:00\.0/]],
    [
      'duplicate-key.json',
      [
        'devices[2].driver: key "dmaMask" appears twice (line 9, columns 35 and 50); JSON.parse would keep the last',
        'devices[3]: key "bdf" appears twice (lines 12 and 14); JSON.parse would keep the last',
        '(root): key "kernel" appears twice (lines 3 and 17); JSON.parse would keep the last',
      ],
    ],
    [
      'malformed-bdf.json',
      [
        'devices[2].bdf: "01:20.0" is not a BDF (BB:DD.F or SSSS:BB:DD.F)',
        'devices[3].bdf: "0:1f.0" is not a BDF (BB:DD.F or SSSS:BB:DD.F)',
        'steps[1].device: "01:00" is not a BDF (BB:DD.F or SSSS:BB:DD.F)',
      ],
    ],
    ['parent-cycle.json', [/^devices\[4\]\.parent: .*02:00\.0 → 03:00\.0 → 02:00\.0/]],
    ['hot-add-used.json', ['steps[2].device.bdf: 01:00.0 is already in the topology (devices[2])']],
    [
      'hot-add-bad-parent.json',
      [/^steps\[2\]\.device\.parent: .*00:1f\.0 is a conventional PCI device, not a bridge/],
    ],
    [
      'newer-format.json',
      [
        'format: "iommu-sandbox/scenario@7" is newer than this sandbox understands (iommu-sandbox/scenario@1)',
      ],
    ],
  ];

  it('has a case for every fixture', () => {
    expect(readdirSync(join(here, 'fixtures/bad')).sort()).toEqual(cases.map(([f]) => f).sort());
  });

  it.each(cases)('%s', (file, expected) => {
    const problems = problemsOf(parseScenario(bad(file)));
    expect(problems).toHaveLength(expected.length);
    expected.forEach((e, i) => {
      if (typeof e === 'string') expect(problems[i]).toBe(e);
      else expect(problems[i]).toMatch(e);
    });
  });

  it('a step naming a device hot-removed earlier is valid input: whether it is gone is the run’s answer', () => {
    // A hot-remove can be refused (user space holds the device, or the kernel has died), so the
    // file cannot say the device is gone; the run answers -ENODEV when it is.
    const raw = {
      ...base(),
      kernel: 'v5.3',
      devices: [
        { bdf: '00:1c.0', type: 'root-port', acs: true },
        { bdf: '01:00.0', type: 'endpoint', parent: '00:1c.0', driver: { name: 'vfio-pci' } },
      ],
      steps: [
        { op: 'boot' },
        { op: 'vfio-claim', group: 1 },
        { op: 'hot-remove', device: '01:00.0' },
        { op: 'vfio-release', group: 1 },
        { op: 'hot-remove', device: '01:00.0' },
        { op: 'dma', device: '01:00.0' },
      ],
    };
    const r = validateScenario(raw);
    if (!r.ok) throw new Error(r.problems.join('\n'));
    const run = runScenario(r.scenario);
    expect(run.steps.map((s) => s.ok)).toEqual([true, true, false, true, true, false]);
    expect(run.steps[5]!.error).toBe(
      '-ENODEV: no device 0000:01:00.0 on the bus (it was hot-removed, and no rescan or boot has brought it back)',
    );
    // A device the machine never had is still an input error.
    raw.steps.push({ op: 'dma', device: '05:00.0' });
    expect(problemsOf(validateScenario(raw))).toEqual(['steps[6].device: no device 05:00.0 in the topology']);
  });

  it('names the key of a wrong value inside a hot-added device', () => {
    const raw = base();
    raw.steps.push({
      op: 'hot-add',
      device: { bdf: '04:00.0', type: 'nic', driver: { name: 'x', dmaMask: 65 } },
    });
    expect(problemsOf(validateScenario(raw))).toEqual([
      expect.stringMatching(
        /^steps\[1\]\.device\.type: unknown device type "nic"; expected one of host-bridge/,
      ),
      'steps[1].device.driver.dmaMask: 65 is above the maximum, 64',
    ]);
  });

  it("tells a fix's catalogue name (what the page shows) from its name in a scenario", () => {
    const raw = { ...base(), fixes: { 'si-free': false, 'kdump-no-defer': true } };
    expect(problemsOf(validateScenario(raw))).toEqual([
      'fixes.si-free: unknown fix; "si-free" is the catalogue\'s name for the fix "si-domain-free-guard"; a scenario names it "si-domain-free-guard" (vendor extensions start with x-)',
      'fixes.kdump-no-defer: unknown fix; "kdump-no-defer" is the catalogue\'s name for the fix "defer-attach-in-kdump"; a scenario names it "defer-attach-in-kdump" (vendor extensions start with x-)',
    ]);
  });

  it('reports a bad driver inside a union by its own key', () => {
    const raw = base();
    raw.steps.push({ op: 'bind', device: '03:00.0', driver: { name: 'vfio-pci', managedDMA: true } });
    raw.steps.push({ op: 'bind', device: '03:00.0', driver: 7 });
    expect(problemsOf(validateScenario(raw))).toEqual([
      'steps[1].driver.managedDMA: unknown driver field; did you mean "managedDma"? (vendor extensions start with x-)',
      'steps[2].driver: expected a driver object or a driver name',
    ]);
  });

  it.each<[string, (s: ReturnType<typeof base>) => void, string[]]>([
    [
      'a step without its device',
      (s) => s.steps.push({ op: 'bind' }),
      ['steps[1].device: missing (required)'],
    ],
    [
      'a field a step does not take',
      (s) => s.steps.push({ op: 'boot', device: '00:00.0' }, { op: 'dma', devcie: '03:00.0' }),
      [
        'steps[1].device: unknown field; a boot step takes nothing besides op (vendor extensions start with x-)',
        'steps[2].device: missing (required)',
        'steps[2].devcie: unknown field; did you mean "device"? (vendor extensions start with x-)',
      ],
    ],
    [
      'an array for an object',
      (s) => Object.assign(s, { fixes: ['b-32bit-fallback'] }),
      ['fixes: expected an object, got an array'],
    ],
    [
      'a steps entry that is not an object',
      (s) => s.steps.push('boot'),
      ['steps[1]: expected an object, got the string "boot"'],
    ],
    [
      'values out of range',
      (s) =>
        Object.assign(s.devices[4]!, {
          label: 'x'.repeat(81),
          driver: { name: '', dmaMask: 0 },
          class: '0',
          device: '8086:a110',
        }),
      [
        'devices[4].device: expected a 4-hex-digit PCI device id',
        'devices[4].class: expected a PCI class code of 2, 4 or 6 hex digits ("03", "0c03")',
        'devices[4].driver.name: a driver needs a name',
        'devices[4].driver.dmaMask: 0 is below the minimum, 1',
        'devices[4].label: longer than 80 characters',
      ],
    ],
    [
      'numbers beyond what a field holds (one line each)',
      (s) => {
        Object.assign(s.devices[4]!, { driver: { name: 'x', dmaMask: 1e16 } });
        Object.assign(s.devices[3]!, { driver: { name: 'y', dmaMask: Number.POSITIVE_INFINITY } });
        s.steps.push(
          { op: 'vfio-claim', group: 1e20 },
          { op: 'vfio-release', group: Number.POSITIVE_INFINITY },
        );
      },
      [
        'devices[3].driver.dmaMask: expected a number, got a number too large to represent',
        'devices[4].driver.dmaMask: 10000000000000000 is above the maximum, 64',
        'steps[1].group: no group id is that large (the kernel numbers them from 0 with an int)',
        // 1e400 in the file: JSON.parse makes it Infinity, a number, not "not a number".
        'steps[2].group: no group id is that large (a number too large to represent)',
      ],
    ],
    [
      'a list where an object of options belongs',
      (s) => Object.assign(s, { kconfig: [] }),
      ['kconfig: expected an object, got an array'],
    ],
    [
      'a misspelt machine option',
      (s) => Object.assign(s, { machine: { kdunp: true } }),
      ['machine.kdunp: unknown machine option; did you mean "kdump"? (vendor extensions start with x-)'],
    ],
  ])('phrases %s plainly', (_, change, expected) => {
    const raw = base();
    change(raw);
    expect(problemsOf(validateScenario(raw))).toEqual(expected);
  });

  it('rejects a missing format, a result file and a non-object', () => {
    const { format: _, ...noFormat } = base();
    expect(problemsOf(validateScenario(noFormat))).toEqual([
      'format: missing; expected "iommu-sandbox/scenario@1"',
    ]);
    expect(problemsOf(validateScenario({ ...base(), format: 'iommu-sandbox/result@1' }))).toEqual([
      'format: "iommu-sandbox/result@1" is not a scenario (expected iommu-sandbox/scenario@1)',
    ]);
    expect(problemsOf(parseScenario('[]'))).toEqual(['(root): expected a scenario object, got an array']);
    expect(problemsOf(parseScenario(''))).toEqual([
      '(root): not JSON: Unexpected end of JSON input at line 1 column 1',
    ]);
  });

  it('says a binary file is binary, without quoting its control characters', () => {
    const binary = ["(root): not JSON: the file is binary, not a scenario's text"];
    // A PNG's signature as a browser decodes it (U+0089, Ctrl-Z, NULs), a zip's, a NUL after JSON.
    for (const text of ['\u0089PNG\r\n\x1a\n\0\0\0\rIHDR', 'PK\x03\x04\x14\0', '{"a": 1}\0'])
      expect(problemsOf(parseScenario(text))).toEqual(binary);
    // Tabs and line ends are text.
    expect(problemsOf(parseScenario('{\t"a": tru}\r\n'))).toEqual([
      "(root): not JSON: Unexpected token '}' at line 1 column 11",
    ]);
  });

  it('rejects CONFIG_-prefixed Kconfig names and bad ones', () => {
    const raw = { ...base(), kconfig: { CONFIG_IOMMU_DEFAULT_PASSTHROUGH: true, 'iommu default': true } };
    // Both in one pass now that the schema itself refuses the prefix.
    expect(problemsOf(validateScenario(raw))).toEqual([
      'kconfig.CONFIG_IOMMU_DEFAULT_PASSTHROUGH: write Kconfig names without CONFIG_ ("IOMMU_DEFAULT_PASSTHROUGH")',
      'kconfig["iommu default"]: not a Kconfig name (upper-case letters, digits and _)',
    ]);
    const prefixed = { ...base(), kconfig: { CONFIG_IOMMU_DEFAULT_PASSTHROUGH: true } };
    const line =
      'kconfig.CONFIG_IOMMU_DEFAULT_PASSTHROUGH: write Kconfig names without CONFIG_ ("IOMMU_DEFAULT_PASSTHROUGH")';
    expect(problemsOf(validateScenario(prefixed))).toEqual([line]);
    expect(problemsOf(parseScenario(JSON.stringify(prefixed)))).toEqual([line]);
  });

  it('does not let __proto__ slip through as an unknown key', () => {
    const text = JSON.stringify(base()).replace(/^\{/, '{"__proto__": {"kernel": "v6.1"},');
    expect(problemsOf(parseScenario(text))).toEqual([expect.stringMatching(/^__proto__: unknown key/)]);
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const r = parseScenario(text);
        return (
          r.ok || (r.problems.length > 0 && r.problems.every((p) => /^\S.*: /.test(p) && !p.includes('\n')))
        );
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const r = validateScenario(value);
        return r.ok || r.problems.length > 0;
      }),
      { numRuns: 300 },
    );
    expect(parseScenario('['.repeat(200_000)).ok).toBe(false);
    expect(parseScenario(undefined as unknown as string).ok).toBe(false);
  });
});
