/**
 * Where a ready-made comparison opens: at the first step where its two worlds differ (the boot when
 * they differ from it), said by a notice; a reload or a share link keeps the step it names. And the
 * Differences panel's step chips, which count the differences that appear at their step.
 */
import { expect, type Page, test } from '@playwright/test';
import { openApp, timeline } from './app-helpers';
import { differences, paneFaults, pickComparison } from './compare-helpers';

const slider = (page: Page) => timeline(page).getByRole('slider', { name: 'Step' });
const opened = (page: Page) =>
  page.getByRole('status').filter({ hasText: 'where the two worlds first differ' });

test('si-free opens at the release of the nic’s group, says so, and offers the boot', async ({ page }) => {
  await openApp(page);
  await pickComparison(page, /^si-free/);
  await expect(slider(page)).toHaveValue('1');
  await expect(timeline(page).getByRole('button', { name: /^1 hot-remove 00:02\.0/ })).toHaveAttribute(
    'aria-current',
    'step',
  );
  await expect(opened(page)).toContainText(
    'Showing step 1: hot-remove 00:02.0 — ok (of 4), where the two worlds first differ.',
  );
  await expect(paneFaults(page, 'right')).toContainText('Use-after-free at step 1');

  // Each chip counts what appears at its step, not what the steps before left behind.
  const chips = differences(page).getByRole('navigation', { name: 'Steps where differences appear' });
  const names = ['step 1 (4 new differences)', 'step 2 (2 new differences)', 'step 3 (1 new difference)'];
  await expect(chips.getByRole('button')).toHaveText(['step 1 (4 new)', 'step 2 (2 new)', 'step 3 (1 new)']);
  for (const [i, name] of names.entries())
    await expect(chips.getByRole('button').nth(i)).toHaveAccessibleName(name);
  await expect(chips.getByRole('button', { name: names[0], exact: true })).toHaveAttribute(
    'aria-current',
    'step',
  );

  await page.getByRole('button', { name: 'Show the boot' }).click();
  await expect(slider(page)).toHaveValue('0');
  await expect(differences(page)).toContainText('same state');
  await expect(opened(page)).toHaveCount(0);
});

test('a kdump comparison whose worlds boot alike opens at the crash', async ({ page }) => {
  await openApp(page);
  await pickComparison(page, /^kdump-defer-order/);
  await expect(slider(page)).toHaveValue('2');
  await expect(
    timeline(page).getByRole('button', { name: /^2 dma 00:03\.0 ok \| crashed$/ }),
  ).toHaveAttribute('aria-current', 'step');
  // Both worlds' answers, as the chip shows them, in words.
  await expect(opened(page)).toContainText('Showing step 2: dma 00:03.0 — left ok, right crashed (of 3)');
  await expect(slider(page)).toHaveAttribute(
    'aria-valuetext',
    'Step 2: dma 00:03.0 — left ok, right crashed (of 3)',
  );
  // The crash said once, by the fault that is it.
  await expect(paneFaults(page, 'right')).toHaveText('Kernel crash at step 2');
});

test('a comparison whose worlds differ from the boot opens there, without a notice', async ({ page }) => {
  await openApp(page);
  await pickComparison(page, /^kdump-no-defer/);
  await expect(slider(page)).toHaveValue('0');
  await expect(differences(page)).not.toContainText('same state');
  await expect(opened(page)).toHaveCount(0);
  // Its point, the deferred attach at nvme's first DMA map, is where a difference ends.
  await differences(page)
    .getByRole('button', { name: /^step 2 / })
    .click();
  await expect(slider(page)).toHaveValue('2');
  const ended = differences(page).getByRole('button', { name: /^DMA 00:03\.0 ended at this step/ });
  await expect(ended).toContainText('old-kernel → translated');
  await expect(ended).toContainText('Left via iommu_need_mapping()');
  // The nic still differs; nvme's two differences ended.
  await expect(differences(page)).toContainText('2 differ, 2 ended');
});

test('a reload or a share link keeps the step it names, not the first difference', async ({
  page,
  context,
}) => {
  await openApp(page);
  await pickComparison(page, /^si-free/);
  await timeline(page).getByRole('button', { name: 'Reset' }).click();
  await expect(slider(page)).toHaveValue('0');
  await page.getByRole('button', { name: 'Share link' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link URL' }).inputValue();

  await page.waitForTimeout(500); // the save is debounced
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Comparison' })).toHaveValue('si-free');
  await expect(slider(page)).toHaveValue('0');

  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByRole('combobox', { name: 'Comparison' })).toHaveValue('si-free');
  await expect(slider(other)).toHaveValue('0');
  await expect(differences(other)).toContainText('same state');
});
