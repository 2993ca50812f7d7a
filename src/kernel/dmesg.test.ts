import { describe, expect, it } from 'vitest';
import { describeStep, dmesgLine } from './dmesg';
import { formatDmesg } from './dmesgLog';
import { runScenario } from './run';
import type { KernelEvent, ResultEvent, RunResult, Scenario, StateSnapshot } from './types';

const ev = (e: Partial<KernelEvent> & Pick<KernelEvent, 'fn' | 'message'>): KernelEvent => ({
  kind: 'group',
  level: 'info',
  why: 'because',
  ...e,
});

describe('dmesgLine', () => {
  it('prints device events with the full BDF, under the driver name when there is one', () => {
    expect(
      dmesgLine(ev({ fn: 'iommu_group_add_device', device: '01:00.0', message: 'Adding to iommu group 3' })),
    ).toBe('pci 0000:01:00.0: Adding to iommu group 3');
    expect(dmesgLine(ev({ fn: 'x', device: '00:02.0', driverName: 'e1000e', message: 'DMA mask' }))).toBe(
      'e1000e 0000:00:02.0: DMA mask',
    );
    expect(dmesgLine(ev({ fn: 'x', device: '0001:02:00.1', message: 'm' }))).toBe('pci 0001:02:00.1: m');
  });

  it('prints an ACPI-namespace device by its platform device name, on the platform bus or under its driver', () => {
    const add = ev({
      fn: 'iommu_group_add_device',
      device: '00:15.0',
      devName: 'INT33C4:00',
      message: 'Adding to iommu group 5',
    });
    expect(dmesgLine(add)).toBe('platform INT33C4:00: Adding to iommu group 5');
    expect(dmesgLine({ ...add, driverName: 'dw-apb-uart', prefix: 'DMAR', message: 'm' })).toBe(
      'dw-apb-uart INT33C4:00: DMAR: m',
    );
  });

  it("puts the Intel driver's dev_fmt (DMAR: ) after the device, as dev_printk does", () => {
    const line = ev({
      fn: 'iommu_need_mapping',
      device: '00:1a.0',
      driverName: 'ehci-pci',
      prefix: 'DMAR',
      message: '32bit DMA uses non-identity mapping',
    });
    expect(dmesgLine(line)).toBe('ehci-pci 0000:00:1a.0: DMAR: 32bit DMA uses non-identity mapping');
  });

  it('prints subsystem prefixes, bare kernel lines and sandbox notes as comments', () => {
    expect(dmesgLine(ev({ fn: 'init_dmars', prefix: 'DMAR', message: 'IOMMU enabled' }))).toBe(
      'DMAR: IOMMU enabled',
    );
    expect(
      dmesgLine(ev({ fn: 'iommu_subsys_init', prefix: 'iommu', message: 'Default domain type: Translated' })),
    ).toBe('iommu: Default domain type: Translated');
    expect(
      dmesgLine(ev({ fn: 'BUG_ON', prefix: 'kernel', device: '01:00.0', message: 'kernel BUG at x.c:1!' })),
    ).toBe('kernel BUG at x.c:1!');
    expect(dmesgLine(ev({ fn: 'x', prefix: 'sandbox', message: 'note' }))).toBe('# sandbox: note');
  });

  it('guesses the prefix of an event without one', () => {
    const r = (fn: string, kind: ResultEvent['kind'] = 'init'): ResultEvent => ({
      fn,
      kind,
      level: 'info',
      why: '',
      message: 'm',
    });
    expect(dmesgLine(r('iommu_subsys_init'))).toBe('iommu: m');
    expect(dmesgLine(r('vfio_group_fops_open', 'vfio'))).toBe('vfio: m');
    expect(dmesgLine(r('intel_iommu_init'))).toBe('DMAR: m');
    expect(dmesgLine(r('iommu_should_identity_map'))).toBe('DMAR: m');
  });
});

describe('formatDmesg', () => {
  const state: StateSnapshot = { groups: [], domains: [], devices: [] };
  const scenario: Scenario = {
    format: 'iommu-sandbox/scenario@1',
    kernel: 'v5.3',
    devices: [{ bdf: '01:00.0', type: 'endpoint' }],
    steps: [
      { op: 'boot' },
      { op: 'set-group-type', group: 1, value: 'identity' },
      { op: 'bind', device: '01:00.0', driver: { name: 'vfio-pci' } },
    ],
  };
  const result: RunResult = {
    format: 'iommu-sandbox/result@1',
    kernel: 'v5.3',
    steps: [
      {
        op: 'boot',
        ok: true,
        error: null,
        state,
        events: [
          ev({ fn: 'iommu_group_add_device', device: '01:00.0', message: 'Adding to iommu group 0' }),
          ev({ fn: 'alloc', message: 'allocated d1', silent: true, prefix: 'sandbox' }),
        ],
      },
      { op: 'set-group-type', ok: false, error: '-EINVAL: not supported', state, events: [] },
      { op: 'bind', ok: true, error: null, state, events: [] },
    ],
    faults: [
      { step: 2, kind: 'use-after-free', fn: 'iommu_domain_free', message: 'd1 freed twice', domain: 'd1' },
    ],
  };

  it('annotates each step, omits silent events and lists the faults', () => {
    expect(formatDmesg(scenario, result).split('\n')).toEqual([
      '# step 0: boot → ok',
      'pci 0000:01:00.0: Adding to iommu group 0',
      '# step 1: set-group-type 1 "identity" → -EINVAL: not supported',
      '# step 2: bind 01:00.0 vfio-pci → ok',
      '# faults:',
      '#   step 2: use-after-free in iommu_domain_free: d1 freed twice (domain d1)',
      '',
    ]);
    expect(formatDmesg(scenario, { ...result, faults: [] })).toMatch(/# faults: none\n$/);
  });

  it("ends a refusal's step line with the function that gave it, unless the error names it or is the sandbox's", () => {
    const answered = (step: Partial<RunResult['steps'][number]>) =>
      formatDmesg(scenario, {
        ...result,
        steps: [result.steps[0]!, { ...result.steps[1]!, ...step }, result.steps[2]!],
      }).split('\n')[2];
    expect(answered({ errorFn: 'iommu_group_store_type' })).toBe(
      '# step 1: set-group-type 1 "identity" → -EINVAL: not supported (in iommu_group_store_type())',
    );
    expect(answered({ error: '-EACCES: kernfs_fop_open: read-only', errorFn: 'kernfs_fop_open' })).toBe(
      '# step 1: set-group-type 1 "identity" → -EACCES: kernfs_fop_open: read-only',
    );
    expect(answered({ errorFn: 'start_kernel', errorBy: 'sandbox' })).toBe(
      '# step 1: set-group-type 1 "identity" → -EINVAL: not supported',
    );
  });

  it("never prints a line the kernel did not: a line break in the scenario's text shows escaped", () => {
    const s: Scenario = {
      format: 'iommu-sandbox/scenario@1',
      kernel: 'v6.1',
      devices: [
        { bdf: '00:00.0', type: 'host-bridge' },
        { bdf: '00:02.0', type: 'rc-endpoint', driver: null },
      ],
      steps: [
        { op: 'boot' },
        { op: 'bind', device: '00:02.0', driver: { name: 'evil\nDMAR: forged' } },
        { op: 'set-group-type', group: 1, value: 'DMA\nDMAR: forged\t2' },
      ],
    };
    const text = formatDmesg(s, runScenario(s));
    expect(text).not.toMatch(/^DMAR: forged/m);
    expect(text).toContain('bind 00:02.0 evil\\nDMAR: forged');
    expect(text).toContain('DMA\\nDMAR: forged\\t2');
  });

  it('describes every kind of step', () => {
    expect(describeStep({ op: 'hot-add', device: { bdf: '02:00.0', type: 'pci' } })).toBe(
      'hot-add 02:00.0 (pci)',
    );
    expect(describeStep({ op: 'crash', cmdline: 'iommu=pt' })).toBe('crash cmdline="iommu=pt"');
    expect(describeStep({ op: 'request-domain', device: '02:00.0', type: 'DMA' })).toBe(
      'request-domain 02:00.0 DMA',
    );
    expect(describeStep({ op: 'vfio-claim', group: 4 })).toBe('vfio-claim 4');
    expect(describeStep({ op: 'rescan' })).toBe('rescan');
  });
});

describe('the lines of a sysrq crash', () => {
  const lines = (kernel: 'v5.3' | 'v5.7' | 'v6.1') => {
    const scenario: Scenario = {
      format: 'iommu-sandbox/scenario@1',
      kernel,
      devices: [{ bdf: '00:02.0', type: 'rc-endpoint' }],
      steps: [{ op: 'boot' }, { op: 'crash' }],
    };
    return formatDmesg(scenario, runScenario(scenario)).split('\n');
  };

  it('announce the action before the panic, with one "sysrq: " (the duplicate went in 5.1-rc1, before every kernel here)', () => {
    for (const [k, first] of [
      ['v5.7', 'sysrq: Trigger a crash'],
      ['v5.3', 'sysrq: Trigger a crash'],
      ['v6.1', 'sysrq: Trigger a crash'],
    ] as const) {
      const out = lines(k);
      const panic = out.indexOf('Kernel panic - not syncing: sysrq triggered crash');
      expect(out[panic - 1]).toBe(first);
    }
  });
});
