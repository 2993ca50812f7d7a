import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { base, fixture, problemsOf, scenarioOf } from './fixtures.helpers';
import { parseScenario, validateScenario } from './validate';

const here = import.meta.dirname;
const good = (name: string) => fixture('good', name);
// The recordings live beside the repository (/work/shared); an in-repo copy wins if there is one.
const REAL_KERNEL = [
  join(here, '../../scenarios/real-kernel'),
  join(here, '../../../shared/real-kernel'),
].find(existsSync);
const FORMAT_DOC = join(here, '../../../shared/scenario-format.md');

describe('valid scenarios', () => {
  it('finds the real-kernel recordings', () => {
    expect(REAL_KERNEL, 'real-kernel/*.scenario.json not found beside the repository').toBeDefined();
  });

  const files = REAL_KERNEL ? readdirSync(REAL_KERNEL).filter((f) => f.endsWith('.scenario.json')) : [];
  it.each(files)('real-kernel/%s validates without warnings', (f) => {
    const r = parseScenario(readFileSync(join(REAL_KERNEL!, f), 'utf8'));
    expect(r.ok ? r.warnings : r.problems).toEqual([]);
    expect(r.ok).toBe(true);
  });

  const library = readdirSync(join(here, '../../scenarios'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json') && !f.endsWith('.observed.json'))
    // scenarios/compare/*.json are comparisons (iommu-sandbox/comparison@1), tested in src/compare.
    .filter((f) => !/^compare[/\\][^/\\]+\.json$/.test(f))
    .sort();
  it.each(library)('scenarios/%s validates', (f) => {
    const r = parseScenario(readFileSync(join(here, '../../scenarios', f), 'utf8'));
    expect(r.ok ? [] : r.problems).toEqual([]);
  });

  it("validates the format's own example (scenario-format.md and its copy in fixtures)", () => {
    // The contract lives beside the repository (CI has it); a clone on its own checks the copy.
    if (existsSync(FORMAT_DOC)) {
      const block = /## Input\s+```json\n([\s\S]*?)```/.exec(readFileSync(FORMAT_DOC, 'utf8'))?.[1];
      expect(block, 'the ```json block under "## Input" in scenario-format.md').toBeDefined();
      expect(JSON.parse(block!)).toEqual(JSON.parse(good('format-example.json')));
    }
    expect(scenarioOf(parseScenario(good('format-example.json'))).kernel).toBe('v5.3');
  });

  it('accepts every op and every optional field', () => {
    const s = scenarioOf(parseScenario(good('every-step.json')));
    expect(s.steps.map((st) => st.op)).toContain('hot-add');
    expect(s.devices[1]!.label).toBe('iGPU');
    expect(s.devices.at(-1)!.hid).toBe('INT33C4');
  });

  it('accepts x- keys anywhere and keeps them', () => {
    const raw = base();
    raw['x-tool'] = { v: 1 };
    raw.devices[0]!['x-pos'] = [1, 2];
    raw.steps = [{ op: 'boot', 'x-note': 'first' }];
    const s = scenarioOf(validateScenario(raw)) as unknown as Record<string, unknown>;
    expect(s['x-tool']).toEqual({ v: 1 });
    expect((s.devices as Record<string, unknown>[])[0]!['x-pos']).toEqual([1, 2]);
  });

  it('canonicalises BDFs, vendor, device and class', () => {
    const raw = base();
    raw.devices[1]!.bdf = '0000:00:1C.0';
    raw.devices[2]!.parent = '0000:00:1c.0';
    raw.devices[4]!.vendor = '8086';
    raw.devices[4]!.class = '0C03';
    raw.devices[4]!.device = 'A36D';
    raw.steps.push({ op: 'dma', device: '0000:03:00.0' });
    const s = scenarioOf(validateScenario(raw));
    expect(s.devices[1]!.bdf).toBe('00:1c.0');
    expect(s.devices[2]!.parent).toBe('00:1c.0');
    expect(s.devices[4]).toMatchObject({ vendor: 'intel', device: 'a36d', class: '0c03' });
    expect(s.steps[1]).toEqual({ op: 'dma', device: '03:00.0' });
    expect(raw.devices[1]!.bdf, 'the input is left as it was').toBe('0000:00:1C.0');
  });

  it('reads "parent": null as no parent (the root bus), by either shape check', () => {
    const raw = base();
    raw.devices[0]!.parent = null;
    raw.steps.push({ op: 'hot-add', device: { bdf: '00:05.0', type: 'rc-endpoint', parent: null } });
    for (const s of [scenarioOf(validateScenario(raw)), scenarioOf(parseScenario(JSON.stringify(raw)))]) {
      expect(s.devices[0]!.parent).toBeUndefined();
      expect(s.steps[1]).toMatchObject({ op: 'hot-add', device: { bdf: '00:05.0' } });
      expect((s.steps[1] as { device: { parent?: string } }).device.parent).toBeUndefined();
    }
  });

  it('treats a garbled cmdline as input for the kernel, not an error', () => {
    const raw = { ...base(), cmdline: 'intel_iommu=on,,=sm_on iommu.passthrough=maybe \u0000 iommu=' };
    expect(validateScenario(raw).ok).toBe(true);
  });

  it('follows hot-remove, rescan and hot-add', () => {
    const raw = base();
    raw.steps.push(
      { op: 'hot-remove', device: '01:00.0' },
      { op: 'rescan' },
      { op: 'dma', device: '03:00.0' },
      { op: 'hot-remove', device: '02:01.0' },
      { op: 'hot-add', device: { bdf: '03:00.0', type: 'endpoint', parent: '02:01.0' } },
    );
    expect(problemsOf(validateScenario(raw))).toEqual([
      'steps[5].device.parent: 03:00.0 names 02:01.0 as its parent, but there is no device 02:01.0',
    ]);
    raw.steps.splice(5, 1, {
      op: 'hot-add',
      device: { bdf: '02:02.0', type: 'endpoint', parent: '01:00.0' },
    });
    raw.steps.push({ op: 'bind', device: '02:02.0', driver: 'vfio-pci' });
    expect(validateScenario(raw).ok).toBe(true);
  });

  it('warns about things that are valid but probably unintended', () => {
    const raw = base();
    raw.devices[0]!.acs = true;
    raw.devices[4]!.activeAtCrash = false;
    raw.devices[4]!.hid = 'INT33C4';
    raw.devices[3]!.externalFacing = true;
    raw.kconfig = {
      IOMMU_DEFAULT_PASSTROUGH: true,
      INTEL_IOMMU_DEFAULT_ON: true,
    };
    const r = validateScenario(raw);
    expect(r.ok && r.warnings).toEqual([
      'kconfig.IOMMU_DEFAULT_PASSTROUGH: the sandbox does not read this option, so it changes nothing; did you mean "IOMMU_DEFAULT_PASSTHROUGH"?',
      'devices[0].acs: a host-bridge has no PCIe ACS capability; the kernel ignores this',
      'devices[3].externalFacing: on x86 firmware marks only root ports external-facing (ExternalFacingPort, read for root ports by pci_acpi_set_untrusted, pci_acpi_set_external_facing from 5.9); the sandbox applies it as given: every device below this switch-downstream is untrusted',
      'devices[4].hid: only an ACPI-namespace device (type acpi) is named by its _HID; this endpoint keeps its PCI name, and the sandbox ignores the field',
      'devices[4].activeAtCrash: matters only in a kdump kernel (machine.kdump or a crash step)',
    ]);
  });

  it('reads an ACPI _HID in capitals only, naming the field', () => {
    const raw = base();
    raw.devices.push({ bdf: '00:15.0', type: 'acpi', hid: 'int33c4' });
    expect(problemsOf(validateScenario(raw))).toEqual([
      `devices[${raw.devices.length - 1}].hid: expected an ACPI hardware id in capitals: 3 letters and 4 hex digits ("INT33C4"), or 4 letters or digits and 4 hex digits ("INTC1055")`,
    ]);
    raw.devices.at(-1)!.hid = 'INTC1055';
    expect(validateScenario(raw).ok).toBe(true);
  });

  it('warns that a host bridge was doing no DMA at a crash, whatever activeAtCrash says', () => {
    const raw = { ...base(), machine: { kdump: true } };
    raw.devices[0]!.activeAtCrash = true;
    const r = validateScenario(raw);
    expect(r.ok && r.warnings).toContain(
      'devices[0].activeAtCrash: a host bridge never masters the bus, so it was doing no DMA at the crash; the sandbox ignores this',
    );
  });

  it('warns about devices the kernel would never scan for', () => {
    const r = validateScenario({
      format: 'iommu-sandbox/scenario@1',
      kernel: 'v6.1',
      devices: [
        { bdf: '00:1c.0', type: 'root-port', acs: true },
        { bdf: '01:01.0', type: 'endpoint', parent: '00:1c.0' },
        { bdf: '00:1f.0', type: 'pci' },
        { bdf: '00:1f.3', type: 'pci' },
        { bdf: '00:16.0', type: 'pci', multifunction: true },
        { bdf: '00:16.3', type: 'pci' },
      ],
      steps: [{ op: 'boot' }],
    });
    expect(r.ok && r.warnings).toEqual([
      'devices[1].bdf: 01:01.0 is not device 0 below the root-port 00:1c.0, whose link has only device 0: a real kernel never scans for it (only_one_child); the sandbox models it as given',
      'devices[3].bdf: 00:1f.3 is function 3 of a slot whose function 0 is not multifunction: a real kernel never scans for it (pci_scan_slot); the sandbox models it as given',
    ]);
  });
});
