/** The graph's legend on a canvas shorter than it: it scrolls, by wheel and by keyboard. */
import { expect, test } from '@playwright/test';
import { openApp } from './app-helpers';

test.use({ viewport: { width: 1280, height: 720 } });

test('the open legend scrolls inside a short canvas, so its last row can be read', async ({ page }) => {
  await openApp(page);
  const graph = page.getByRole('region', { name: 'Graph', exact: true });
  const toggle = graph.getByRole('button', { name: 'Legend', exact: true });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const legend = graph.getByRole('region', { name: 'Legend contents' });
  const last = legend.getByRole('listitem').last();
  await expect(last).toHaveText('changed in the last step');
  await expect(last).not.toBeInViewport();

  // From the keyboard: the legend comes after its button and scrolls with End.
  await page.keyboard.press('Tab');
  await expect(legend).toBeFocused();
  await page.keyboard.press('End');
  await expect(last).toBeInViewport({ ratio: 1 });

  // The wheel over the legend scrolls it, not the graph's zoom.
  await page.keyboard.press('Home');
  // Home scrolls smoothly: a wheel during that animation would be undone by it.
  await expect.poll(() => legend.evaluate((e) => e.scrollTop)).toBe(0);
  await expect(last).not.toBeInViewport();
  const box = (await legend.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, 2000);
  await expect(last).toBeInViewport({ ratio: 1 });

  // Escape inside the open legend folds it and gives focus back to its button.
  await legend.focus();
  await page.keyboard.press('Escape');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(legend).toHaveCount(0);
  await expect(toggle).toBeFocused();
  // Drawn beside Fit view and Re-layout, it comes right after them in the Tab order.
  await page.keyboard.press('Shift+Tab');
  await expect(graph.getByRole('button', { name: 'Re-layout' })).toBeFocused();
});
