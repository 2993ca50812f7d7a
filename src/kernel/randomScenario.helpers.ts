/**
 * Random but valid scenarios for property tests (fast-check): machines of root ports, switches,
 * multifunction endpoints and a PCIe-to-PCI bridge, under any kernel and command line, and any
 * sequence of steps after a boot.
 */
import fc from 'fast-check';
import { type DeviceSpec, KERNELS, type Scenario, type Step } from './types';

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

export const randomScenarioArb: fc.Arbitrary<Scenario> = machineArb.chain((devices) =>
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
