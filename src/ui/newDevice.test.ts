import { describe, expect, it } from 'vitest';
import type { DeviceSpec } from '../kernel/types';
import { checkNewDevice, EMPTY_FORM, suggestBdf } from './newDevice';

// Lesson 2's board: two empty slots, one below each root port.
const board: DeviceSpec[] = [
  { bdf: '00:00.0', type: 'host-bridge' },
  { bdf: '00:1c.0', type: 'root-port', acs: true },
  { bdf: '00:1d.0', type: 'root-port', acs: false },
];

describe('the address Add device suggests', () => {
  it('below an empty slot: the bus firmware numbers it (empty slots in address order), 00.0; the root bus: its first free slot', () => {
    expect(suggestBdf('00:1c.0', board)).toBe('01:00.0');
    expect(suggestBdf('00:1d.0', board)).toBe('02:00.0');
    expect(suggestBdf('', board)).toBe('00:01.0');
  });
  it('a slot keeps its bus once its card is removed, and no other slot takes it', () => {
    const gone: DeviceSpec[] = [{ bdf: '01:00.0', type: 'endpoint', parent: '00:1c.0' }];
    expect(suggestBdf('00:1c.0', board, gone)).toBe('01:00.0');
    expect(suggestBdf('00:1d.0', board, gone)).toBe('02:00.0');
  });
  it('once a card sits below one slot, the other slot gets the next bus, and the same slot its bus', () => {
    const withCard = [...board, { bdf: '01:00.0', type: 'endpoint', parent: '00:1d.0' } as DeviceSpec];
    expect(suggestBdf('00:1c.0', withCard)).toBe('02:00.0');
    // A root port's link reaches one device: another function of it.
    expect(suggestBdf('00:1d.0', withCard)).toBe('01:00.1');
  });
  it('is what an Add with no address asks for', () => {
    expect(checkNewDevice({ ...EMPTY_FORM, parent: '00:1d.0' }, board).bdf).toBe(
      'Enter the new device’s address, e.g. 02:00.0.',
    );
  });
  it('is an address the form accepts there', () => {
    for (const parent of ['00:1c.0', '00:1d.0', '']) {
      const bdf = suggestBdf(parent, board);
      expect(
        checkNewDevice({ ...EMPTY_FORM, bdf, parent, type: parent ? 'endpoint' : 'rc-endpoint' }, board),
      ).toEqual({});
    }
  });
});
