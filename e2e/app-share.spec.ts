import { expect, test } from '@playwright/test';
import { fact, inspector, openApp, pickScenario, selectInList, timeline } from './app-helpers';

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

test("a share link carries the event log's filters", async ({ page, context }) => {
  await openApp(page);
  const log = page.getByRole('region', { name: 'Event log' });
  await log.getByRole('combobox', { name: 'Filter by device' }).fill('01:00.0');
  await log.getByRole('combobox', { name: 'Filter by kind' }).selectOption('group');
  await log.getByRole('checkbox', { name: 'All steps up to this one' }).check();
  const lines = await log
    .getByRole('list', { name: 'Kernel messages' })
    .getByRole('listitem')
    .allTextContents();
  expect(lines.length).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Share link' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link URL' }).inputValue();

  const other = await context.newPage();
  await openApp(other, link);
  const otherLog = other.getByRole('region', { name: 'Event log' });
  await expect(otherLog.getByRole('combobox', { name: 'Filter by device' })).toHaveValue('01:00.0');
  await expect(otherLog.getByRole('combobox', { name: 'Filter by kind' })).toHaveValue('group');
  await expect(otherLog.getByRole('checkbox', { name: 'All steps up to this one' })).toBeChecked();
  await expect(otherLog.getByRole('list', { name: 'Kernel messages' }).getByRole('listitem')).toHaveText(
    lines,
  );
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
  // Focus goes to it: an alert already there as the page opens may not be read out.
  await expect
    .poll(() => other.evaluate(() => document.activeElement?.textContent ?? ''))
    .toContain('The share link is damaged: ');
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

test('Back and Forward move between a pasted share link and what was shown before', async ({ page }) => {
  await openApp(page);
  // Marks this load of the page: a reload would lose it.
  await page.evaluate(() => Object.assign(window, { sameLoad: true }));
  const scenario = page.getByRole('combobox', { name: 'Scenario' });
  const wifi = inspector(page).getByRole('button', { name: /^01:00\.0 Wi-Fi/ });
  const group21 = inspector(page).getByRole('button', { name: /IOMMU group 21/ });
  await pickScenario(page, 'Typical server (Debian 6.1)');
  await expect(group21).toBeVisible();
  await page.getByRole('button', { name: 'Share link' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link URL' }).inputValue();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(scenario).toHaveValue('library/laptop.v6.1');
  await expect(wifi).toBeVisible();

  // The same document with another hash: the page opens the link itself.
  await page.goto(link);
  await expect(scenario).toHaveValue('library/server.v6.1');
  await expect(group21).toBeVisible();
  await expect(wifi).toHaveCount(0);
  await timeline(page).getByRole('button', { name: 'Step back' }).click();

  await page.goBack();
  await expect(scenario).toHaveValue('library/laptop.v6.1');
  await expect(wifi).toBeVisible();
  await expect(group21).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Went back to the earlier view' })).toBeVisible();

  // Forward: the link's machine as it was left, a step back.
  await page.goForward();
  await expect(scenario).toHaveValue('library/server.v6.1');
  await expect(group21).toBeVisible();
  await expect(timeline(page).getByRole('slider', { name: 'Step' })).toHaveAttribute(
    'aria-valuetext',
    /^Step 5:/,
  );
  expect(new URL(page.url()).hash).toBe('');
  expect(await page.evaluate(() => (window as { sameLoad?: boolean }).sameLoad)).toBe(true);
});

test('Back and Forward keep a command line edited and not booted yet', async ({ page }) => {
  await openApp(page);
  const scenario = page.getByRole('combobox', { name: 'Scenario' });
  const cmdline = page.getByRole('textbox', { name: 'Kernel command line' });
  await pickScenario(page, 'Typical server (Debian 6.1)');
  await page.getByRole('button', { name: 'Share link' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link URL' }).inputValue();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(scenario).toHaveValue('library/laptop.v6.1');
  await cmdline.fill('iommu=pt');

  await page.goto(link);
  await expect(scenario).toHaveValue('library/server.v6.1');
  await expect(cmdline).not.toHaveValue('iommu=pt');
  await page.goBack();
  await expect(scenario).toHaveValue('library/laptop.v6.1');
  await expect(cmdline).toHaveValue('iommu=pt');
  await expect(
    page.getByRole('status').filter({ hasText: 'Changed: Boot runs the scenario again' }),
  ).toBeVisible();

  await page.goForward();
  await expect(scenario).toHaveValue('library/server.v6.1');
  await expect(
    page.getByRole('status').filter({ hasText: 'Back brings it back with the settings you had not booted' }),
  ).toBeVisible();
});

test('after a reload, Forward to a pasted share link opens it again', async ({ page }) => {
  await openApp(page);
  await pickScenario(page, 'Typical server (Debian 6.1)');
  await page.getByRole('button', { name: 'Share link' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link URL' }).inputValue();
  await page.getByRole('button', { name: 'Undo' }).click();
  const scenario = page.getByRole('combobox', { name: 'Scenario' });
  await expect(scenario).toHaveValue('library/laptop.v6.1');
  await page.goto(link);
  await expect(scenario).toHaveValue('library/server.v6.1');
  await page.goBack();
  await expect(scenario).toHaveValue('library/laptop.v6.1');
  await page.reload();
  await expect(scenario).toHaveValue('library/laptop.v6.1');
  await page.goForward();
  await expect(scenario).toHaveValue('library/server.v6.1');
  await expect(page.getByRole('status').filter({ hasText: 'Opened the share link' })).toBeVisible();
});

test('a link pasted over a running demo ends the demo and opens the link', async ({ page }) => {
  await openApp(page, '/?demo=library/review-si-domain-freed.guard-off.v5.3&speed=4');
  const demo = page.getByRole('region', { name: 'Demo' });
  await demo.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('button', { name: 'Share link' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link URL' }).inputValue();
  // The link leaves the demo's parameters out; pasted over this page's address, only the hash changes.
  expect(new URL(link).search).toBe('');
  await page.goto(page.url().split('#')[0] + new URL(link).hash);
  await expect(demo).toHaveCount(0);
  expect(new URL(page.url()).search).toBe('');
  await expect(page.getByRole('status').filter({ hasText: 'Opened the share link' })).toBeVisible();
});
