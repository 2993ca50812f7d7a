import { describe, expect, it } from 'vitest';
import { configOf } from '../compare/variant';
import type { Scenario } from '../kernel/types';
import { createCompareStore, emptyWorld } from './compare';
import { createSandboxStore, selectMachine } from './sandbox';

const e7: Scenario = {
  format: 'iommu-sandbox/scenario@1',
  name: 'E7',
  kernel: 'v5.3',
  fixes: { 'si-domain-free-guard': true },
  cmdline: 'iommu.passthrough=1',
  devices: [
    { bdf: '00:00.0', type: 'host-bridge' },
    { bdf: '00:02.0', type: 'rc-endpoint', label: 'nic', class: '0200' },
    { bdf: '00:03.0', type: 'rc-endpoint', label: 'nvme', class: '0108' },
  ],
  steps: [{ op: 'boot' }, { op: 'hot-remove', device: '00:02.0' }],
};

function setup() {
  const left = createSandboxStore(e7);
  const right = emptyWorld(left);
  const compare = createCompareStore(left, right);
  return { left, right, compare };
}

const guardOff = { ...configOf(e7), fixes: { 'si-domain-free-guard': false } };

/** The si-free comparison as the Comparison select opens it: E7 with the guard on the left, off on the right. */
const siFree = (scenario: Scenario) => ({
  id: 'si-free',
  scenario,
  left: { fixes: { 'si-domain-free-guard': true } },
  right: { fixes: { 'si-domain-free-guard': false } },
  libraryId: 'examples/e07',
});

describe('compare store', () => {
  it('starts the right world on the same machine and steps, at the same step, with its own configuration', () => {
    const { left, right, compare } = setup();
    compare.getState().start(guardOff);
    expect(compare.getState().on).toBe(true);
    const r = right.getState();
    expect(r.scenario.devices).toBe(left.getState().scenario.devices);
    expect(r.scenario.steps).toEqual(e7.steps);
    expect(r.scenario.fixes).toEqual({ 'si-domain-free-guard': false });
    expect(r.cursor).toBe(left.getState().cursor);
    expect(selectMachine(r).faults.map((f) => f.kind)).toContain('use-after-free');
    expect(selectMachine(left.getState()).faults).toEqual([]);
  });

  it("a comparison started again shows the right world's log unfiltered", () => {
    const { right, compare } = setup();
    compare.getState().start(guardOff);
    right.getState().filterLog({ device: '00:02.0', kind: 'domain' });
    compare.getState().stop();
    compare.getState().start(guardOff);
    expect(right.getState().logFilter).toEqual({ device: '', kind: '', upTo: false });
  });

  it('defaults the right world to the left configuration', () => {
    const { right, compare } = setup();
    compare.getState().start();
    expect(configOf(right.getState().scenario)).toEqual(configOf(e7));
  });

  it('steps both worlds in lockstep', () => {
    const { left, right, compare } = setup();
    compare.getState().start(guardOff);
    left.getState().seek(0);
    expect(right.getState().cursor).toBe(0);
    left.getState().stepForward();
    expect(right.getState().cursor).toBe(1);
  });

  it('appends an action to both worlds, each answering with its own kernel', () => {
    const { left, right, compare } = setup();
    compare.getState().start(guardOff);
    const runsBefore = right.getState().runs;
    left.getState().act({ op: 'hot-remove', device: '00:03.0' });
    const r = right.getState();
    expect(r.scenario.steps.at(-1)).toEqual({ op: 'hot-remove', device: '00:03.0' });
    expect(r.cursor).toBe(2);
    // The right world ran one more step; it did not run the scenario again.
    expect(r.runs[1]).toBe(runsBefore[1]);
    expect(selectMachine(r).faults.map((f) => f.kind)).toContain('double-free');
    expect(selectMachine(left.getState()).faults).toEqual([]);
  });

  it('acting from an earlier step replaces the later steps in both worlds', () => {
    const { left, right, compare } = setup();
    compare.getState().start(guardOff);
    left.getState().seek(0);
    left.getState().act({ op: 'hot-remove', device: '00:03.0' });
    expect(right.getState().scenario.steps).toEqual([e7.steps[0], { op: 'hot-remove', device: '00:03.0' }]);
    expect(right.getState().cursor).toBe(1);
  });

  it('follows undo, and keeps settings typed into the right pane but not booted', () => {
    const { left, right, compare } = setup();
    compare.getState().start(guardOff);
    right.getState().editDraft({ kernel: 'v6.1' });
    left.getState().act({ op: 'rescan' });
    left.getState().undo();
    expect(right.getState().scenario.steps).toEqual(e7.steps);
    expect(right.getState().scenario.fixes).toEqual({ 'si-domain-free-guard': false });
    expect(right.getState().draft.kernel).toBe('v6.1');
  });

  it('boots both worlds with their drafts', () => {
    const { left, right, compare } = setup();
    compare.getState().start(guardOff);
    left.getState().editDraft({ cmdline: 'iommu=pt' });
    right.getState().editDraft({ kernel: 'v6.1', fixes: {} });
    compare.getState().boot();
    expect(left.getState().scenario.cmdline).toBe('iommu=pt');
    expect(left.getState().scenario.kernel).toBe('v5.3');
    expect(right.getState().scenario.kernel).toBe('v6.1');
    expect(right.getState().scenario.cmdline).toBe('iommu.passthrough=1');
    expect(compare.getState().right.kernel).toBe('v6.1');
    expect(right.getState().scenario.steps).toEqual(left.getState().scenario.steps);
  });

  it('opens a comparison: both configurations over the scenario, from its first step', () => {
    const { left, right, compare } = setup();
    compare.getState().open(siFree(e7));
    const c = compare.getState();
    expect(c).toMatchObject({ on: true, comparisonId: 'si-free' });
    expect(left.getState()).toMatchObject({ cursor: 0, libraryId: 'examples/e07' });
    expect(right.getState().cursor).toBe(0);
    expect(right.getState().draft.fixes).toEqual({ 'si-domain-free-guard': false });
    // Another machine picked later: the comparison is no longer the one on screen.
    left.getState().load({ ...e7, devices: [...e7.devices] }, { libraryId: 'library/other' });
    expect(compare.getState().comparisonId).toBeNull();
    expect(compare.getState().on).toBe(true);
  });

  it('a comparison booted with other settings is the reader’s own; booted as it was set up, still the preset', () => {
    const { left, right, compare } = setup();
    compare.getState().open(siFree(e7));
    // Boot again unchanged (a fix written out that was already in effect changes nothing).
    right.getState().editDraft({ fixes: { ...right.getState().draft.fixes } });
    compare.getState().boot();
    expect(compare.getState().comparisonId).toBe('si-free');
    // The right world on another kernel: the preset's name and description no longer fit.
    right.getState().editDraft({ kernel: 'v5.8' });
    compare.getState().boot();
    expect(compare.getState()).toMatchObject({ on: true, comparisonId: null });
    expect(left.getState().scenario.name).toBe(e7.name);
  });

  it('opening a ready-made comparison over the reader’s own says Undo brings the own one back', () => {
    const { left, right, compare } = setup();
    compare.getState().start({ ...configOf(e7), kernel: 'v6.1' });
    compare.getState().open(siFree({ ...e7, name: 'E7 (the comparison)' }));
    expect(left.getState().notice).toEqual({
      kind: 'info',
      text: 'Your own comparison was replaced: Undo brings it back.',
    });
    left.getState().undo();
    expect(compare.getState()).toMatchObject({ on: true, comparisonId: null });
    expect(right.getState().scenario.kernel).toBe('v6.1');
    // On the step it was viewed at (the comparison opened on step 0).
    expect(left.getState().cursor).toBe(1);
  });

  it('Undo after opening a comparison brings back the page before it; Redo the comparison', () => {
    const { left, right, compare } = setup();
    const before = left.getState().scenario;
    const e7b: Scenario = { ...e7, name: 'E7 (the comparison)' };
    compare.getState().open(siFree(e7b));
    left.getState().undo();
    expect(left.getState().scenario).toBe(before);
    // Not the left world as it was with the comparison's right world beside it.
    expect(compare.getState().on).toBe(false);

    left.getState().redo();
    expect(left.getState().scenario.name).toBe('E7 (the comparison)');
    expect(compare.getState()).toMatchObject({ on: true, comparisonId: 'si-free' });
    expect(right.getState().scenario.fixes).toEqual({ 'si-domain-free-guard': false });
    expect(right.getState().cursor).toBe(left.getState().cursor);
  });

  it('Undo within a comparison keeps compare mode and its right world', () => {
    const { left, right, compare } = setup();
    compare.getState().start(guardOff, 'si-free');
    left.getState().act({ op: 'rescan' });
    left.getState().undo();
    expect(compare.getState()).toMatchObject({ on: true, comparisonId: 'si-free' });
    expect(right.getState().scenario.steps).toHaveLength(2);
    expect(right.getState().scenario.fixes).toEqual({ 'si-domain-free-guard': false });
  });

  it('stops following when compare mode is switched off', () => {
    const { left, right, compare } = setup();
    compare.getState().start(guardOff, 'si-free');
    compare.getState().stop();
    left.getState().act({ op: 'rescan' });
    expect(right.getState().scenario.steps).toHaveLength(2);
    // The Comparison select no longer names a comparison that is not on screen.
    expect(compare.getState()).toMatchObject({ on: false, comparisonId: null });
  });

  it('keeps the pointer while the same node is pointed at', () => {
    const { compare } = setup();
    const p = { side: 'left' as const, node: 'dev:00:02.0', key: 'dev:00:02.0' };
    compare.getState().point(p);
    const first = compare.getState().pointer;
    compare.getState().point({ ...p });
    expect(compare.getState().pointer).toBe(first);
    compare.getState().point(null);
    expect(compare.getState().pointer).toBeNull();
  });
});
