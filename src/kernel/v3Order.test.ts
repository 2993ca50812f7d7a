/**
 * James Sewart's v3 [T] on the 5.1 core it was posted against: iommu_group_get_for_dev handles one
 * device at a time (the device_group callback, a new group's default domain, then
 * iommu_group_add_device, which attaches and only then logs "Adding to iommu group"). The split
 * of an identity device (kernel-model.md §7.B) keeps the examples' groups.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from './examples.helpers';
import { runScenario } from './run';
import type { ResultEvent } from './types';

const boot = (file: string) => runScenario(loadScenario(file)).steps[0]!;
const addIndex = (events: ResultEvent[], bdf: string) =>
  events.findIndex((e) => e.device === bdf && e.message.startsWith('Adding to iommu group'));

describe.each([
  ['e05-two-functions-different-needs.v3-sewart.json', '01:00.1', { '01:00.0': 1, '01:00.1': 2 }],
  ['e09-extra-group-breaks-vfio-isolation.v3-sewart.json', '01:00.0', { '01:00.0': 2, '01:00.1': 1 }],
] as const)('%s', (file, splitOff, groups) => {
  const step = boot(file);
  const ev = step.events;

  it('one "Adding to iommu group" line per device, and no device moves (no "Removing")', () => {
    const adds = ev.filter((e) => e.message.startsWith('Adding to iommu group'));
    expect(adds.map((e) => e.device)).toEqual([...new Set(adds.map((e) => e.device))]);
    for (const [bdf, id] of Object.entries(groups))
      expect(adds.filter((e) => e.device === bdf).map((e) => e.message)).toEqual([
        `Adding to iommu group ${id}`,
      ]);
    expect(ev.some((e) => e.message.startsWith('Removing from iommu group'))).toBe(false);
  });

  it('each device is attached before its "Adding" line, after the lines of the device before it', () => {
    let previous = -1;
    for (const bdf of step.state.devices.map((d) => d.bdf)) {
      const add = addIndex(ev, bdf);
      if (add < 0) continue;
      const attach = ev.findIndex((e) => e.device === bdf && e.kind === 'attach');
      expect(attach, bdf).toBeGreaterThan(previous);
      expect(attach, bdf).toBeLessThan(add);
      previous = add;
    }
  });

  it("a new group's default domain is allocated before its first device attaches (iommu_group_get_for_dev)", () => {
    // Allocations: a group whose default is the shared si_domain is given it, not allocated one.
    const allocs = ev.filter((e) => e.fn === 'iommu_group_get_for_dev' && e.message.startsWith('allocated'));
    expect(allocs.length).toBeGreaterThan(0);
    for (const a of allocs) {
      const at = ev.indexOf(a);
      const attach = ev.findIndex((e) => e.kind === 'attach' && e.domain === a.domain);
      expect(attach).toBeGreaterThan(at);
    }
  });

  it('the split-off device: the callback gives it a group of its own, and its line is marked inferred', () => {
    const add = ev[addIndex(ev, splitOff)]!;
    expect(add.inferred).toBe(true);
    const others = ev.filter((e) => e.device !== splitOff && e.message.startsWith('Adding'));
    expect(others.every((e) => !e.inferred)).toBe(true);
    expect(step.state.devices.find((d) => d.bdf === splitOff)!.group).toBe(
      groups[splitOff as keyof typeof groups],
    );
  });
});
