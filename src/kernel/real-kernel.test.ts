/**
 * The v6.1 model against recordings of Debian's 6.1 kernel booted in QEMU with an emulated VT-d
 * (scenarios/real-kernel, a copy of ../shared/real-kernel): every group, type and step answer must match what the kernel showed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../scenario/validate';
import { runScenario } from './run';
import type { GroupSnapshot } from './types';

const dir = new URL('../../scenarios/real-kernel/', import.meta.url);
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.scenario.json'))
  .map((f) => f.replace('.scenario.json', ''));

interface ObservedGroup {
  id: number;
  type: string;
  devices: string[];
  artefact?: boolean;
}
interface ObservedStep {
  scenarioStep: number;
  op: string;
  ok: boolean;
  errno: string | null;
  readbackType?: string;
  group?: number;
  groupsAfter: ObservedGroup[];
  artefact?: boolean;
}
interface Observed {
  boot: { groups: ObservedGroup[] };
  steps: ObservedStep[];
}

/** Groups as id → "type: sorted devices", leaving out artefact groups' devices on both sides. */
function shape(groups: (ObservedGroup | GroupSnapshot)[], skip: Set<string>): Record<number, string> {
  const out: Record<number, string> = {};
  for (const g of groups) {
    const devices = g.devices.filter((d) => !skip.has(d)).sort();
    if (devices.length === 0 && skip.size > 0) continue;
    out[g.id] = `${g.type}: ${devices.join(' ')}`;
  }
  return out;
}

const artefactDevices = (groups: ObservedGroup[]) =>
  new Set(groups.filter((g) => g.artefact).flatMap((g) => g.devices));

describe('v6.1 reproduces Debian 6.1.0-56 on QEMU q35 + intel-iommu', () => {
  it('has recordings to compare against', () => {
    expect(names.length).toBeGreaterThanOrEqual(9);
  });

  for (const name of names) {
    describe(name, () => {
      const parsed = validateScenario(
        JSON.parse(readFileSync(new URL(`${name}.scenario.json`, dir), 'utf8')),
      );
      const observed = JSON.parse(readFileSync(new URL(`${name}.observed.json`, dir), 'utf8')) as Observed;
      if (!parsed.ok) throw new Error(`${name}: ${parsed.problems.join('; ')}`);
      const result = runScenario(parsed.scenario);

      it('forms the same groups with the same ids and types at boot', () => {
        const skip = artefactDevices(observed.boot.groups);
        expect(shape(result.steps[0]!.state.groups, skip)).toEqual(shape(observed.boot.groups, skip));
      });

      for (const step of observed.steps) {
        if (step.artefact) continue;
        it(`step ${step.scenarioStep} (${step.op}${step.group !== undefined ? ` group ${step.group}` : ''}) answers like the kernel`, () => {
          const got = result.steps[step.scenarioStep]!;
          expect(got.ok).toBe(step.ok);
          if (!step.ok) expect(got.error ?? '').toMatch(new RegExp(`^-${step.errno}`));
          if (step.readbackType !== undefined && step.group !== undefined)
            expect(got.state.groups.find((g) => g.id === step.group)?.type).toBe(step.readbackType);
          const skip = artefactDevices(step.groupsAfter);
          expect(shape(got.state.groups, skip)).toEqual(shape(step.groupsAfter, skip));
        });
      }
    });
  }
});
