/** Reflow (WCAG 1.4.10): a 320px wide screen, and 200 % zoom on the common laptop screens. */
import { expect, test } from '@playwright/test';
import { openApp } from './app-helpers';

test.describe('at 320px wide', () => {
  test.use({ viewport: { width: 320, height: 640 } });

  test('the page does not scroll sideways, and the header’s learning aids wrap on screen', async ({
    page,
  }) => {
    await openApp(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(320);
    const header = page.getByRole('banner');
    for (const name of ['Import from this computer', 'Lessons', 'Help'])
      await expect(header.getByRole('button', { name, exact: true })).toBeInViewport({ ratio: 1 });
  });
});

// 200 % zoom on a 1280×720 and a 1366×768 screen: the panels stack in one column.
for (const viewport of [
  { width: 640, height: 360 },
  { width: 683, height: 384 },
]) {
  test.describe(`at 200 % zoom on ${viewport.width * 2}×${viewport.height * 2}`, () => {
    test.use({ viewport, deviceScaleFactor: 2 });

    test('the settings are as tall as their fields, and a focused field is wholly on screen', async ({
      page,
    }) => {
      await openApp(page);
      const settings = page.getByRole('region', { name: 'Kernel and boot' });
      // No box inside the panel scrolls: the page's own scrolling reaches every field.
      const scrollers = await settings.evaluate(
        (panel) =>
          [...panel.querySelectorAll('*')].filter(
            (e) => /auto|scroll/.test(getComputedStyle(e).overflowY) && e.scrollHeight > e.clientHeight + 1,
          ).length,
      );
      expect(scrollers).toBe(0);
      const field = settings.getByRole('textbox', { name: 'Kernel command line' });
      await field.fill('intel_iommu=of iommu.strict=2');
      // Focus from elsewhere, at the top of the page, as Tab or a skip link would give it.
      await field.blur();
      await page.evaluate(() => window.scrollTo(0, 0));
      await field.focus();
      await expect(field).toBeInViewport({ ratio: 1 });
      await expect(settings.getByRole('list', { name: 'Command-line problems' })).toBeVisible();
    });
  });
}
