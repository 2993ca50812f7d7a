/**
 * Where a description uses a word the glossary explains (RMRR, DMA-FQ, owner_cnt, …): the text cut
 * into plain runs and glossed words, so that the page can make each word a glossary link. Kept
 * apart from the glossary's text, which loads after the first paint: this list is in the first
 * view's bundle and stays a few lines long.
 */

/** Words as the page's descriptions spell them, each with its glossary entry. */
const WORDS: readonly (readonly [word: string, id: string])[] = [
  ['RMRR', 'rmrr'],
  ['DMA-FQ', 'dma-fq'],
  ['owner_cnt', 'owner-cnt'],
  ['si_domain', 'si-domain'],
  ['intgpu', 'intgpu'],
  ['igfx_off', 'igfx-off'],
  ['iommu=pt', 'iommu-pt'],
  ['identity-mapped', 'identity'],
  ['blocking domain', 'blocking'],
  ['default domain', 'default-domain'],
  ['default domains', 'default-domain'],
  ['external-facing', 'untrusted'],
  ['lazy flushing', 'strict'],
  ['private domain', 'private-domain'],
  ['deferred attach', 'deferred-attach'],
  ['DMA alias', 'dma-alias'],
  ['DMA mask', 'dma-mask'],
  ['ACS', 'acs'],
  ['kdump', 'kdump'],
  ['swiotlb', 'swiotlb'],
  ['untrusted', 'untrusted'],
  ['RCiEP', 'rciep'],
  ['IOTLB', 'iotlb'],
  ['bus master', 'bus-master'],
  ['Policy A', 'policy'],
  ['Policy B', 'policy'],
  ['Policy C', 'policy'],
  ['Policy D', 'policy'],
  ['CONFIG_IOMMU_DEFAULT_PASSTHROUGH', 'kconfig'],
  ['CONFIG_IOMMU_DEFAULT_DMA_LAZY', 'kconfig'],
  ['CONFIG_IOMMU_DEFAULT_DMA_STRICT', 'kconfig'],
  ['CONFIG_INTEL_IOMMU_DEFAULT_ON', 'kconfig'],
];

// Longest first, so that "default domain" is not cut short by a shorter word at the same place;
// a word counts only whole: not inside another word or an identifier (ACS_CTRL, intgpu_off).
const PATTERN = new RegExp(
  `(?<![\\w-])(${[...WORDS]
    .map(([w]) => w)
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|')})(?![\\w-])`,
  'g',
);
const ID_OF = new Map(WORDS);

export type Piece = string | { word: string; id: string };

/**
 * `text` in pieces: each glossary word's first use becomes a glossed piece, the rest stays text.
 * Entries in `skip` were glossed already, in a text shown before this one.
 */
export function glossPieces(text: string, skip: ReadonlySet<string> = new Set()): Piece[] {
  const out: Piece[] = [];
  const seen = new Set(skip);
  let at = 0;
  for (const m of text.matchAll(PATTERN)) {
    const id = ID_OF.get(m[1]!)!;
    if (seen.has(id)) continue;
    seen.add(id);
    if (m.index > at) out.push(text.slice(at, m.index));
    out.push({ word: m[1]!, id });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

/**
 * The entries the texts link, each shown before the next (a panel's descriptions): what a text
 * after them passes as its `skip`, so that a word is one link in the panel rather than one per text.
 */
export function glossedIn(texts: readonly string[]): ReadonlySet<string> {
  const seen = new Set<string>();
  for (const text of texts)
    for (const p of glossPieces(text, seen)) if (typeof p !== 'string') seen.add(p.id);
  return seen;
}
