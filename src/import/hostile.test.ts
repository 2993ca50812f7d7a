import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importMachine, MAX_UNREAD } from './importMachine';
import { LIMITS } from './lines';

describe('bad input', () => {
  it('keeps markup as plain text in the unread lines and builds nothing from it', () => {
    const r = importMachine({
      groups: '<script>alert(1)</script>\n<img src=x onerror=alert(2)>',
      lspci: '<b>00:02.0</b> not a device',
    });
    expect(r.real).toEqual([]);
    expect(r.machine).toBeNull();
    expect(r.unread.map((u) => [u.source, u.line, u.text])).toEqual([
      ['groups', 1, '<script>alert(1)</script>'],
      ['groups', 2, '<img src=x onerror=alert(2)>'],
      ['lspci', 1, '<b>00:02.0</b> not a device'],
    ]);
  });

  it('skips overlong lines and says so, reading the rest', () => {
    const groups = `IOMMU Group 1 00:02.0 VGA [0300]: Intel [8086:1912]\n${'A'.repeat(LIMITS.lineLength + 1)}\n`;
    const r = importMachine({ groups, lspci: '' });
    expect(r.real).toEqual([{ id: 1, devices: ['00:02.0'] }]);
    expect(r.unread).toHaveLength(1);
    expect(r.unread[0]!.reason).toMatch(/longer than 1000 characters/);
    expect(r.unread[0]!.text.length).toBeLessThanOrEqual(121);
  });

  it('reads at most LIMITS.lines lines and caps the report, keeping where the paste was cut', () => {
    const groups = 'garbage\n'.repeat(LIMITS.lines + 10);
    const r = importMachine({ groups, lspci: '' });
    expect(r.unread).toHaveLength(MAX_UNREAD + 1);
    expect(r.unread.at(-1)!.reason).toMatch(/more lines that could not be read/);
    // Past the cap of the list, but said on its own: most of the paste was not read.
    expect(r.cut).toMatchObject([
      { source: 'groups', reason: expect.stringMatching(/more than 40,000 lines; lines 40001 to/) },
    ]);
  });

  it('shows a bidirectional override in an unread line as ?, not as text turned around', () => {
    const r = importMachine({ groups: 'abc\u202Ertl', lspci: '' });
    expect(r.unread[0]!.text).toBe('abc?rtl');
  });

  it('reads a listing cut in the middle of a line', () => {
    const r = importMachine({
      groups: 'IOMMU Group 1:\n\t00:01.0 PCI bridge [0604]: Intel Corpo',
      lspci: '',
    });
    expect(r.real).toEqual([{ id: 1, devices: ['00:01.0'] }]);
  });

  it('never throws, whatever is pasted', () => {
    const chunk = fc.oneof(
      fc.string(),
      fc.constantFrom(
        'IOMMU Group 1 ',
        '00:1c.0 PCI bridge [0604]: ',
        '\tCapabilities: [40] Express (v2) Root Port',
        '\n',
        '\t',
        '/',
        '0000:',
      ),
    );
    const paste = fc.array(chunk, { maxLength: 30 }).map((xs) => xs.join(''));
    fc.assert(
      fc.property(paste, paste, (groups, lspci) => {
        const r = importMachine({ groups, lspci });
        expect(r.problems).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
