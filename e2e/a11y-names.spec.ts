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
