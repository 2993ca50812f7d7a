/** Reflow (WCAG 1.4.10): a 320px wide screen. */
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

