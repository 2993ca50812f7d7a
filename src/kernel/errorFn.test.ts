/**
 * A refused step names the kernel function that gave its errno (or oopsed): errorFn, on every
 * refusal and no other step; the one the error's own text names where it names one; and for the
 * refusals the sandbox makes itself, errorBy: sandbox.
 */
import { describe, expect, it } from 'vitest';
import { exampleFiles, exampleNumber, loadScenario } from './examples.helpers';
import { runScenario } from './run';
import type { DeviceSpec, KernelId, RunResult, Scenario, Step } from './types';

// A kernel function's name: what the events' `fn` look like.
const KERNEL_FN = /^[a-z_][a-z0-9_]*$/;

// The function an error's text names as the one answering: `-EPERM: fn: …`, `kernel oops in fn()`,
// `kernel BUG in fn`, `(fn)` at the end or `(fn; …)`.
function namedIn(error: string): string | undefined {
  return (/^-E[A-Z]+: ([a-z_][a-z0-9_]*): /.exec(error) ??
    /kernel (?:oops|BUG) in ([a-z_][a-z0-9_]*)/.exec(error) ??
    /\(([a-z_][a-z0-9_]*)(?:\)$|;)/.exec(error))?.[1];
}

describe('every refusal of the worked examples (E1–E15)', () => {
  const runs = exampleFiles()
    .filter((f) => exampleNumber(f) >= 1 && exampleNumber(f) <= 15)
    .map((f): [string, RunResult] => [f, runScenario(loadScenario(f))]);
  const refusals = runs.flatMap(([f, r]) =>
    r.steps.flatMap((s, i) => (s.ok ? [] : [{ where: `${f} step ${i}`, ...s }])),
  );

  it('there are refusals of many kinds to check', () => {
    expect(new Set(refusals.map((s) => s.errorFn)).size).toBeGreaterThanOrEqual(8);
  });

  it.each(runs)('%s: errorFn on the refused steps only, a kernel function, the kernel’s own', (_f, r) => {
    for (const s of r.steps) {
      expect(s.errorFn === undefined, s.error ?? 'ok').toBe(s.ok);
      if (s.ok) continue;
      expect(s.errorFn).toMatch(KERNEL_FN);
      expect(s.errorBy).toBeUndefined();
    }
  });

  it('agrees with the function the error names, where it names one', () => {
    const named = refusals.filter((s) => namedIn(s.error!));
    expect(named.length).toBeGreaterThanOrEqual(4);
    for (const s of named) expect([s.where, s.errorFn]).toEqual([s.where, namedIn(s.error!)]);
  });
});

const example = (file: string) => runScenario(loadScenario(file));

function run(kernel: KernelId, devices: DeviceSpec[], steps: Step[], machine?: Scenario['machine']) {
  return runScenario({
    format: 'iommu-sandbox/scenario@1',
    kernel,
    devices,
    steps,
    ...(machine ? { machine } : {}),
  });
}

describe('the function, per version', () => {
  it('vfio claim of a group a host driver still uses: vfio_dev_viable (5.3), iommu_group_claim_dma_owner (6.1)', () => {
    const v53 = example('e09-extra-group-breaks-vfio-isolation.v5.3.json').steps[2]!;
    expect([v53.error?.slice(0, 7), v53.errorFn]).toEqual(['-EINVAL', 'vfio_dev_viable']);
    const v61 = example('e12-vfio-dma-ownership.v6.1.json').steps[3]!;
    expect([v61.error?.slice(0, 6), v61.errorFn]).toEqual(['-EPERM', 'iommu_group_claim_dma_owner']);
  });

  it('a bound driver inside a group user space holds: a BUG in vfio_iommu_group_notifier (5.3), -EBUSY from iommu_device_use_default_domain (6.1)', () => {
    expect(example('e09-extra-group-breaks-vfio-isolation.v5.3.json').steps[5]!.errorFn).toBe(
      'vfio_iommu_group_notifier',
    );
    expect(example('e12-vfio-dma-ownership.v6.1.json').steps[6]!.errorFn).toBe(
      'iommu_device_use_default_domain',
    );
  });

  it.each(['v5.11', 'v6.1'] as const)(
    'a sysfs type write to a bound device’s group: -EBUSY from iommu_group_store_type (%s)',
    (kernel) => {
      const r = run(
        kernel,
        [{ bdf: '00:02.0', type: 'rc-endpoint', driver: { name: 'e1000e' } }],
        [{ op: 'boot' }, { op: 'set-group-type', group: 0, value: 'identity' }],
      );
      expect(r.steps[1]).toMatchObject({
        error: '-EBUSY: Device is still bound to driver',
        errorFn: 'iommu_group_store_type',
      });
    },
  );

  it('the read-only type file before 5.11: -EACCES from kernfs_fop_open (5.8)', () => {
    const s = example('e04-iommu-pt-32bit-device.v5.8.json').steps[4]!;
    expect([s.error?.slice(0, 7), s.errorFn]).toEqual(['-EACCES', 'kernfs_fop_open']);
  });

  it('the 5.3 kdump oops: identity_mapping at the first DMA map, __dmar_remove_one_dev_info as the kdump kernel boots', () => {
    const map = example('e08-kdump-deferred-attach.defer-order-hazard.v5.3.json').steps[2]!;
    expect([map.error?.slice(0, 7), map.errorFn]).toEqual(['-EFAULT', 'identity_mapping']);
    // A root port without ACS, a PCIe-to-PCI bridge and a conventional device behind it, iommu=pt.
    const r = runScenario({
      format: 'iommu-sandbox/scenario@1',
      kernel: 'v5.3',
      cmdline: 'iommu=pt',
      machine: { kdump: true },
      devices: [
        { bdf: '00:1d.0', type: 'root-port', acs: false },
        { bdf: '01:00.0', type: 'pcie-to-pci-bridge', parent: '00:1d.0' },
        { bdf: '02:01.0', type: 'pci', parent: '01:00.0' },
      ],
      steps: [{ op: 'boot' }, { op: 'bind', device: '02:01.0', driver: { name: 'ata_generic' } }],
    });
    expect(r.steps[0]).toMatchObject({ ok: false, errorFn: '__dmar_remove_one_dev_info' });
    expect(r.steps[0]!.errorBy).toBeUndefined();
    // A dead kernel answers nothing: the refusal of the next step is the sandbox's.
    expect(r.steps[1]).toMatchObject({ ok: false, errorBy: 'sandbox' });
  });

  it('after a BUG_ON the kernel stays in panic(): the next step is refused by the sandbox', () => {
    const s = loadScenario('e09-extra-group-breaks-vfio-isolation.v5.3.json');
    s.steps.push({ op: 'vfio-release', group: 1 });
    const after = runScenario(s).steps.at(-1)!;
    expect(after).toMatchObject({ ok: false, errorFn: 'panic', errorBy: 'sandbox' });
    expect(after.error).toMatch(/^-EIO: the kernel has crashed/);
  });

  it("the sandbox's own refusals: errorBy sandbox, with the function the step stands for", () => {
    const r = run(
      'v5.1',
      [{ bdf: '00:02.0', type: 'rc-endpoint' }],
      [
        { op: 'dma', device: '00:02.0' },
        { op: 'boot' },
        { op: 'request-domain', device: '00:02.0', type: 'DMA' },
        { op: 'request-domain', device: '00:02.0', type: 'identity' },
      ],
    );
    expect(r.steps[0]).toMatchObject({ errorFn: 'start_kernel', errorBy: 'sandbox' });
    expect(r.steps[2]).toMatchObject({ errorFn: 'iommu_request_dma_domain_for_dev', errorBy: 'sandbox' });
    // 5.2's iommu_request_dm_for_dev exists: the Intel driver's allocation returns NULL, and the
    // request makes that -ENOMEM (the kernel's answer).
    expect(r.steps[3]).toMatchObject({
      errorFn: 'iommu_request_dm_for_dev',
      error: expect.stringMatching(/^-ENOMEM/),
    });
    expect(r.steps[3]!.errorBy).toBeUndefined();
  });

  it('5.1 with VT-d off: the request finds no group through iommu_group_get_for_dev(), -EINVAL', () => {
    const r = runScenario({
      format: 'iommu-sandbox/scenario@1',
      kernel: 'v5.1',
      cmdline: 'intel_iommu=off',
      devices: [{ bdf: '00:02.0', type: 'rc-endpoint' }],
      steps: [{ op: 'boot' }, { op: 'request-domain', device: '00:02.0', type: 'identity' }],
    });
    expect(r.steps[1]).toMatchObject({
      errorFn: 'iommu_group_get_for_dev',
      error: expect.stringMatching(/^-EINVAL/),
    });
  });
});
