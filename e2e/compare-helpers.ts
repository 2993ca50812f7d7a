/** Shared steps for compare mode's end-to-end tests: by role and accessible name, as a person would. */
import { expect, type Page } from '@playwright/test';

/** A pane of compare mode ("Left world" / "Right world"). */
export const pane = (page: Page, side: 'left' | 'right') =>
  page.getByRole('region', { name: side === 'left' ? 'Left world' : 'Right world' });
/** A pane's graph canvas. */
export const paneGraph = (page: Page, side: 'left' | 'right') =>
  page.getByRole('region', { name: `Graph (${side})` });
/** A pane's fault status ("No faults", "Use-after-free at step 1"). */
export const paneFaults = (page: Page, side: 'left' | 'right') =>
  pane(page, side).getByRole('status', { name: `Faults (${side})` });
/** The Differences panel. */
export const differences = (page: Page) => page.getByRole('region', { name: 'Differences' });

/** Picks a ready-made comparison in the header's Comparison select by (part of) its name. */
export async function pickComparison(page: Page, name: RegExp): Promise<void> {
  const select = page.getByRole('combobox', { name: 'Comparison' });
  // The list of names loads just after the first paint.
  await expect(select.locator('optgroup').first()).toBeAttached();
  const options = await select
    .getByRole('option')
    .evaluateAll((os) =>
      os.map((o) => ({ label: o.textContent ?? '', value: (o as HTMLOptionElement).value })),
    );
  const option = options.find((o) => name.test(o.label));
  if (!option) throw new Error(`No comparison ${name} in ${options.map((o) => o.label).join(' | ')}`);
  await select.selectOption(option.value);
  await expect(select).toHaveValue(option.value);
  await expect(page.getByRole('button', { name: 'Compare' })).toHaveAttribute('aria-pressed', 'true');
  // Both panes drawn: each has at least one IOMMU group.
  for (const side of ['left', 'right'] as const)
    await expect(
      paneGraph(page, side)
        .getByRole('group', { name: /^IOMMU group \d+/ })
        .first(),
    ).toBeVisible();
}
