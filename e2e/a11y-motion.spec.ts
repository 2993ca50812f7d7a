/** A reader who asked for less motion (prefers-reduced-motion: reduce): nothing glows and fades, the view jumps. */
import { expect, type Page, test } from '@playwright/test';
import { openApp } from './app-helpers';

test.beforeEach(async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openApp(page);
});

const graphOf = (page: Page) => page.getByRole('region', { name: 'Graph', exact: true });

/** Animations that run over time (not the timeline's fades, which follow its scrolling). */
const running = (page: Page) =>
  page.evaluate(() => document.getAnimations().filter((a) => a.timeline === document.timeline).length);

test('a hot-added device and its group are marked without an animation', async ({ page }) => {
  await page.getByRole('button', { name: 'Add device' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(graphOf(page).getByRole('group', { name: /^Device 00:01\.0,/ })).toBeVisible();
  expect(await running(page)).toBe(0);
});

test('Fit view jumps to the whole machine instead of gliding there', async ({ page }) => {
  const graph = graphOf(page);
  const zoomIn = graph.getByRole('button', { name: 'Zoom In' });
  for (let i = 0; i < 3; i++) await zoomIn.click();
  const group = graph.getByRole('group', { name: /^IOMMU group 0\b/ });
  await graph.getByRole('button', { name: 'Fit view', exact: true }).click();
  await page.waitForTimeout(50);
  const soon = await group.boundingBox();
  // A glide takes 400 ms: well before its end the group would still be moving.
  await page.waitForTimeout(300);
  expect(await group.boundingBox()).toEqual(soon);
});
