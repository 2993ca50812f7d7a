/**
 * Invariants of the whole core, in the kernel's terms, over random machines and random steps.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from './run';
import { type DeviceSpec, KERNELS, type RunResult, type Scenario, type Step } from './types';

/** A random but valid machine: host bridge, root ports, switches, multifunction endpoints, a PCIe-to-PCI bridge. */
const machineArb = fc
  .record({
    ports: fc.array(
      fc.record({
        acs: fc.boolean(),
        kind: fc.constantFrom('endpoint', 'mf', 'switch', 'pcie-pci', 'empty'),
        swAcs: fc.boolean(),
        display: fc.boolean(),
        rmrr: fc.boolean(),
        external: fc.boolean(),
        mask: fc.constantFrom(32, 64),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    rootDevs: fc.array(fc.record({ intel: fc.boolean(), display: fc.boolean(), mf: fc.boolean() }), {
      maxLength: 3,
    }),
  })
  .map(({ ports, rootDevs }) => {
    const devices: DeviceSpec[] = [{ bdf: '00:00.0', type: 'host-bridge', class: '0600' }];
    let bus = 1;
    const hex = (n: number) => n.toString(16).padStart(2, '0');
    rootDevs.forEach((r, i) => {
      const dev = hex(0x02 + i);
      devices.push({
        bdf: `00:${dev}.0`,
        type: 'rc-endpoint',
        vendor: r.intel ? 'intel' : '1af4',
        class: r.display ? '0300' : '0200',
        multifunction: r.mf,
        driver: { name: 'drv', dmaMask: 64 },
      });
      if (r.mf)
        devices.push({
          bdf: `00:${dev}.1`,
          type: 'pci',
          class: '0403',
          multifunction: true,
          driver: { name: 'snd', dmaMask: 32 },
        });
    });
    ports.forEach((p, i) => {
      const port = `00:${hex(0x1c + i)}.0`;
      devices.push({
        bdf: port,
        type: 'root-port',
        acs: p.acs,
        externalFacing: p.external,
        driver: { name: 'pcieport' },
      });
      const b = hex(bus++);
      const cls = p.display ? '0300' : '0200';
      if (p.kind === 'endpoint')
        devices.push({
          bdf: `${b}:00.0`,
          type: 'endpoint',
          parent: port,
          class: cls,
          rmrr: p.rmrr,
          driver: { name: 'nic', dmaMask: p.mask },
        });
      if (p.kind === 'mf')
        for (const fn of [0, 1])
          devices.push({
            bdf: `${b}:00.${fn}`,
            type: 'endpoint',
            parent: port,
            multifunction: true,
            acs: false,
            class: fn ? '0403' : cls,
            rmrr: p.rmrr && fn === 0,
            driver: { name: `f${fn}`, dmaMask: fn ? 32 : 64 },
          });
      if (p.kind === 'switch') {
        const up = `${b}:00.0`;
        devices.push({ bdf: up, type: 'switch-upstream', parent: port });
        const sb = hex(bus++);
        for (const d of [0, 1]) {
          const down = `${sb}:0${d}.0`;
          devices.push({ bdf: down, type: 'switch-downstream', parent: up, acs: p.swAcs });
          devices.push({
            bdf: `${hex(bus++)}:00.0`,
            type: 'endpoint',
            parent: down,
            class: '0108',
            driver: { name: 'nvme', dmaMask: 64 },
          });
        }
      }
      if (p.kind === 'pcie-pci') {
        const br = `${b}:00.0`;
        devices.push({ bdf: br, type: 'pcie-to-pci-bridge', parent: port, class: '0604' });
        const cb = hex(bus++);
        devices.push({
          bdf: `${cb}:01.0`,
          type: 'pci',
          parent: br,
          class: '0200',
          driver: { name: 'old', dmaMask: 32 },
        });
        devices.push({ bdf: `${cb}:02.0`, type: 'pci', parent: br, class: '0100', driver: null });
      }
    });
    return devices;
  });

const stepArb = (devices: DeviceSpec[]): fc.Arbitrary<Step> => {
  const bdf = fc.constantFrom(...devices.map((d) => d.bdf));
  const group = fc.integer({ min: 0, max: devices.length });
  return fc.oneof(
    bdf.map((device) => ({ op: 'dma', device }) as Step),
    bdf.map((device) => ({ op: 'unbind', device }) as Step),
    fc
      .tuple(bdf, fc.constantFrom('vfio-pci', 'e1000e', 'pci-stub'))
      .map(([device, driver]) => ({ op: 'bind', device, driver }) as Step),
    bdf.map((device) => ({ op: 'hot-remove', device }) as Step),
    fc.constant({ op: 'rescan' } as Step),
    fc
      .tuple(group, fc.constantFrom('identity', 'DMA', 'DMA-FQ', 'auto', 'bogus'))
      .map(([g, value]) => ({ op: 'set-group-type', group: g, value }) as Step),
    fc
      .tuple(bdf, fc.constantFrom('identity', 'DMA'))
      .map(([device, type]) => ({ op: 'request-domain', device, type }) as Step),
    group.map((g) => ({ op: 'vfio-claim', group: g }) as Step),
    group.map((g) => ({ op: 'vfio-release', group: g }) as Step),
    fc.constant({ op: 'crash' } as Step),
  );
};

const scenarioArb = machineArb.chain((devices) =>
  fc
    .record({
      kernel: fc.constantFrom(...KERNELS),
      cmdline: fc.constantFrom(
        '',
        'iommu=pt',
        'intel_iommu=on,igfx_off',
        'iommu.passthrough=1',
        'iommu.strict=1',
        'intel_iommu=off',
      ),
      guard: fc.boolean(),
      defer: fc.boolean(),
      kdump: fc.boolean(),
      steps: fc.array(stepArb(devices), { maxLength: 12 }),
    })
    .map(
      (r): Scenario => ({
        format: 'iommu-sandbox/scenario@1',
        kernel: r.kernel,
        cmdline: r.cmdline,
        fixes: { 'si-domain-free-guard': r.guard, 'defer-attach-in-kdump': r.defer },
        machine: { kdump: r.kdump },
        devices,
        steps: [{ op: 'boot' }, ...r.steps],
      }),
    ),
);

function checkInvariants(s: Scenario, result: RunResult): void {
  result.steps.forEach((step, i) => {
    const { groups, domains, devices } = step.state;
    const seen = new Map<string, number>();
    for (const g of groups)
      for (const d of g.devices) {
        expect(seen.has(d), `step ${i}: ${d} in two groups`).toBe(false);
        seen.set(d, g.id);
      }
    for (const d of devices)
      expect(d.group ?? null, `step ${i}: ${d.bdf}'s group`).toBe(seen.get(d.bdf) ?? null);
    const ids = groups.map((g) => g.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const dom of domains)
      if (dom.freed && dom.devices.length > 0) {
        const recorded = result.faults.some(
          (f) => f.step <= i && (f.domain === dom.id || dom.devices.includes(f.device ?? '')),
        );
        expect(
          recorded,
          `step ${i}: freed ${dom.id} still has ${dom.devices.join(',')} with no fault recorded (${s.kernel})`,
        ).toBe(true);
      }
  });
}

describe('core invariants', () => {
  it('no random sequence of steps throws, and every state is consistent', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const result = runScenario(s);
        expect(result.steps).toHaveLength(s.steps.length);
        checkInvariants(s, result);
      }),
      { numRuns: 300 },
    );
  });

  it('the first boot gives the same groups whatever order the devices are listed in', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer(), (s, seed) => {
        const shuffled = [...s.devices].sort(
          (a, b) => ((a.bdf.charCodeAt(3) * 31 + seed) % 7) - ((b.bdf.charCodeAt(3) * 31 + seed) % 7),
        );
        const partition = (sc: Scenario) =>
          runScenario({ ...sc, steps: [{ op: 'boot' }] }).steps[0]!.state.groups.map(
            (g) => `${g.id}:${[...g.devices].sort().join(',')}:${g.type}`,
          );
        expect(partition({ ...s, devices: shuffled })).toEqual(partition(s));
      }),
      { numRuns: 150 },
    );
  });

  it('group ids are the lowest free ids after every hot-remove and re-add', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const result = runScenario(s);
        // A crash boots a kdump kernel, unless the running one is a kdump kernel (it has none).
        let kdump = false;
        result.steps.forEach((step, i) => {
          const before = i === 0 ? [] : result.steps[i - 1]!.state.groups.map((g) => g.id);
          const created = step.state.groups.map((g) => g.id).filter((id) => !before.includes(id));
          const crashOfKdump = step.op === 'crash' && kdump;
          if (step.op === 'boot') kdump = s.machine?.kdump ?? false;
          if (step.op === 'crash') kdump = true;
          if (crashOfKdump) {
            expect(step.state.groups.map((g) => g.id)).toEqual(before);
            return;
          }
          if (step.op === 'boot' || step.op === 'crash') {
            const ids = step.state.groups.map((g) => g.id);
            // v3's device_group callback takes a fresh group for a device it splits off while
            // holding the one pci_device_group made, then drops that one: its id stays free until
            // a later group takes it, so a boot can leave gaps, one per split-off device at most.
            if (s.kernel === 'v3-sewart') {
              const split = result.faults.filter((f) => f.step === i && f.kind === 'isolation-broken').length;
              expect(new Set(ids).size).toBe(ids.length);
              expect(Math.max(-1, ...ids)).toBeLessThan(ids.length + split);
            } else expect(ids).toEqual(ids.map((_, k) => k));
            return;
          }
          const survivors = step.state.groups.map((g) => g.id).filter((id) => before.includes(id));
          for (const id of created)
            for (let k = 0; k < id; k++)
              expect(
                survivors.includes(k) || created.includes(k),
                `step ${i}: id ${id} while ${k} free`,
              ).toBe(true);
        });
      }),
      { numRuns: 200 },
    );
  });
});
