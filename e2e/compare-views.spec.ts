/** Compare mode's linked views: zoomed in on one pane, the other shows the same part of its machine. */
import { expect, type Page, test } from '@playwright/test';
import { openApp } from './app-helpers';
import { pane, paneGraph, pickComparison } from './compare-helpers';

/** Where a pane draws its first IOMMU group, relative to the pane's canvas. */
async function groupAt(page: Page, side: 'left' | 'right') {
  const canvas = await paneGraph(page, side).boundingBox();
  const group = await paneGraph(page, side)
    .getByRole('group', { name: /^IOMMU group 0\b/ })
    .boundingBox();
  if (!canvas || !group) throw new Error(`group 0 is not drawn in the ${side} pane`);
  return { x: Math.round(group.x - canvas.x), y: Math.round(group.y - canvas.y), w: Math.round(group.width) };
}

/** Waits until a pane's view has stopped moving (a fit takes 400 ms). */
async function settled(page: Page, side: 'left' | 'right') {
  await expect(pane(page, side).getByText('laying out…')).toHaveCount(0);
  let last = JSON.stringify(await groupAt(page, side));
  await expect
    .poll(
      async () => {
        const now = JSON.stringify(await groupAt(page, side));
        const same = now === last;
        last = now;
        return same;
      },
      { intervals: [250] },
    )
    .toBe(true);
}

/** Whether both panes draw group 0 at the same place and size. */
async function aligned(page: Page): Promise<boolean> {
  const [l, r] = [await groupAt(page, 'left'), await groupAt(page, 'right')];
  return l.x === r.x && l.y === r.y && l.w === r.w;
}

test('on a laptop, zooming in on one pane zooms the other alike until the views are unlinked', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp(page);
  // The page's machine in both worlds, booted alike: the same drawing in each pane.
  await page.getByRole('button', { name: 'Compare' }).click();
  await expect(paneGraph(page, 'right').getByRole('group', { name: /^IOMMU group 0\b/ })).toBeVisible();
  // Each pane fits its graph again when its layout arrives: the views are the reader's after that.
  for (const side of ['left', 'right'] as const)
    await expect(pane(page, side).getByText('laying out…')).toHaveCount(0);
  await expect.poll(() => aligned(page)).toBe(true);
  const before = await groupAt(page, 'right');

  // The mouse wheel over the left pane's canvas.
  const canvas = await paneGraph(page, 'left').boundingBox();
  await page.mouse.move(canvas!.x + canvas!.width / 3, canvas!.y + canvas!.height / 2);
  await page.mouse.wheel(0, -300);
  await expect.poll(async () => (await groupAt(page, 'right')).w).toBeGreaterThan(before.w * 1.3);
  await expect.poll(() => aligned(page)).toBe(true);

  // The zoom buttons of the right pane move the left.
  await paneGraph(page, 'right').getByRole('button', { name: 'Zoom In' }).click();
  await expect.poll(() => aligned(page)).toBe(true);
  await page.screenshot({ path: 'test-results/compare-linked-views-1366.png' });

  // Unlinked, each pane keeps its own view.
  await page.getByRole('checkbox', { name: 'Link views' }).uncheck();
  const right = await groupAt(page, 'right');
  await paneGraph(page, 'left').getByRole('button', { name: 'Zoom Out' }).click();
  await expect.poll(async () => (await groupAt(page, 'left')).w).toBeLessThan(right.w);
  expect(await groupAt(page, 'right')).toEqual(right);
});

test('stepping a comparison keeps the view the reader zoomed to, in both panes; Fit view fits both', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp(page);
  await pickComparison(page, /^si-free/);
  for (const side of ['left', 'right'] as const) await settled(page, side);
  const fitted = await groupAt(page, 'left');
  const canvas = await paneGraph(page, 'right').boundingBox();
  await page.mouse.move(canvas!.x + canvas!.width / 3, canvas!.y + canvas!.height / 2);
  await page.mouse.wheel(0, -300);
  await expect.poll(async () => (await groupAt(page, 'left')).w).toBeGreaterThan(fitted.w * 1.3);
  const zoomed = await groupAt(page, 'left');
  await page.getByRole('button', { name: 'Step forward' }).click();
  await page.getByRole('button', { name: 'Step forward' }).click();
  // Both layouts of the new step have come and gone without a refit.
  for (const side of ['left', 'right'] as const) await settled(page, side);
  expect((await groupAt(page, 'left')).w).toBe(zoomed.w);
  expect((await groupAt(page, 'right')).w).toBe(zoomed.w);

  await pane(page, 'left').getByRole('button', { name: 'Fit view' }).click();
  await expect.poll(async () => (await groupAt(page, 'right')).w).toBeLessThan(zoomed.w);
  await expect.poll(async () => (await groupAt(page, 'left')).w).toBeLessThan(zoomed.w);

  // Zoomed again, Re-layout in one pane fits both too.
  for (const side of ['left', 'right'] as const) await settled(page, side);
  await page.mouse.move(canvas!.x + canvas!.width / 3, canvas!.y + canvas!.height / 2);
  await page.mouse.wheel(0, -300);
  await expect.poll(async () => (await groupAt(page, 'left')).w).toBeGreaterThan(fitted.w * 1.3);
  await pane(page, 'right').getByRole('button', { name: 'Re-layout' }).click();
  await expect.poll(async () => (await groupAt(page, 'left')).w).toBeLessThan(fitted.w * 1.1);
  await expect.poll(async () => (await groupAt(page, 'right')).w).toBeLessThan(fitted.w * 1.1);
});

test('dragging a node against the edge pans both panes', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp(page);
  await page.getByRole('button', { name: 'Compare' }).click();
  for (const side of ['left', 'right'] as const)
    await expect(pane(page, side).getByText('laying out…')).toHaveCount(0);
  await expect.poll(() => aligned(page)).toBe(true);
  const before = await groupAt(page, 'right');
  const node = paneGraph(page, 'left').getByRole('group', { name: /^IOMMU group 0\b/ });
  const box = (await node.boundingBox())!;
  const canvas = (await paneGraph(page, 'left').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + 8);
  await page.mouse.down();
  // Held against the canvas's bottom edge, React Flow pans the view under the dragged node.
  await page.mouse.move(box.x + box.width / 2, canvas.y + canvas.height - 4, { steps: 8 });
  await page.waitForTimeout(500);
  await page.mouse.up();
  await expect.poll(async () => (await groupAt(page, 'right')).y).toBeLessThan(before.y - 40);
});

test('Tab to a node out of view in one pane brings the other pane along', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp(page);
  await page.getByRole('button', { name: 'Compare' }).click();
  for (const side of ['left', 'right'] as const) await settled(page, side);
  // Zoomed in on the top left corner, the last group is out of view in both panes.
  const canvas = (await paneGraph(page, 'left').boundingBox())!;
  await page.mouse.move(canvas.x + 20, canvas.y + 80);
  await page.mouse.wheel(0, -600);
  await expect.poll(() => aligned(page)).toBe(true);
  const last = paneGraph(page, 'left').getByRole('group', { name: /^IOMMU group 9\b/ });
  await expect(last).not.toBeInViewport();
  const before = await groupAt(page, 'right');
  // The keyboard's focus (as Tab gives it): React Flow centres the node, and the other pane brings
  // its counterpart into view.
  await paneGraph(page, 'left').getByRole('button', { name: 'Re-layout' }).focus();
  await page.keyboard.press('Shift+Tab');
  await last.focus();
  await expect(last).toBeInViewport();
  await expect.poll(async () => (await groupAt(page, 'right')).x).not.toBe(before.x);
  await expect.poll(() => aligned(page)).toBe(true);
});
