import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseColumns, type Item, MAX_FIT_ZOOM, TARGET_VIEW } from './layoutPack';

const ROW_GAP = 24;

/**
 * The column choice as it was first written: a cut for every height a run of items reaches, cubic
 * in the items. Kept as the reference the faster search must agree with, ties included.
 */
function chooseColumnsByEveryRun(items: Item[], extraW: number, extraH: number, gap: number): number[] {
  const n = items.length;
  if (n <= 1) return n ? [0] : [];
  const columnWidth = (col: Item[]) => {
    let plain = 0;
    let align = 0;
    let tail = 0;
    for (const m of col) {
      if (m.domainX === null) plain = Math.max(plain, m.w);
      else {
        align = Math.max(align, m.domainX);
        tail = Math.max(tail, m.w - m.domainX);
      }
    }
    return Math.max(plain, align + tail);
  };
  const stackHeight = (col: Item[]) => col.reduce((h, m) => h + m.h, 0) + ROW_GAP * (col.length - 1);
  const forced = (j: number) =>
    items[j]!.apart === true || (items[j]!.bus !== undefined && items[j - 1]!.bus === undefined);
  const tallest = Math.max(...items.map((m) => m.h));
  const limits = new Set<number>();
  for (let i = 0; i < n; i++) {
    let h = -ROW_GAP;
    for (let j = i; j < n; j++) {
      h += items[j]!.h + ROW_GAP;
      if (h >= tallest) limits.add(h);
    }
  }
  const plans: { starts: number[]; zoom: number }[] = [];
  const seen = new Set<string>();
  for (const limit of limits) {
    const starts = [0];
    let h = items[0]!.h;
    for (let j = 1; j < n; j++) {
      if (forced(j) || h + ROW_GAP + items[j]!.h > limit) {
        starts.push(j);
        h = items[j]!.h;
      } else h += ROW_GAP + items[j]!.h;
    }
    const key = starts.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    let width = extraW + gap * (starts.length - 1);
    let height = 0;
    starts.forEach((s, k) => {
      const col = items.slice(s, starts[k + 1] ?? n);
      width += columnWidth(col);
      height = Math.max(height, stackHeight(col));
    });
    const zoom = Math.min(TARGET_VIEW.width / width, TARGET_VIEW.height / (height + extraH), MAX_FIT_ZOOM);
    plans.push({ starts, zoom });
  }
  const best = Math.max(...plans.map((p) => p.zoom));
  const good = plans.filter((p) => p.zoom >= best * 0.97);
  good.sort((a, b) => a.starts.length - b.starts.length || b.zoom - a.zoom);
  return good[0]!.starts;
}

const BUS = { id: 'bus:0000:00', kind: 'bus', width: 90, height: 40 } as const;

/**
 * Items as the packer makes them: whole-pixel sizes, some with domains to line up, a few buses and
 * a column of shared domains. `sizes` narrows the sizes drawn from, so that equal plans (ties) come up.
 */
const itemsOf = (sizes: fc.Arbitrary<number>) =>
  fc.array(
    fc.record({
      w: sizes,
      h: sizes,
      domain: fc.option(fc.nat(400), { nil: null }),
      kind: fc.constantFrom('cluster', 'cluster', 'cluster', 'cluster', 'bus', 'apart'),
    }),
    { maxLength: 60 },
  );
const toItems = (list: { w: number; h: number; domain: number | null; kind: string }[]): Item[] =>
  list.map((m) =>
    m.kind === 'bus'
      ? { w: m.w, h: m.h, domainX: null, bus: { ...BUS, width: m.w, height: m.h } }
      : {
          w: m.w,
          h: m.h,
          domainX: m.domain === null ? null : Math.min(m.domain, m.w),
          ...(m.kind === 'apart' ? { apart: true as const } : {}),
        },
  );

describe('chooseColumns', () => {
  const extras = fc.tuple(fc.integer({ min: 24, max: 200 }), fc.integer({ min: 24, max: 200 }));
  const gap = fc.integer({ min: 60, max: 200 });

  it.each([
    ['sizes of every kind', fc.integer({ min: 1, max: 900 })],
    ['a few sizes, so that plans tie', fc.constantFrom(40, 120, 160, 280)],
    ['nearly equal sizes', fc.integer({ min: 100, max: 104 })],
  ])('cuts the columns where trying every run of items did (%s)', (_name, sizes) => {
    fc.assert(
      fc.property(itemsOf(sizes), extras, gap, (list, [w, h], g) => {
        const items = toItems(list);
        expect(chooseColumns(items, w, h, g)).toEqual(chooseColumnsByEveryRun(items, w, h, g));
      }),
      { numRuns: 400 },
    );
  });

  it('on a machine of 4,000 clusters, starts a column at every bus after the first', () => {
    const items = toItems(
      Array.from({ length: 4000 }, (_, i) => ({
        w: 300 + (i % 7) * 40,
        h: 120 + (i % 5) * 60,
        domain: i % 3 ? 200 : null,
        kind: i % 31 === 0 ? 'bus' : 'cluster',
      })),
    );
    const starts = chooseColumns(items, 100, 100, 100);
    const buses = items.flatMap((m, i) => (m.bus && i > 0 ? [i] : []));
    expect(starts).toEqual(expect.arrayContaining([0, ...buses]));
  });
});
