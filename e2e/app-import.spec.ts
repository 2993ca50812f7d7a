import { expect, test } from '@playwright/test';
import { openApp, timeline } from './app-helpers';

test('a broken import shows an error and keeps the state', async ({ page }) => {
  await openApp(page);
  const before = await timeline(page).getByRole('list', { name: 'Steps' }).textContent();
  await page.getByLabel('Import scenario').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      '{ "format": "iommu-sandbox/scenario@1", "kernel": "v5.3", "devices": [ { "bdf": "00:02.0", ',
    ),
  });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('broken.json was not imported');
  await expect(alert).toContainText('(root): not JSON');
  await expect(timeline(page).getByRole('list', { name: 'Steps' })).toHaveText(before ?? '');
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('library/laptop.v6.1');
});

test('an invalid scenario lists its problems with JSON paths', async ({ page }) => {
  await openApp(page);
  const bad = {
    format: 'iommu-sandbox/scenario@1',
    kernel: 'v5.3',
    devices: [{ bdf: '00:00.0', type: 'host-bridge' }],
    steps: [{ op: 'boot' }, { op: 'unbind', device: '00:09.0' }],
  };
  await page.getByLabel('Import scenario').setInputFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(bad)),
  });
  await expect(page.getByRole('alert')).toContainText('steps[1].device');
});

test('Export scenario downloads <name>.json that imports back', async ({ page }) => {
  await openApp(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export scenario' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('Typical laptop (Debian 6.1).json');
  const path = await download.path();
  await page.getByLabel('Import scenario').setInputFiles(path);
  await expect(
    page.getByRole('status').filter({ hasText: 'Imported “Typical laptop (Debian 6.1)”' }),
  ).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('');
});
