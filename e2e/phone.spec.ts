/** The page on a 390×844 phone: the tour can be finished, the panels stack in one column. */
import { expect, test } from '@playwright/test';
import { eventLog, inspector, openApp, timeline } from './app-helpers';

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

test('stacks the panels in one column, Lessons open too, none wider than the screen', async ({ page }) => {
  await openApp(page);
  const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
  expect(await pageWidth()).toBe(390);
  await page.getByRole('banner').getByRole('button', { name: 'Lessons' }).click();
  const lessons = page.getByRole('complementary', { name: 'Lessons' });
  await lessons.getByRole('button', { name: 'What is an IOMMU group?' }).click();
  await lessons.getByRole('button', { name: 'Start lesson' }).click();
  await expect(inspector(page).getByText('Not booted yet')).toBeVisible();

  const graph = page.getByRole('region', { name: 'Graph', exact: true });
  const boot = page.getByRole('region', { name: 'Kernel and boot' });
  for (const panel of [lessons, graph, timeline(page), eventLog(page), boot, inspector(page)])
    expect((await panel.boundingBox())?.width).toBeGreaterThan(360);
  expect(await pageWidth()).toBe(390);

  // The machine's actions wrap rather than run off the screen; the legend's button sits clear of Re-layout.
  const crashWith = page.getByRole('button', { name: 'Crash with…' });
  await crashWith.scrollIntoViewIfNeeded();
  await expect(crashWith).toBeInViewport({ ratio: 1 });
  const relayout = (await graph.getByRole('button', { name: 'Re-layout' }).boundingBox())!;
  const legend = (await graph.getByRole('button', { name: 'Legend', exact: true }).boundingBox())!;
  expect(relayout.x + relayout.width).toBeLessThan(legend.x);
});

test('compares two kernels one pane under the other, the title clear of its buttons', async ({ page }) => {
  await openApp(page);
  await page.getByRole('banner').getByRole('button', { name: 'Compare' }).click();
  const left = page.getByRole('region', { name: 'Left world' });
  const right = page.getByRole('region', { name: 'Right world' });
  await expect(right).toBeVisible();
  const l = (await left.boundingBox())!;
  const r = (await right.boundingBox())!;
  // Side by side each pane was half the screen and its graph unreadable.
  expect(l.width).toBeGreaterThan(360);
  expect(r.y).toBeGreaterThanOrEqual(l.y + l.height);
  const title = (await page.getByText(/^Your comparison:/).boundingBox())!;
  const copy = (await page.getByRole('button', { name: 'Copy review summary' }).boundingBox())!;
  expect(title.y + title.height).toBeLessThanOrEqual(copy.y);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
  // The timeline keeps its step in sight by scrolling itself, not the page past the panes.
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  // The kernel logs, open, also one under the other.
  await page.getByRole('button', { name: 'Show kernel logs' }).click();
  const logs = page.getByRole('region', { name: 'Kernel logs of both worlds' });
  const leftLog = (await logs.getByRole('list', { name: 'Kernel messages (left)' }).boundingBox())!;
  const rightLog = (await logs.getByRole('list', { name: 'Kernel messages (right)' }).boundingBox())!;
  expect(leftLog.width).toBeGreaterThan(300);
  expect(rightLog.y).toBeGreaterThan(leftLog.y + leftLog.height - 1);
});
