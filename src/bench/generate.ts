/**
 * Generated machines for benchmarks: a realistic server-like mix of root ports (with and without
 * ACS), PCIe switches, multifunction NICs, NVMe drives and PCIe-to-PCI bridges, scaled to n devices.
 */
import type { DeviceSpec, Scenario, Step } from '../kernel/types';

const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');

/** About `n` devices spread over as many PCI segments as needed (256 buses each). */
export function generateDevices(n: number): DeviceSpec[] {
  const devices: DeviceSpec[] = [];
  let segment = 0;
  let bus = 1;
  let port = 0;
  const seg = () => (segment === 0 ? '' : `${hex(segment, 4)}:`);
  const nextBus = () => {
    const b = bus;
    bus += 1;
    return `${seg()}${hex(b, 2)}`;
  };
  devices.push({ bdf: '00:00.0', type: 'host-bridge', class: '0600' });
  while (devices.length < n) {
    if (bus > 250 || port >= 31) {
      segment += 1;
      bus = 1;
      port = 0;
      devices.push({ bdf: `${seg()}00:00.0`, type: 'host-bridge', class: '0600' });
    }
    const rp = `${seg()}00:${hex(1 + port, 2)}.0`;
    const kind = port % 4;
    port += 1;
    devices.push({ bdf: rp, type: 'root-port', acs: kind !== 3, driver: { name: 'pcieport' } });
    if (kind === 0) {
      const b = nextBus();
      devices.push({
        bdf: `${b}:00.0`,
        type: 'endpoint',
        parent: rp,
        class: '0108',
        driver: { name: 'nvme', dmaMask: 64 },
      });
    } else if (kind === 1) {
      const b = nextBus();
      for (let f = 0; f < 4; f++)
        devices.push({
          bdf: `${b}:00.${f}`,
          type: 'endpoint',
          parent: rp,
          multifunction: true,
          acs: false,
          class: '0200',
          driver: { name: 'igb', dmaMask: 64 },
        });
    } else if (kind === 2) {
      const up = `${nextBus()}:00.0`;
      devices.push({ bdf: up, type: 'switch-upstream', parent: rp });
      const sb = nextBus();
      for (let d = 0; d < 4; d++) {
        const down = `${sb}:${hex(d, 2)}.0`;
        devices.push({
          bdf: down,
          type: 'switch-downstream',
          parent: up,
          acs: d % 2 === 0,
          driver: { name: 'pcieport' },
        });
        devices.push({
          bdf: `${nextBus()}:00.0`,
          type: 'endpoint',
          parent: down,
          class: '0108',
          driver: { name: 'nvme', dmaMask: 64 },
        });
      }
    } else {
      const br = `${nextBus()}:00.0`;
      devices.push({ bdf: br, type: 'pcie-to-pci-bridge', parent: rp, class: '0604' });
      const cb = nextBus();
      for (let d = 1; d <= 2; d++)
        devices.push({
          bdf: `${cb}:${hex(d, 2)}.0`,
          type: 'pci',
          parent: br,
          class: '0200',
          driver: { name: 'e100', dmaMask: 32 },
        });
    }
  }
  return devices;
}

/**
 * A scenario over a generated machine: boot, then one of each later step — an NVMe drive handed
 * to vfio-pci, a NIC's first DMA map, the drive hot-removed and found again by a rescan, a sysfs
 * type write, and a crash into the kdump kernel.
 */
export function generateScenario(n: number, kernel: Scenario['kernel'] = 'v6.1'): Scenario {
  const devices = generateDevices(n);
  const nvme = devices.find((d) => d.class === '0108' && d.parent?.endsWith(':01.0'))!;
  // A function with a DMA-API driver (not a port: pcieport makes no DMA API calls, so a dma step
  // on one is only a refusal).
  const nic = devices.find((d) => d.driver?.name === 'igb')!;
  const steps: Step[] = [
    { op: 'boot' },
    { op: 'unbind', device: nvme.bdf },
    { op: 'bind', device: nvme.bdf, driver: 'vfio-pci' },
    { op: 'dma', device: nic.bdf },
    { op: 'hot-remove', device: nvme.bdf },
    { op: 'rescan' },
    { op: 'set-group-type', group: 1, value: 'identity' },
    { op: 'crash' },
  ];
  return {
    format: 'iommu-sandbox/scenario@1',
    name: `generated ${n}`,
    kernel,
    cmdline: 'intel_iommu=on',
    devices,
    steps,
  };
}
