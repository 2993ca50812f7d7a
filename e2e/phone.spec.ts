/** The page on a 390×844 phone: the tour can be finished, the panels stack in one column. */
import { expect, test } from '@playwright/test';
import { openApp } from './app-helpers';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

test.describe('a first visit on a phone', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('walks the whole tour with Next, each card on screen', async ({ page }) => {
    await openApp(page);
    const card = page.getByRole('dialog', { name: /./ }).filter({ hasText: /^Tour, \d of 8/ });
    for (let i = 1; i < 8; i++) {
      await expect(card).toContainText(`Tour, ${i} of 8`);
      const next = card.getByRole('button', { name: 'Next' });
      await expect(next).toBeInViewport({ ratio: 1 });
      await next.click();
    }
    await expect(card).toContainText('Tour, 8 of 8');
    await expect(card.getByRole('button', { name: 'Finish' })).toBeInViewport({ ratio: 1 });
    await card.getByRole('button', { name: 'Finish' }).click();
    await expect(card).toHaveCount(0);
  });
});
