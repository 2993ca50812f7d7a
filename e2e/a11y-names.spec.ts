/** Accessible names a screen reader says: no decoration in them, and none missing. */
import { expect, test } from '@playwright/test';
import { openApp } from './app-helpers';

test('the Legend button is named "Legend", open or folded; aria-expanded says which', async ({ page }) => {
  await openApp(page);
  const graph = page.getByRole('region', { name: 'Graph', exact: true });
  const toggle = graph.getByRole('button', { name: 'Legend', exact: true });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAccessibleName('Legend');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
});

test('the Machine section is a group named Machine, one for each world in compare mode', async ({ page }) => {
  await openApp(page);
  const settings = page.getByRole('region', { name: 'Kernel and boot' });
  await expect(settings.getByRole('group', { name: 'Machine', exact: true })).toBeVisible();

  await page.getByRole('banner').getByRole('button', { name: 'Compare', exact: true }).click();
  const both = page.getByRole('region', { name: 'Two worlds, one machine' });
  await expect(both.getByRole('group', { name: 'Machine (left)' })).toBeVisible();
  await expect(both.getByRole('group', { name: 'Machine (right)' })).toBeVisible();
});
