/** A driver whose probe makes its first DMA API call (`dmaAtProbe`): ahci and nvme allocate their queues there. */
import { describe, expect, it } from 'vitest';
import { dmesgLine } from './dmesg';
import { runScenario } from './run';
import type { KernelId, Scenario } from './types';

// q35's 00:1f functions: one group (multifunction, no ACS); ahci allocates its ports' memory in probe.
const q35 = (kernel: KernelId, dmaAtProbe: boolean, steps: Scenario['steps']): Scenario => ({
  format: 'iommu-sandbox/scenario@1',
  kernel,
  cmdline: 'intel_iommu=on',
  devices: [
    { bdf: '00:00.0', type: 'host-bridge' },
    { bdf: '00:1f.0', type: 'pci', multifunction: true, class: '0601', vendor: 'intel' },
    {
      bdf: '00:1f.2',
      type: 'pci',
      multifunction: true,
      class: '0106',
      vendor: 'intel',
      driver: { name: 'ahci', dmaMask: 64, dmaAtProbe },
    },
  ],
  steps,
});

const afterCrash = (kernel: KernelId, dmaAtProbe = true) =>
  runScenario(q35(kernel, dmaAtProbe, [{ op: 'boot' }, { op: 'crash' }])).steps[1]!;
const ahci = (step: ReturnType<typeof afterCrash>) => step.state.devices.find((d) => d.bdf === '00:1f.2')!;

describe('the first DMA API call in probe (dmaAtProbe)', () => {
  it('6.1 and 5.7: the kdump kernel attaches the device while its driver probes', () => {
    for (const k of ['v6.1', 'v5.7'] as const) {
      expect(ahci(afterCrash(k)), k).toMatchObject({ driver: 'ahci', attach: 'attached', dma: 'translated' });
      expect(ahci(afterCrash(k, false)), `${k} without`).toMatchObject({
        attach: 'deferred',
        dma: 'old-kernel',
      });
    }
  });

  it('5.3.1: the kdump kernel oopses while it boots, in the probe’s first map (the DEFER marker read as a pointer)', () => {
    const step = afterCrash('v5.3');
    expect(step.ok).toBe(false);
    expect(step.error).toMatch(/^-EFAULT/);
    expect(afterCrash('v5.3', false).ok).toBe(true);
  });

  it('5.11: the deferred attach refuses a multi-device group, so the probe fails and no driver stays bound', () => {
    const step = afterCrash('v5.11');
    expect(step.ok).toBe(true);
    expect(ahci(step)).toMatchObject({ driver: null, attach: 'deferred' });
    const lines = step.events.filter((e) => !e.silent).map(dmesgLine);
    const failed = lines.indexOf('ahci 0000:00:1f.2: failed to start port 0 (errno=-12)');
    expect(failed).toBeGreaterThan(0);
    expect(lines[failed + 1]).toBe('ahci: probe of 0000:00:1f.2 failed with error -12');
  });

  it('a bind step of such a driver answers like a dma step after it: refused when the allocation fails', () => {
    const r = runScenario(
      q35('v5.11', true, [
        { op: 'boot' },
        { op: 'crash' },
        { op: 'bind', device: '00:1f.2', driver: { name: 'ahci', dmaAtProbe: true } },
      ]),
    );
    // 5.11's bind_store answers a failed probe -ENODEV (the probe's errno reaches it from 5.14).
    expect(r.steps[2]).toMatchObject({
      error: expect.stringMatching(
        /^-ENODEV: ahci: probe of 0000:00:1f\.2 failed with error -12 \(ahci: probe/,
      ),
      errorFn: 'bind_store',
    });
  });

  it('5.1: the first map at probe makes the driver’s domain decision at boot (no device left unattached)', () => {
    const boot = (on: boolean) =>
      runScenario(q35('v5.1', on, [{ op: 'boot' }])).steps[0]!.state.devices.find(
        (d) => d.bdf === '00:1f.2',
      )!;
    expect(boot(true).attach).toBe('attached');
    expect(boot(false).attach).toBe('none');
  });
});
