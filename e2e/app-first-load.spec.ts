import { expect, test } from '@playwright/test';
import { eventLog, inspector, openApp, timeline } from './app-helpers';

test('the first load shows a booted machine with groups and domains', async ({ page }) => {
  await openApp(page);
  const list = inspector(page).getByRole('navigation', { name: 'Devices and groups' });
  await expect(list.getByRole('button', { name: /IOMMU group 0/ })).toBeVisible();
  await expect(list.getByRole('button', { name: /IOMMU group 1 identity/ })).toBeVisible();
  await expect(list.getByRole('heading', { name: 'Domains' })).toBeVisible();
  await expect(eventLog(page).getByText(/Adding to iommu group 10/)).toBeVisible();
  await eventLog(page).getByRole('checkbox', { name: 'All steps up to this one' }).check();
  await expect(eventLog(page).getByText('Adding to iommu group 0').first()).toBeVisible();
  await expect(timeline(page).getByRole('slider', { name: 'Step' })).toHaveAttribute(
    'aria-valuetext',
    /hot-add/,
  );
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('library/laptop.v6.1');
});

test('the main view, for the record', async ({ page }) => {
  await openApp(page);
  await inspector(page)
    .getByRole('button', { name: /00:02\.0 Iris Xe/ })
    .click();
  await expect(inspector(page).getByRole('button', { name: 'Bind driver', exact: true })).toBeVisible();
  await page.waitForTimeout(800); // let the layout settle before the picture
  await page.screenshot({ path: 'test-results/main.png' });
});
