/**
 * The scenario files of the worked examples (scenarios/examples/) follow the scenario format, are
 * listed in its README, and each belongs to one of the examples E1–E15, whose test files
 * (examples.e1-e5.test.ts, ...) check that every one of their files is exercised.
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STEP_OPS } from '../scenario/schema';
import { EXAMPLES_DIR, exampleFiles, exampleNumber, loadScenario } from './examples.helpers';
import { DEVICE_TYPES, FIX_IDS, KERNELS } from './types';

// =============================================================================================
describe('scenario files (scenario-format.md)', () => {
  const files = exampleFiles();
  const PCIE_TYPES = new Set([
    'root-port',
    'switch-upstream',
    'switch-downstream',
    'endpoint',
    'rc-endpoint',
    'legacy-endpoint',
    'pcie-to-pci-bridge',
    'pci-to-pcie-bridge',
  ]);
  const OPS = new Set<string>(STEP_OPS);

  it('there are example files', () => {
    expect(files.length).toBeGreaterThan(15);
  });

  it.each(files)('%s parses and follows the format', (file) => {
    const s = loadScenario(file) as unknown as Record<string, unknown> & ReturnType<typeof loadScenario>;
    expect(s.format).toBe('iommu-sandbox/scenario@1');
    expect(typeof s.name === 'string' && s.name.length > 0).toBe(true);
    expect(typeof s.description === 'string' && s.description.length > 0).toBe(true);
    expect(KERNELS).toContain(s.kernel);
    expect(file.endsWith(`.${s.kernel}.json`), `file name ends with .${s.kernel}.json`).toBe(true);
    for (const k of Object.keys(s.fixes ?? {})) expect(FIX_IDS).toContain(k);
    if (s.cmdline !== undefined) expect(typeof s.cmdline).toBe('string');
    const known = new Set<string>();
    const check = (d: (typeof s.devices)[number], where: string): void => {
      expect(d.bdf, where).toMatch(/^([0-9a-f]{4}:)?[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/);
      expect(DEVICE_TYPES, where).toContain(d.type);
      if (d.parent !== undefined)
        expect(known.has(d.parent), `${where}: parent ${d.parent} listed before`).toBe(true);
      if (d.class !== undefined) expect(d.class, where).toMatch(/^[0-9a-f]{2,6}$/);
      if (d.acs !== undefined)
        expect(PCIE_TYPES.has(d.type), `${where}: acs only on PCIe functions`).toBe(true);
      if (d.label !== undefined) expect(typeof d.label).toBe('string');
      if (d.driver) {
        expect(typeof d.driver.name).toBe('string');
        if (d.driver.dmaMask !== undefined) expect([32, 64]).toContain(d.driver.dmaMask);
      }
      known.add(d.bdf);
    };
    s.devices.forEach((d, i) => {
      expect(known.has(d.bdf), `devices[${i}] ${d.bdf} is unique`).toBe(false);
      check(d, `devices[${i}]`);
    });
    expect(s.steps[0]?.op).toBe('boot');
    s.steps.forEach((st, i) => {
      expect(OPS.has(st.op), `steps[${i}].op`).toBe(true);
      if (st.op === 'hot-add') {
        if (!known.has(st.device.bdf)) check(st.device, `steps[${i}].device`);
      } else if ('device' in st) {
        expect(known.has(st.device), `steps[${i}].device ${st.device} in the topology`).toBe(true);
      }
      if ('group' in st) expect(Number.isInteger(st.group) && st.group >= 0).toBe(true);
      if (st.op === 'bind' && typeof st.driver === 'object') expect(typeof st.driver.name).toBe('string');
    });
  });

  it('README.md lists every file', () => {
    const readme = readFileSync(new URL('README.md', EXAMPLES_DIR), 'utf8');
    for (const f of files) expect(readme, f).toContain(f);
  });
});

// =============================================================================================
describe('coverage', () => {
  it('every scenario file in scenarios/examples/ belongs to one of E1–E15 (whose tests check it is used)', () => {
    expect(exampleFiles().filter((f) => !(exampleNumber(f) >= 1 && exampleNumber(f) <= 15))).toEqual([]);
  });
});
