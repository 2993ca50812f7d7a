import { describe, expect, it } from 'vitest';
import { clusterGraph } from './layoutClusters';
import { toLayoutGraph } from './layoutGraph';
import { exampleMachines, libraryMachines } from './scenarios.helpers';
import { toFlow } from './toFlow';

const ids = (c: { top: { id: string }[] }) => c.top.map((n) => n.id);

describe('clusterGraph', () => {
  it('cuts the laptop into root ports with what is below them, in PCI order, buses apart', () => {
    const parts = clusterGraph(toLayoutGraph(toFlow(libraryMachines('laptop.v6.1').at(-1)!)));
    expect(parts.buses.map((b) => b.id)).toEqual(['bus:0000:00']);
    expect(parts.busEdges.every((e) => e.source === 'bus:0000:00')).toBe(true);
    const groups = parts.clusters.map((c) => ids(c).filter((id) => id.startsWith('grp:')));
    // 00:1c.0 (group 5) and the Wi-Fi card behind it (group 8) are one cluster; so 00:07.0 and 03:00.0.
    expect(groups).toEqual([
      ['grp:0'],
      ['grp:1'],
      ['grp:2', 'grp:10'],
      ['grp:3'],
      ['grp:4'],
      ['grp:5', 'grp:8'],
      ['grp:6', 'grp:9'],
      ['grp:7'],
    ]);
    // Each cluster takes its domains; every node is in exactly one cluster.
    const all = parts.clusters.flatMap((c) => c.nodes.map((n) => n.id));
    expect(new Set(all).size).toBe(all.length);
  });

  it('keeps groups that share a domain together and puts unused domains last', () => {
    const parts = clusterGraph(
      toLayoutGraph(toFlow(exampleMachines('e03-32bit-function-in-two-function-group.v5.3.json').at(-1)!)),
    );
    expect(ids(parts.clusters[0]!)).toEqual(expect.arrayContaining(['grp:0', 'grp:1', 'dom:d1']));
    const last = parts.clusters.at(-1)!;
    expect(last.top.every((n) => n.kind === 'domain')).toBe(true);
  });
});
