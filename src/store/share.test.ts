import { compressToEncodedURIComponent } from 'lz-string';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../kernel/types';
import { openShareHash } from './openShare';
import { readShareHash, shareHash, shareUrl } from './share';

const scenario: Scenario = {
  format: 'iommu-sandbox/scenario@1',
  name: 'Two NICs <b>bold</b>',
  kernel: 'v6.1',
  cmdline: 'iommu=pt',
  devices: [
    { bdf: '00:00.0', type: 'host-bridge' },
    { bdf: '00:02.0', type: 'rc-endpoint', label: 'nic', driver: { name: 'e1000e', dmaMask: 64 } },
  ],
  steps: [{ op: 'boot' }, { op: 'unbind', device: '00:02.0' }],
};

const pack = (v: unknown) => `#s=${compressToEncodedURIComponent(JSON.stringify(v))}`;

describe('share links', () => {
  it('round-trips the scenario and the step', () => {
    const read = readShareHash(shareHash(scenario, 1));
    expect(read).toEqual({ kind: 'ok', payload: { v: 2, scenario, cursor: 1 }, json: expect.anything() });
  });

  it("carries the library entry, and what is selected in each pane and its log's filters", () => {
    const right = { kernel: 'v5.3', fixes: {}, cmdline: '', machine: {} };
    const leftLog = { device: '00:02.0', kind: 'fault', upTo: true };
    const rightLog = { device: 'Wi-Fi', kind: '', upTo: false };
    const hash = shareHash(
      scenario,
      1,
      { right, comparison: null, selection: { kind: 'group', id: 1 }, log: rightLog, onlyDiffering: true },
      { libraryId: 'library/laptop.v6.1', selection: { kind: 'device', id: '00:02.0' }, log: leftLog },
    );
    expect(readShareHash(hash)).toMatchObject({
      kind: 'ok',
      payload: {
        libraryId: 'library/laptop.v6.1',
        selection: { kind: 'device', id: '00:02.0' },
        log: leftLog,
        compare: { selection: { kind: 'group', id: 1 }, log: rightLog, onlyDiffering: true },
      },
    });
    // Only `true` turns the kernel logs' filter on.
    const fake = shareHash(scenario, 1, { right, comparison: null, onlyDiffering: 'yes' as unknown as true });
    const read = readShareHash(fake);
    expect(read.kind === 'ok' && read.payload.compare).toEqual({ right, comparison: null });
  });

  it('a link edited after it was made is damaged, even when its text still decompresses', () => {
    const hash = shareHash(scenario, 1);
    const at = hash.indexOf('=') + 40;
    const flipped = hash[at] === 'A' ? 'B' : 'A';
    const edited = `${hash.slice(0, at)}${flipped}${hash.slice(at + 1)}`;
    expect(readShareHash(edited)).toEqual({
      kind: 'damaged',
      reason: 'it was changed after it was made (its checksum does not match): copy the whole link again.',
    });
    // A link from before the checksum (none after the data) opens as it always did.
    expect(readShareHash(hash.slice(0, hash.lastIndexOf('.')))).toMatchObject({ kind: 'ok' });
  });

  it('round-trips compare mode: the right world and the comparison shown', () => {
    const right = { kernel: 'v5.3', fixes: {}, cmdline: '', machine: {} };
    const read = readShareHash(shareHash(scenario, 1, { right, comparison: 'si-free' }));
    expect(read).toEqual({
      kind: 'ok',
      payload: { v: 2, scenario, cursor: 1, compare: { right, comparison: 'si-free' } },
      json: expect.anything(),
    });
    expect(readShareHash(pack({ v: 2, scenario, cursor: 0, compare: { right: 3 } }))).toMatchObject({
      reason: expect.stringMatching(/right-hand/),
    });
  });

  it('still opens a version 1 link (before compare mode), on the single page', () => {
    const read = readShareHash(pack({ v: 1, scenario, cursor: 1 }));
    expect(read).toEqual({ kind: 'ok', payload: { v: 2, scenario, cursor: 1 }, json: expect.anything() });
  });

  it('builds the URL from the page address without its old hash', () => {
    const url = shareUrl('http://host/app/?x=1#s=old', scenario, 0);
    expect(url.startsWith('http://host/app/?x=1#s=')).toBe(true);
    expect(readShareHash(new URL(url).hash)).toMatchObject({ kind: 'ok', payload: { cursor: 0 } });
  });

  it("leaves demo mode's parameters out: the link opens what it shares, not the demo again", () => {
    const url = shareUrl('http://host/app/?demo=library/x&x=1&speed=2#s=old', scenario, 0);
    expect(url.startsWith('http://host/app/?x=1#s=')).toBe(true);
    expect(shareUrl('http://host/app/?demo', scenario, 0).startsWith('http://host/app/#s=')).toBe(true);
  });

  it('ignores hashes that are not share links', () => {
    expect(readShareHash('')).toEqual({ kind: 'none' });
    expect(readShareHash('#top')).toEqual({ kind: 'none' });
  });

  it('calls a link cut in half damaged', () => {
    const hash = shareHash(scenario, 1);
    const read = readShareHash(hash.slice(0, Math.floor(hash.length / 2)));
    expect(read.kind).toBe('damaged');
  });

  it('calls edited links damaged, with the reason', () => {
    expect(readShareHash('#s=')).toMatchObject({
      kind: 'damaged',
      reason: expect.stringMatching(/no scenario/),
    });
    expect(readShareHash('#s=hello%20world')).toMatchObject({ kind: 'damaged' });
    expect(readShareHash(pack([1, 2]))).toMatchObject({ kind: 'damaged' });
    expect(readShareHash(pack({ scenario, cursor: 0 }))).toMatchObject({
      reason: expect.stringMatching(/version/),
    });
    expect(readShareHash(pack({ v: 3, scenario, cursor: 0 }))).toMatchObject({
      reason: expect.stringMatching(/newer/),
    });
    expect(readShareHash(pack({ v: 1, scenario, cursor: 'x' }))).toMatchObject({
      reason: expect.stringMatching(/step/),
    });
    expect(readShareHash(pack({ v: 1, cursor: 0 }))).toMatchObject({
      reason: expect.stringMatching(/no scenario/),
    });
  });

  it('refuses a hand-made link whose data writes a key twice, naming where', async () => {
    const text = JSON.stringify({ v: 2, scenario, cursor: 0 }).replace(
      '"kernel":"v6.1"',
      '"kernel":"v5.3","kernel":"v6.1"',
    );
    const hash = `#s=${compressToEncodedURIComponent(text)}`;
    expect(await openShareHash(hash)).toEqual({
      kind: 'damaged',
      message:
        'The share link is damaged: its data has a key written twice: scenario: key "kernel" appears twice; JSON.parse would keep the last.',
    });
  });

  it('validates the scenario a link carries, naming the JSON path of the problem', async () => {
    const bad = { ...scenario, steps: [{ op: 'boot' }, { op: 'unbind', device: '00:09.0' }] };
    const opened = await openShareHash(pack({ v: 1, scenario: bad, cursor: 0 }));
    expect(opened.kind).toBe('damaged');
    if (opened.kind === 'damaged') {
      expect(opened.message).toMatch(/^The share link is damaged: /);
      expect(opened.message).toMatch(/steps\[1\]\.device/);
    }
  });

  it('opens a good link, clamping a step number past the end', async () => {
    const opened = await openShareHash(pack({ v: 1, scenario, cursor: 9 }));
    expect(opened).toMatchObject({ kind: 'ok', cursor: 1, scenario: { name: scenario.name } });
  });

  it('prefixes the damaged message for a cut link', async () => {
    const hash = shareHash(scenario, 1);
    const opened = await openShareHash(hash.slice(0, 40));
    expect(opened).toMatchObject({
      kind: 'damaged',
      message: expect.stringMatching(/^The share link is damaged: .+/),
    });
  });
});
