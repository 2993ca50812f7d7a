/**
 * Invariants of pci_device_group over random valid machines: a root bus with a host bridge, root
 * ports with or without ACS, switches, multifunction endpoints, PCIe-to-PCI bridges with
 * conventional devices (some behind a nested conventional bridge), and DMA-alias quirks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acsEnabled, acsPathEnabled } from './acs';
import { bdfOnBus, busKey, canonicalBdf, formatBdf, slotKey } from './bdf';
import { dmaRequesterId, formGroups } from './groups';
import { buildTopology, type Topology } from './topology';
import { checkTopology } from './topologyCheck';
import type { AcsFlag, DeviceSpec } from './types';

type Fn = { acs: boolean; alias: 'none' | 'fn0' | 'phantom' };
type Leaf = { kind: 'slot'; fns: Fn[] } | { kind: 'pcie-to-pci'; devs: number; nested: boolean } | null;
type Below = Leaf | { kind: 'switch'; downs: { acs: boolean; child: Leaf }[] };
type RootItem =
  | { kind: 'root-port'; acs: boolean | AcsFlag[]; child: Below }
  | { kind: 'rc-slot'; fns: { conv: boolean; intel: boolean; acs: boolean }[] };

const fnArb: fc.Arbitrary<Fn> = fc.record({
  acs: fc.boolean(),
  alias: fc.constantFrom<Fn['alias']>('none', 'none', 'none', 'fn0', 'phantom'),
});
const leafArb: fc.Arbitrary<Leaf> = fc.oneof(
  fc.record({ kind: fc.constant('slot' as const), fns: fc.array(fnArb, { minLength: 1, maxLength: 3 }) }),
  fc.record({
    kind: fc.constant('pcie-to-pci' as const),
    devs: fc.integer({ min: 1, max: 3 }),
    nested: fc.boolean(),
  }),
  fc.constant(null),
);
const belowArb: fc.Arbitrary<Below> = fc.oneof(
  { weight: 3, arbitrary: leafArb },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('switch' as const),
      downs: fc.array(fc.record({ acs: fc.boolean(), child: leafArb }), { minLength: 1, maxLength: 3 }),
    }),
  },
);
const rootItemArb: fc.Arbitrary<RootItem> = fc.oneof(
  fc.record({
    kind: fc.constant('root-port' as const),
    acs: fc.constantFrom<boolean | AcsFlag[]>(true, false, false, ['SV', 'RR']),
    child: belowArb,
  }),
  fc.record({
    kind: fc.constant('rc-slot' as const),
    fns: fc.array(fc.record({ conv: fc.boolean(), intel: fc.boolean(), acs: fc.boolean() }), {
      minLength: 1,
      maxLength: 3,
    }),
  }),
);

/** Lays the abstract machine out as firmware would: bus numbers depth-first, as SeaBIOS does. */
function materialize(items: RootItem[]): DeviceSpec[] {
  const out: DeviceSpec[] = [{ bdf: '00:00.0', type: 'host-bridge' }];
  let lastBus = 0;
  const at = (bus: number, dev: number, fn = 0) => formatBdf({ segment: 0, bus, dev, fn });
  const leaf = (l: Leaf, parent: string) => {
    if (!l) return;
    const bus = ++lastBus;
    if (l.kind === 'slot') {
      const multi = l.fns.length > 1;
      for (const [i, f] of l.fns.entries()) {
        const aliases =
          f.alias === 'phantom' ? [at(bus, 0, 7)] : f.alias === 'fn0' && i > 0 ? [at(bus, 0, 0)] : [];
        out.push({
          bdf: at(bus, 0, i),
          type: 'endpoint',
          parent,
          multifunction: multi,
          acs: f.acs,
          ...(aliases.length ? { aliases } : {}),
        });
      }
      return;
    }
    const bridge = at(bus, 0);
    out.push({ bdf: bridge, type: 'pcie-to-pci-bridge', parent });
    const sec = ++lastBus;
    for (let d = 1; d <= l.devs; d++) out.push({ bdf: at(sec, d), type: 'pci', parent: bridge });
    if (l.nested) {
      const inner = at(sec, l.devs + 1);
      out.push({ bdf: inner, type: 'pci-bridge', parent: bridge });
      out.push({ bdf: at(++lastBus, 0), type: 'pci', parent: inner });
    }
  };
  for (const [slot, item] of items.entries()) {
    const dev = slot + 1;
    if (item.kind === 'rc-slot') {
      const multi = item.fns.length > 1;
      for (const [i, f] of item.fns.entries())
        out.push({
          bdf: at(0, dev, i),
          type: f.conv ? 'pci' : 'rc-endpoint',
          multifunction: multi,
          ...(f.conv ? {} : { acs: f.acs }),
          ...(f.intel ? { vendor: 'intel' } : {}),
        });
      continue;
    }
    const port = at(0, dev);
    out.push({ bdf: port, type: 'root-port', acs: item.acs });
    const c = item.child;
    if (c?.kind !== 'switch') {
      leaf(c, port);
      continue;
    }
    const up = at(++lastBus, 0);
    out.push({ bdf: up, type: 'switch-upstream', parent: port });
    const inner = ++lastBus;
    for (const [i, d] of c.downs.entries()) {
      const down = at(inner, i);
      out.push({ bdf: down, type: 'switch-downstream', parent: up, acs: d.acs });
      leaf(d.child, down);
    }
  }
  return out;
}

const machineArb = fc.array(rootItemArb, { minLength: 0, maxLength: 5 }).map(materialize);
const RUNS = { numRuns: 200 };

const descendants = (topo: Topology, bdf: string): string[] =>
  (topo.children[bdf] ?? []).flatMap((c) => [c, ...descendants(topo, c)]);

describe('pci_device_group invariants', () => {
  it('generates valid topologies', () => {
    fc.assert(
      fc.property(machineArb, (specs) => {
        expect(checkTopology(specs)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('puts every device in exactly one group, with ids 0..n-1 in creation order', () => {
    fc.assert(
      fc.property(machineArb, (specs) => {
        const topo = buildTopology(specs);
        const { groupOf } = formGroups(topo);
        expect(Object.keys(groupOf).sort()).toEqual(specs.map((s) => s.bdf).sort());
        const firstSeen: number[] = [];
        for (const b of topo.order) if (!firstSeen.includes(groupOf[b]!)) firstSeen.push(groupOf[b]!);
        expect(firstSeen).toEqual(firstSeen.map((_, i) => i));
      }),
      RUNS,
    );
  });

  it('does not depend on the order in which the specs are listed', () => {
    const withShuffle = machineArb.chain((specs) =>
      fc.tuple(
        fc.constant(specs),
        fc.shuffledSubarray(specs, { minLength: specs.length, maxLength: specs.length }),
      ),
    );
    fc.assert(
      fc.property(withShuffle, ([specs, shuffled]) => {
        expect(formGroups(buildTopology(shuffled)).groupOf).toEqual(formGroups(buildTopology(specs)).groupOf);
      }),
      RUNS,
    );
  });

  it('puts everything behind a PCIe-to-PCI bridge in its group, DMAing as (secondary bus, 00.0)', () => {
    fc.assert(
      fc.property(machineArb, (specs) => {
        const topo = buildTopology(specs);
        const { groupOf } = formGroups(topo);
        for (const s of specs) {
          if (s.type !== 'pcie-to-pci-bridge') continue;
          const requester = bdfOnBus(topo.secondary[s.bdf]!, 0);
          for (const d of descendants(topo, s.bdf)) {
            expect(groupOf[d]).toBe(groupOf[s.bdf]);
            expect(dmaRequesterId(topo, d)).toBe(requester);
          }
        }
      }),
      RUNS,
    );
  });

  it('puts a device in the group of the bridge above it when that bridge is not ACS-isolated up to the root', () => {
    // In these machines no alias-emitting bridge sits above a port, so the alias walk cannot skip the
    // bridge; and a root port without ACS therefore takes everything below it.
    fc.assert(
      fc.property(machineArb, (specs) => {
        const topo = buildTopology(specs);
        const { groupOf } = formGroups(topo);
        for (const s of specs) {
          const b = topo.upstream[s.bdf];
          if (b && !acsPathEnabled(topo, b)) expect(groupOf[s.bdf]).toBe(groupOf[b]);
        }
      }),
      RUNS,
    );
  });

  it('groups together the functions of one slot that lack ACS', () => {
    fc.assert(
      fc.property(machineArb, (specs) => {
        const topo = buildTopology(specs);
        const { groupOf } = formGroups(topo);
        const open = specs.filter((s) => s.multifunction && !acsEnabled(topo, s.bdf));
        for (const a of open)
          for (const b of open)
            if (slotKey(a.bdf) === slotKey(b.bdf)) expect(groupOf[a.bdf]).toBe(groupOf[b.bdf]);
      }),
      RUNS,
    );
  });

  it('leaves a single-function device with a fully ACS path and no aliases alone, unless something aliases it', () => {
    fc.assert(
      fc.property(machineArb, (specs) => {
        const topo = buildTopology(specs);
        const { groupOf } = formGroups(topo);
        const aliasedBy = (b: string) =>
          (topo.bus[busKey(b)] ?? []).some((o) =>
            (topo.devices[o]!.aliases ?? []).map(canonicalBdf).includes(b),
          );
        for (const s of specs) {
          if (s.multifunction || s.aliases?.length || aliasedBy(s.bdf) || !acsPathEnabled(topo, s.bdf))
            continue;
          const members = Object.keys(groupOf).filter((b) => groupOf[b] === groupOf[s.bdf]);
          expect(members).toEqual([s.bdf]);
        }
      }),
      RUNS,
    );
  });
});
