/** The topology validation built for a device list is the first boot's, unless a spec changed since. */
import { describe, expect, it } from 'vitest';
import { generateScenario } from '../bench/generate';
import { applyStep, createMachine } from './run';
import { checkedTopology, knownTopology } from './topologyCache';

describe('checkedTopology', () => {
  it("is the first boot's topology of the same device list", () => {
    const s = generateScenario(60);
    const t = checkedTopology(s.devices);
    const booted = applyStep(createMachine(s), { op: 'boot' }).machine;
    expect(knownTopology(booted)).toBe(t);
  });

  it('is not used once a spec of the list changed its parent, address or type', () => {
    const s = generateScenario(60);
    const t = checkedTopology(s.devices);
    const moved = s.devices.findIndex((d) => d.parent !== undefined);
    s.devices[moved]!.parent = s.devices[0]!.bdf;
    const booted = applyStep(createMachine(s), { op: 'boot' }).machine;
    expect(knownTopology(booted)).not.toBe(t);
    expect(knownTopology(booted)?.upstream[s.devices[moved]!.bdf]).toBe(s.devices[0]!.bdf);
  });
});
