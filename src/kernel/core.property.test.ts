/**
 * Invariants of the whole core, in the kernel's terms, over random machines and random steps.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomScenarioArb as scenarioArb } from './randomScenario.helpers';
import { runScenario } from './run';
import type { RunResult, Scenario } from './types';

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
