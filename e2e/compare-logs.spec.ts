/**
 * Compare mode's kernel logs: each world's lines for the viewed step under its pane, the lines only
 * one kernel printed tagged, and a filter that keeps only those.
 */
import { expect, type Page, test } from '@playwright/test';
import { openApp, timeline } from './app-helpers';
import { paneGraph, pickComparison } from './compare-helpers';

const logs = (page: Page) => page.getByRole('region', { name: 'Kernel logs of both worlds' });
/** The strip's summary of the step (each pane's log has a status of its own, for its filters). */
const summary = (page: Page) =>
  logs(page)
    .getByRole('status')
    .filter({ hasText: /^Step \d+: / });
const lines = (page: Page, side: 'left' | 'right') =>
  logs(page).getByRole('list', { name: `Kernel messages (${side})` });

test('the si_domain comparison: both kernels log the release, only the right frees si_domain', async ({
  page,
}) => {
  await openApp(page);
  await pickComparison(page, /^si-free/);
  // The comparison opens where the worlds part (step 1): the boot before it is logged alike.
  await timeline(page).getByRole('button', { name: 'Reset' }).click();
  await expect(summary(page)).toHaveText('Step 0: both kernels print the same lines');
  await expect(lines(page, 'left')).toContainText('Adding to iommu group 0');
  await expect(lines(page, 'right')).toContainText('Adding to iommu group 0');

  await timeline(page).getByRole('button', { name: 'Step forward' }).click();
  await expect(summary(page)).toHaveText(/^Step 1: \d+ lines differ between the kernels$/);
  // Both print the group's removal; only the right frees the shared domain.
  await expect(lines(page, 'left')).toContainText('Removing from iommu group 1');
  await expect(lines(page, 'right')).toContainText('Removing from iommu group 1');
  await logs(page).getByRole('checkbox', { name: 'Only lines that differ' }).check();
  await expect(lines(page, 'left')).not.toContainText('Removing from iommu group 1');
  await expect(lines(page, 'left').getByRole('button')).toHaveCount(1);
  await expect(lines(page, 'left').getByRole('button')).toContainText('only left');
  await expect(lines(page, 'left')).toContainText('si_domain is static: not freed');
  const freed = lines(page, 'right').getByRole('button', { name: /only right .*freed si_domain/ });
  await expect(freed).toBeVisible();
  await expect(lines(page, 'right').getByRole('button', { name: /use-after-free/i })).toContainText(
    'only right',
  );

  // A line picked in a world's log shows what it touched in that world's graph.
  await freed.click();
  await expect(freed).toHaveAttribute('aria-pressed', 'true');
  await expect(paneGraph(page, 'right').getByRole('group', { name: /si_domain/ })).toBeVisible();

  // Hidden, the strip keeps its summary and the panes take the room.
  await logs(page).getByRole('button', { name: 'Hide kernel logs' }).click();
  await expect(lines(page, 'left')).toHaveCount(0);
  await expect(summary(page)).toContainText('lines differ');
  await expect(logs(page).getByRole('button', { name: 'Show kernel logs' })).toHaveAttribute(
    'aria-expanded',
    'false',
  );
});

test('on a laptop screen the logs start folded, leaving the panes their room', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp(page);
  await pickComparison(page, /^si-free/);
  await expect(lines(page, 'left')).toHaveCount(0);
  await logs(page).getByRole('button', { name: 'Show kernel logs' }).click();
  // At the release of the nic's group, where the comparison opens.
  await expect(lines(page, 'left')).toContainText('Removing from iommu group 1');
});
