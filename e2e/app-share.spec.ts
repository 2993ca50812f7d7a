import { expect, test } from '@playwright/test';
import { fact, inspector, openApp, selectInList, timeline } from './app-helpers';

test('a share link opened in a new page shows the same state', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page);
  await selectInList(page, /01:00\.0 Wi-Fi/);
  await inspector(page).getByRole('button', { name: 'Unbind driver' }).click();
  await timeline(page).getByRole('button', { name: 'Step back' }).click();
  await page.getByRole('button', { name: 'Share link' }).click();
  await expect(page.getByText('Link copied')).toBeVisible();
  const link = await page.getByRole('textbox', { name: 'Share link URL' }).inputValue();
  expect(link).toContain('#s=');

  const other = await context.newPage();
  await openApp(other, link);
  await expect(timeline(other).getByRole('slider', { name: 'Step' })).toHaveAttribute(
    'aria-valuetext',
    /^Step 1: hot-add/,
  );
  await expect(timeline(other).getByRole('button', { name: /^2 unbind 01:00\.0/ })).toBeVisible();
  // The library entry it came from, and what was selected.
  await expect(other.getByRole('combobox', { name: 'Scenario' })).toHaveValue('library/laptop.v6.1');
  await expect(inspector(other).getByRole('heading', { name: /^01:00\.0 Wi-Fi/ })).toBeVisible();
  await timeline(other).getByRole('button', { name: 'Step forward' }).click();
  await selectInList(other, /01:00\.0 Wi-Fi/);
  await expect(fact(other, 'Driver')).toHaveText('none bound');
});

test.describe('someone who has never opened the page', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('opens a share link without the first-visit tour in front of it', async ({ page }) => {
    await openApp(page);
    await expect(page.getByRole('dialog', { name: 'Welcome to the IOMMU Sandbox' })).toBeVisible();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Share link' }).click();
    const link = await page.getByRole('textbox', { name: 'Share link URL' }).inputValue();
    const fresh = await page
      .context()
      .browser()!
      .newContext({ storageState: { cookies: [], origins: [] } });
    const other = await fresh.newPage();
    await openApp(other, link);
    await expect(other.getByRole('dialog', { name: 'Welcome to the IOMMU Sandbox' })).toHaveCount(0);
    await fresh.close();
  });
});

test('a link with one character changed is refused, not opened with a changed scenario', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Share link' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link URL' }).inputValue();
  const at = link.indexOf('#s=') + 60;
  const edited = `${link.slice(0, at)}${link[at] === 'A' ? 'B' : 'A'}${link.slice(at + 1)}`;
  const other = await page.context().newPage();
  await openApp(other, edited);
  await expect(other.getByRole('alert')).toContainText('its checksum does not match');
});

test('a damaged share link says so and opens the default machine', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Share link' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link URL' }).inputValue();
  const other = await page.context().newPage();
  await openApp(other, link.slice(0, Math.floor(link.length * 0.6)));
  await expect(other.getByRole('alert')).toContainText('The share link is damaged: ');
  await expect(other.getByRole('combobox', { name: 'Scenario' })).toHaveValue('library/laptop.v6.1');
});

test('the state survives a reload', async ({ page }) => {
  await openApp(page);
  await page
    .getByRole('combobox', { name: 'Scenario' })
    .selectOption({ label: 'Typical server (Debian 6.1)' });
  await expect(inspector(page).getByRole('button', { name: /IOMMU group 21/ })).toBeVisible();
  await timeline(page).getByRole('button', { name: 'Step back' }).click();
  await page.waitForTimeout(500);
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('library/server.v6.1');
  await expect(timeline(page).getByRole('slider', { name: 'Step' })).toHaveAttribute(
    'aria-valuetext',
    /^Step 5:/,
  );
});

test('a link pasted into the address bar of a tab already showing the page opens there too', async ({
  page,
}) => {
  await openApp(page);
  await selectInList(page, /01:00\.0 Wi-Fi/);
  await inspector(page).getByRole('button', { name: 'Unbind driver' }).click();
  await page.getByRole('button', { name: 'Share link' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link URL' }).inputValue();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(timeline(page).getByRole('button', { name: /unbind 01:00\.0/ })).toHaveCount(0);

  // Only the hash changes, so the page is not loaded again.
  await page.goto(link);
  await expect(timeline(page).getByRole('button', { name: /unbind 01:00\.0/ })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Opened the share link' })).toBeVisible();
  expect(new URL(page.url()).hash).toBe('');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(timeline(page).getByRole('button', { name: /unbind 01:00\.0/ })).toHaveCount(0);

  // A damaged one changes nothing and says why.
  await page.goto(link.slice(0, Math.floor(link.length * 0.6)));
  await expect(page.getByRole('alert')).toContainText('The share link is damaged: ');
  await expect(timeline(page).getByRole('button', { name: /unbind 01:00\.0/ })).toHaveCount(0);
});
