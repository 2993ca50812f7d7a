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

test('a binary file is called binary, with none of its bytes quoted', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Import scenario').setInputFiles({
    name: 'picture.json',
    mimeType: 'application/json',
    buffer: Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
    ]),
  });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('picture.json was not imported');
  await expect(alert).toContainText("(root): not JSON: the file is binary, not a scenario's text");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: none may reach the page
  expect(await alert.textContent()).not.toMatch(/[\0-\x08\x0e-\x1f\x7f-\x9f\ufffd]/);
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
