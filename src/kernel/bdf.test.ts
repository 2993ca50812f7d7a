import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bdfOnBus,
  busKey,
  canonicalBdf,
  compareBdf,
  devfnOf,
  firstOnBus,
  fullBdf,
  indexInSorted,
  parseBdf,
  slotKey,
  sortBdfs,
} from './bdf';

describe('parseBdf', () => {
  it('reads BB:DD.F and SSSS:BB:DD.F in hex', () => {
    expect(parseBdf('00:1f.3')).toEqual({ segment: 0, bus: 0, dev: 0x1f, fn: 3 });
    expect(parseBdf('0001:8A:00.7')).toEqual({ segment: 1, bus: 0x8a, dev: 0, fn: 7 });
    expect(parseBdf('0000:01:00.0')).toEqual({ segment: 0, bus: 1, dev: 0, fn: 0 });
  });

  it.each([
    ['', 'empty'],
    ['1:00.0', 'one-digit bus'],
    ['00:1f', 'no function'],
    ['00:20.0', 'device 0x20 is past the 32 slots'],
    ['00:1f.8', 'function 8'],
    ['00:1g.0', 'not hex'],
    ['000:00:00.0', 'three-digit segment'],
    [' 00:00.0', 'leading space'],
    ['00:00.0.0', 'extra part'],
  ])('rejects %j (%s)', (s) => {
    expect(parseBdf(s)).toBeNull();
  });
});

describe('canonicalBdf', () => {
  it('lower-cases and drops segment 0', () => {
    expect(canonicalBdf('0000:0A:1C.0')).toBe('0a:1c.0');
    expect(canonicalBdf('00:1F.3')).toBe('00:1f.3');
  });

  it('keeps a non-zero segment', () => {
    expect(canonicalBdf('0001:00:00.0')).toBe('0001:00:00.0');
    expect(canonicalBdf('ABCD:ff:1f.7')).toBe('abcd:ff:1f.7');
  });

  it('returns null for malformed input', () => {
    expect(canonicalBdf('nope')).toBeNull();
  });
});

describe('fullBdf, busKey, slotKey, devfnOf', () => {
  it('formats for kernel messages', () => {
    expect(fullBdf('01:00.0')).toBe('0000:01:00.0');
    expect(fullBdf('0002:01:00.0')).toBe('0002:01:00.0');
    expect(fullBdf('garbage')).toBe('garbage');
  });

  it('names the bus and the slot', () => {
    expect(busKey('01:00.1')).toBe('0000:01');
    expect(busKey('0003:7f:02.0')).toBe('0003:7f');
    expect(slotKey('00:1f.3')).toBe('0000:00:1f');
    expect(slotKey('00:1f.0')).toBe(slotKey('00:1f.3'));
    expect(slotKey('00:1e.0')).not.toBe(slotKey('00:1f.0'));
  });

  // Canonical spellings are cut from the string, others formatted from the numbers: one answer.
  it('spells every form alike from any spelling of an address', () => {
    const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');
    const spelling = fc
      .record({
        segment: fc.constantFrom(0, 1, 0xabcd),
        bus: fc.nat(255),
        dev: fc.nat(31),
        fn: fc.nat(7),
        long: fc.boolean(),
        upper: fc.boolean(),
      })
      .map(({ segment, bus, dev, fn, long, upper }) => {
        const s = `${segment || long ? `${hex(segment, 4)}:` : ''}${hex(bus, 2)}:${hex(dev, 2)}.${fn}`;
        return { s: upper ? s.toUpperCase() : s, segment, bus, dev, fn };
      });
    fc.assert(
      fc.property(spelling, ({ s, segment, bus, dev, fn }) => {
        expect(parseBdf(s)).toEqual({ segment, bus, dev, fn });
        expect(fullBdf(s)).toBe(`${hex(segment, 4)}:${hex(bus, 2)}:${hex(dev, 2)}.${fn}`);
        expect(busKey(s)).toBe(`${hex(segment, 4)}:${hex(bus, 2)}`);
        expect(slotKey(s)).toBe(`${hex(segment, 4)}:${hex(bus, 2)}:${hex(dev, 2)}`);
        expect(firstOnBus(s)).toBe(bdfOnBus(busKey(s), 0));
        expect(devfnOf(s)).toBe((dev << 3) | fn);
      }),
      { numRuns: 500 },
    );
  });

  it('packs devfn as the kernel does and builds addresses from it', () => {
    expect(devfnOf('00:1f.3')).toBe((0x1f << 3) | 3);
    expect(bdfOnBus('0000:02', 0)).toBe('02:00.0');
    expect(bdfOnBus('0001:02', (0x1f << 3) | 2)).toBe('0001:02:1f.2');
  });
});

describe('compareBdf', () => {
  it('orders by segment, bus, device, function numerically', () => {
    const list = ['0001:00:00.0', '01:00.0', '00:1f.3', '00:02.0', '00:1f.0', '0a:00.0', '02:00.0'];
    expect([...list].sort(compareBdf)).toEqual([
      '00:02.0',
      '00:1f.0',
      '00:1f.3',
      '01:00.0',
      '02:00.0',
      '0a:00.0',
      '0001:00:00.0',
    ]);
  });

  it('treats the two spellings of segment 0 as equal and puts malformed last', () => {
    expect(compareBdf('0000:01:00.0', '01:00.0')).toBe(0);
    expect(compareBdf('zz', '00:00.0')).toBeGreaterThan(0);
    expect(compareBdf('00:00.0', 'zz')).toBeLessThan(0);
    expect(compareBdf('a', 'b')).toBeLessThan(0);
  });

  // Spellings of one address, other segments, malformed ones.
  const address = fc.constantFrom(
    '00:1f.3',
    '0000:00:1f.3',
    '0000:00:1F.3',
    '01:00.0',
    '0001:00:00.0',
    '0a:00.0',
    'zz',
    'a',
    '',
  );

  it('sortBdfs sorts as compareBdf does, stable for equal addresses', () => {
    fc.assert(
      fc.property(fc.array(address, { maxLength: 12 }), (list) => {
        expect(sortBdfs(list)).toEqual([...list].sort(compareBdf));
      }),
    );
  });

  it('indexInSorted finds each address of a sorted list, and -1 for any other', () => {
    fc.assert(
      fc.property(fc.uniqueArray(address, { maxLength: 9 }), address, (list, other) => {
        const sorted = sortBdfs(list);
        sorted.forEach((b, i) => {
          expect(indexInSorted(sorted, b)).toBe(i);
        });
        if (!list.includes(other)) expect(indexInSorted(sorted, other)).toBe(-1);
      }),
    );
  });
});
