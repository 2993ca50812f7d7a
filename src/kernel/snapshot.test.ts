/**
 * snapshot() patches the previous step's snapshot with what the step changed; after every step of
 * the worked examples and of random walks over generated machines it must equal a snapshot
 * rebuilt from scratch, the topology a step reuses must equal one built afresh, and the key lists
 * the Tx keeps for the machine's records (records.ts) must be the records' own — whether each
 * step copies its predecessor's records or (consumes) writes them in place.
 */
import { describe, expect, it } from 'vitest';
import { generateScenario } from '../bench/generate';
import { exampleFiles, loadScenario } from './examples.helpers';
import { recordKeys } from './records';
import { applyStep, createMachine } from './run';
import { fullSnapshot, snapshot } from './snapshot';
import { buildTopology } from './topology';
import { knownTopology } from './topologyCache';
import { KERNELS, type Machine, type Scenario, type Step } from './types';

function checkStep(m: Machine, where: string): void {
  expect(snapshot(m), where).toEqual(fullSnapshot(m));
  for (const key of ['devices', 'groups', 'domains'] as const)
    expect(recordKeys(m[key]), `${where}: ${key} keys`).toEqual(Object.keys(m[key]));
  const topo = knownTopology(m);
  if (topo) {
    const fresh = buildTopology(Object.values(m.devices).map((d) => d.spec));
    expect({ ...topo }, `${where}: topology`).toEqual({ ...fresh });
  }
}

// Each step's snapshot, checked; `consumes`: each step writes its predecessor's records in place.
function walkWith(s: Scenario, steps: Step[], name: string, consumes: boolean): unknown[] {
  let m = createMachine(s);
  checkStep(m, `${name} before boot`);
  return steps.map((step, i) => {
    m = applyStep(m, step, { consumes }).machine;
    checkStep(m, `${name} step ${i} (${step.op})${consumes ? ', consuming' : ''}`);
    return fullSnapshot(m);
  });
}

// A run that consumes its machines reads as one that copies them, step by step.
function walk(s: Scenario, steps: Step[], name: string): void {
  expect(walkWith(s, steps, name, true), `${name}: consuming`).toEqual(walkWith(s, steps, name, false));
}

// A small deterministic generator (mulberry32): the same walks on every run.
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomSteps(s: Scenario, n: number, seed: number): Step[] {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const bdfs = s.devices.map((d) => d.bdf);
  const group = () => Math.floor(r() * 12);
  const makers: (() => Step)[] = [
    () => ({ op: 'dma', device: pick(bdfs) }),
    () => ({ op: 'unbind', device: pick(bdfs) }),
    () => ({ op: 'bind', device: pick(bdfs), driver: pick(['vfio-pci', 'e1000e', 'pci-stub']) }),
    () => ({ op: 'hot-remove', device: pick(bdfs) }),
    () => ({ op: 'rescan' }),
    () => ({ op: 'set-group-type', group: group(), value: pick(['identity', 'DMA', 'DMA-FQ', 'auto']) }),
    () => ({ op: 'request-domain', device: pick(bdfs), type: pick(['identity', 'DMA'] as const) }),
    () => ({ op: 'vfio-claim', group: group() }),
    () => ({ op: 'vfio-release', group: group() }),
    () => ({
      op: 'hot-add',
      device: {
        bdf: `00ff:00:${(Math.floor(r() * 31) + 1).toString(16).padStart(2, '0')}.0`,
        type: 'rc-endpoint',
        driver: { name: 'x', dmaMask: 32 },
      },
    }),
    () => ({ op: 'crash' }),
  ];
  const steps: Step[] = [{ op: 'boot' }];
  for (let i = 0; i < n; i++) steps.push(pick(makers)());
  return steps;
}

describe('snapshot patches the previous step exactly', () => {
  it.each(exampleFiles())('%s', (file) => {
    const s = loadScenario(file);
    walk(s, s.steps, file);
  });

  it.each(KERNELS)('random walks on a generated machine (%s)', (kernel) => {
    for (const [seed, cmdline] of [
      [1, 'intel_iommu=on'],
      [2, 'iommu=pt'],
      [3, 'intel_iommu=on iommu.strict=1'],
    ] as const) {
      const s = { ...generateScenario(120, kernel), cmdline, machine: { kdump: seed === 3 } };
      walk(s, randomSteps(s, 40, seed), `${kernel} seed ${seed}`);
    }
  });
});
