import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KERNEL_INFO } from '../ui/KernelSelect';
import { glossary } from './glossary';
import { glossedIn, glossPieces, type Piece } from './jargon';

const words = (pieces: Piece[]) => pieces.flatMap((p) => (typeof p === 'string' ? [] : [p.word]));
const joined = (pieces: Piece[]) => pieces.map((p) => (typeof p === 'string' ? p : p.word)).join('');

describe('glossary words in descriptions', () => {
  it('links the first use of each word in 6.1’s description, each to an entry that exists', () => {
    const pieces = glossPieces(KERNEL_INFO['v6.1'].long);
    expect(words(pieces)).toEqual(['Policy D', 'DMA-FQ', 'owner_cnt', 'blocking domain', 'intgpu']);
    for (const p of pieces) if (typeof p !== 'string') expect(glossary(p.id).term).toBeTruthy();
  });
  it('links a word once, the longest that fits, and only whole', () => {
    expect(words(glossPieces('the default domain, a default domain'))).toEqual(['default domain']);
    expect(
      words(glossPieces('ACS on the port; ACSCtl; no-ACS; ACS_x; iommu=ptx; intel_iommu=igfx_off')),
    ).toEqual(['ACS', 'igfx_off']);
    expect(words(glossPieces('intel_iommu=intgpu_off'))).toEqual([]);
    expect(words(glossPieces('default domains are attached'))).toEqual(['default domains']);
    expect(words(glossPieces('lazy → DMA-FQ (CONFIG_IOMMU_DEFAULT_DMA_LAZY=y)'))).toEqual([
      'DMA-FQ',
      'CONFIG_IOMMU_DEFAULT_DMA_LAZY',
    ]);
  });
  it('links a word once in a panel of descriptions, in the first that uses it', () => {
    const texts = [
      'the shared si_domain is freed',
      'no si_domain; a default domain',
      'si_domain and the default domain',
    ];
    expect(texts.map((t, i) => words(glossPieces(t, glossedIn(texts.slice(0, i)))))).toEqual([
      ['si_domain'],
      ['default domain'],
      [],
    ]);
  });
  it('never changes the text it cuts', () => {
    const vocabulary = fc.constantFrom(
      'RMRR',
      'DMA-FQ',
      'ACS',
      'iommu=pt',
      'default domain',
      ' ',
      '-',
      '=',
      '(',
      ',',
      'x',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(vocabulary, fc.string()), { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        const pieces = glossPieces(text);
        expect(joined(pieces)).toBe(text);
        const ids = pieces.flatMap((p) => (typeof p === 'string' ? [] : [p.id]));
        expect(new Set(ids).size).toBe(ids.length);
      }),
    );
  });
});
