/** Glossary words in the page's descriptions: their tooltips, Escape, and focus after the glossary. */
import { expect, test } from '@playwright/test';
import { openApp } from './app-helpers';

test('the descriptions link their jargon to the glossary, with tooltips the panels do not cut off', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp(page);
  const settings = page.getByRole('region', { name: 'Kernel and boot' });
  const term = settings.getByRole('button', { name: 'owner_cnt' });
  await term.hover();
  const tip = page.getByRole('tooltip', { name: /How many users a group’s DMA has/ });
  // The term sits at the settings panel's right edge: the tooltip reaches past the panel.
  await expect(tip).toBeInViewport({ ratio: 1 });
  await term.click();
  const glossary = page.getByRole('region', { name: 'Glossary' });
  await expect(glossary.getByRole('term').filter({ hasText: /^owner_cnt$/ })).toBeInViewport();
  await glossary.getByRole('button', { name: 'Close glossary' }).click();

  // The scenario's description, cut to a line, links its words once opened.
  const header = page.getByRole('banner');
  await expect(header.getByRole('button', { name: 'RMRR' })).toHaveCount(0);
  await header.getByRole('button', { name: 'More of the description' }).click();
  await header.getByRole('button', { name: 'RMRR' }).click();
  await expect(glossary.getByRole('term').filter({ hasText: /^RMRR$/ })).toBeInViewport();
  await expect(glossary.getByText(/Reserved Memory Region Reporting/)).toBeVisible();
});

test('a term’s tooltip stays under its word as the panel scrolls, and Escape hides it', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp(page);
  const settings = page.getByRole('region', { name: 'Kernel and boot' });
  const term = settings.getByRole('button', { name: 'si_domain' }).first();
  await term.focus();
  const tip = page.getByRole('tooltip', { name: /one shared identity domain/ });
  await expect(tip).toBeVisible();
  const gap = async () =>
    ((await tip.boundingBox())?.y ?? 0) - ((await term.boundingBox()) ?? { y: 0, height: 0 }).y;
  const before = await gap();
  const box = (await settings.boundingBox())!;
  // The wheel over the panel's edge: a word under the pointer would show its own tooltip instead.
  await page.mouse.move(box.x + 3, box.y + box.height / 2);
  await page.mouse.wheel(0, 120);
  await expect.poll(async () => (await term.boundingBox())?.y).not.toBe(undefined);
  await expect.poll(gap).toBeCloseTo(before, 0);
  await page.keyboard.press('Escape');
  await expect(tip).toBeHidden();
  await expect(term).toBeFocused();
});

test('the glossary gives focus back to the last term that opened it', async ({ page }) => {
  await openApp(page);
  const settings = page.getByRole('region', { name: 'Kernel and boot' });
  await settings.getByRole('button', { name: 'DMA-FQ' }).click();
  const glossary = page.getByRole('region', { name: 'Glossary' });
  await expect(glossary.getByRole('term').filter({ hasText: /^DMA-FQ$/ })).toBeInViewport();
  await settings.getByRole('button', { name: 'owner_cnt' }).click();
  await expect(glossary.getByRole('term').filter({ hasText: /^owner_cnt$/ })).toBeInViewport();
  await page.keyboard.press('Escape');
  await expect(glossary).toHaveCount(0);
  await expect(settings.getByRole('button', { name: 'owner_cnt' })).toBeFocused();
});

test('focus never goes under the glossary: the panel moves to the other side, or closes', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page);
  const settings = page.getByRole('region', { name: 'Kernel and boot' });
  await settings.getByRole('button', { name: 'DMA-FQ' }).first().click();
  const glossary = page.getByRole('region', { name: 'Glossary' });
  await expect(glossary).toBeVisible();
  // Whether the focused control lies under the panel.
  const hidden = () =>
    page.evaluate(() => {
      const a = document.activeElement?.getBoundingClientRect();
      const b = document.querySelector('[aria-label="Glossary"]')?.getBoundingClientRect();
      if (!a || !b || document.querySelector('[aria-label="Glossary"]')?.contains(document.activeElement))
        return false;
      return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    });
  // Shift+Tab out of the panel lands on the inspector, which the panel covered at the right.
  const help = page.getByRole('button', { name: 'Help' });
  await help.focus();
  await expect(help).toBeFocused();
  expect(await hidden()).toBe(false);
  await page.keyboard.press('Shift+Tab');
  expect(await hidden()).toBe(false);
  await page
    .getByRole('complementary', { name: 'Inspector' })
    .getByRole('button', { name: /IOMMU group 0/ })
    .focus();
  await expect.poll(hidden).toBe(false);
});
