/**
 * Whether the two pastes look as if each went into the other's box: lspci's device lines in the
 * groups box, the groups listing in the lspci box. Said first when nothing could be read, rather
 * than in the list of unread lines.
 */
const LSPCI_LINE =
  /^(?:[0-9a-f]{4}:)?[0-9a-f]{2}:[0-9a-f]{2}\.[0-7](?:\/[0-9a-f]{2}\.[0-7])* .+\[[0-9a-f]{4}\]/im;
const GROUPS_LINE = /^\s*(?:IOMMU Group \d+\b|\/sys\/kernel\/iommu_groups\/\d+\/devices\/)/im;

export type Swapped = 'both' | 'groups' | 'lspci' | null;

/** `both`: each paste in the other's box; `groups`/`lspci`: that box holds the other's output. */
export function swappedPastes(groups: string, lspci: string): Swapped {
  const lspciInGroups = LSPCI_LINE.test(groups) && !GROUPS_LINE.test(groups);
  const groupsInLspci = GROUPS_LINE.test(lspci) && !LSPCI_LINE.test(lspci);
  if (lspciInGroups && groupsInLspci) return 'both';
  if (lspciInGroups) return 'groups';
  if (groupsInLspci) return 'lspci';
  return null;
}

export const SWAPPED_TEXT: Record<Exclude<Swapped, null>, string> = {
  both: 'The two pastes look swapped: the IOMMU groups box holds lspci output and the lspci box the groups listing. Swap them and import again.',
  groups: 'The IOMMU groups box holds lspci output: it goes in the lspci box.',
  lspci: 'The lspci box holds the IOMMU groups listing: it goes in the groups box.',
};
