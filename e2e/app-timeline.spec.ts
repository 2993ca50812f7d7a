import { expect, test } from '@playwright/test';
import { eventLog, inspector, openApp, selectInList, timeline } from './app-helpers';

test('Step back and Step forward show the earlier and later states', async ({ page }) => {
  await openApp(page);
  const list = inspector(page).getByRole('navigation', { name: 'Devices and groups' });
  // Step 1 plugs in the Thunderbolt dock: group 10 exists after it, not before.
  await expect(list.getByRole('button', { name: /IOMMU group 10/ })).toBeVisible();
  await timeline(page).getByRole('button', { name: 'Step back' }).click();
  await expect(list.getByRole('button', { name: /IOMMU group 10/ })).toHaveCount(0);
  await expect(timeline(page).getByRole('slider', { name: 'Step' })).toHaveAttribute(
    'aria-valuetext',
    /^Step 0: boot/,
  );
  await timeline(page).getByRole('button', { name: 'Step forward' }).click();
  await expect(list.getByRole('button', { name: /IOMMU group 10/ })).toBeVisible();
});

test('Undo and Redo, with the buttons and the keyboard', async ({ page }) => {
  await openApp(page);
  await inspector(page)
    .getByRole('button', { name: /02:00\.0 NVMe/ })
    .click();
  await inspector(page).getByRole('button', { name: 'Unbind driver' }).click();
  const steps = timeline(page).getByRole('list', { name: 'Steps' }).getByRole('listitem');
  await expect(steps).toHaveCount(3);
  await timeline(page).getByRole('button', { name: 'Undo' }).click();
  await expect(steps).toHaveCount(2);
  await timeline(page).getByRole('button', { name: 'Redo' }).click();
  await expect(steps).toHaveCount(3);
  await page.keyboard.press('Control+z');
  await expect(steps).toHaveCount(2);
  await page.keyboard.press('Control+Shift+z');
  await expect(steps).toHaveCount(3);
});

test('a refused step is answered under the toolbar, which stays usable, and in the log of that step', async ({
  page,
}) => {
  await openApp(page);
  await selectInList(page, /IOMMU group 9/);
  await inspector(page).getByRole('button', { name: 'Give to VFIO' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('-ENOENT: no /dev/vfio/9');
  // No Dismiss needed: the machine's actions are not covered.
  await page.getByRole('button', { name: 'Rescan' }).click();
  await expect(timeline(page).getByRole('button', { name: /^3 rescan/ })).toBeVisible();
  await timeline(page)
    .getByRole('button', { name: /^2 vfio-claim 9 refused/ })
    .click();
  await expect(eventLog(page).getByText(/The kernel refused the step/)).toBeVisible();
});

test('log filters that match nothing say so and clear with one click', async ({ page }) => {
  await openApp(page);
  const log = eventLog(page);
  await log.getByRole('checkbox', { name: 'All steps up to this one' }).check();
  await log.getByRole('combobox', { name: 'Filter by device' }).fill('03:00.0');
  await log.getByRole('combobox', { name: 'Filter by kind' }).selectOption('init');
  await expect(log.getByText('No messages match the filters.')).toBeVisible();
  await log.getByRole('button', { name: 'Show all' }).click();
  await expect(log.getByRole('combobox', { name: 'Filter by device' })).toHaveValue('');
  await expect(log.getByRole('combobox', { name: 'Filter by device' })).toBeFocused();
  await expect(log.getByRole('list', { name: 'Kernel messages' })).toContainText('Adding to iommu group 10');
});

test('a step list wider than the timeline fades out at each edge that has more steps beyond it', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page);
  const list = timeline(page).getByRole('list', { name: 'Steps' });
  const fade = () => list.evaluate((el) => getComputedStyle(el).maskImage);
  expect(await fade()).toBe('none');
  for (let i = 2; i < 10; i++) {
    await page.getByRole('button', { name: 'Rescan', exact: true }).click();
    await expect(list.getByRole('button', { name: `${i} rescan ok` })).toBeVisible();
  }
  // At the end (the step just made): the first steps are off to the left, the last is clear of the fade.
  await expect.poll(fade).toMatch(/^linear-gradient\(90deg, rgba\(0, 0, 0, 0\), rgb\(0, 0, 0\) 24px\)$/);
  await expect(list.getByRole('button', { name: '9 rescan ok' })).toBeInViewport({ ratio: 1 });
  await list.getByRole('button', { name: /^0 boot/ }).focus();
  await expect.poll(fade).toMatch(/^linear-gradient\(-90deg/);
  await list.getByRole('button', { name: '5 rescan ok' }).click();
  await list.evaluate((el) => el.scrollBy(40, 0));
  await expect.poll(fade).toMatch(/24px, rgb\(0, 0, 0\) calc\(100% - 24px\), rgba\(0, 0, 0, 0\)\)$/);
});
