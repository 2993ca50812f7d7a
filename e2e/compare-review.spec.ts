/**
 * Patch review mode end to end: the si_domain comparison (E7, guard on vs off) stepped to the group
 * release, the Differences panel, the review summary, linked highlighting and a screenshot.
 */
import { expect, test } from '@playwright/test';
import { openApp, timeline } from './app-helpers';
import { differences, paneFaults, paneGraph, pickComparison } from './compare-helpers';

test('the si_domain comparison: a use-after-free only without the guard, and in the Differences panel', async ({
  page,
}) => {
  await openApp(page);
  await pickComparison(page, /^si-free/);
  await expect(page.getByRole('combobox', { name: 'Kernel (left)' })).toHaveValue('v5.3');
  await expect(page.getByRole('combobox', { name: 'Kernel (right)' })).toHaveValue('v5.3');
  await expect(page.getByRole('checkbox', { name: 'si_domain is never freed (left)' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'si_domain is never freed (right)' })).not.toBeChecked();
  await expect(page.getByRole('textbox', { name: 'Kernel command line (right)' })).toHaveValue(
    'iommu.passthrough=1',
  );

  // The comparison opens where the worlds part: the release of the nic's group (step 1).
  await expect(timeline(page).getByRole('slider', { name: 'Step' })).toHaveValue('1');
  await expect(paneFaults(page, 'right')).toContainText('Use-after-free at step 1');
  await expect(paneFaults(page, 'left')).toHaveText('No faults');
  await expect(
    paneGraph(page, 'right')
      .getByRole('group', { name: /fault: use-after-free/ })
      .first(),
  ).toBeVisible();
  await expect(paneGraph(page, 'left').getByRole('group', { name: /fault:/ })).toHaveCount(0);

  const row = differences(page)
    .getByRole('button', { name: /^fault .*use-after-free/ })
    .first();
  await expect(row).toBeVisible();
  await expect(row).toContainText('Left —');
  const freed = differences(page).getByRole('button', { name: /− si_domain/ });
  await expect(freed).toContainText('intel_iommu_domain_free()');

  // Picking the difference highlights si_domain where it was freed.
  await freed.click();
  await expect(freed).toHaveAttribute('aria-pressed', 'true');
  await expect(paneGraph(page, 'right').getByRole('group', { name: /si_domain/ })).toHaveAttribute(
    'data-linked',
    'true',
  );
});

test('Copy review summary gives the plain-text table, 80 columns at most', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page);
  await pickComparison(page, /^si-free/);
  const copy = page.getByRole('button', { name: 'Copy review summary' });
  await copy.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Review summary' });
  const box = dialog.getByRole('textbox', { name: 'Review summary text' });
  // Focus goes into the dialog, to the text, and stays in it: the buttons it covers are out of reach.
  await expect(box).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
  // Modal: the page under it is inert until it closes.
  expect(await dialog.evaluate((d) => d.matches(':modal'))).toBe(true);
  await box.focus();
  await page.screenshot({ path: 'test-results/compare-review-summary.png' });
  const text = await box.inputValue();
  // Titled by the comparison, not by the left world's scenario (whose name says "with the guard").
  expect(text).toMatch(
    /^IOMMU Sandbox comparison: si-free: [^\n]*guard on vs off[^\n]*\nMachine and steps of the scenario "E7: si_domain/,
  );
  expect(text).toContain('Left: v5.3, command line "iommu.passthrough=1"\n  fixes si-domain-free-guard=on\n');
  expect(text).toContain(
    'Right: v5.3, command line "iommu.passthrough=1"\n  fixes si-domain-free-guard=off\n',
  );
  expect(text).toMatch(/1 +fault +— +use-after-free/);
  expect(text).toContain('right via iommu_group_release(), intel_iommu_domain_free()');
  for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  await expect(dialog.getByRole('status')).toHaveText('Copied to the clipboard.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(copy).toBeFocused();
});

test('pointing at a device, group or domain in one pane highlights its counterpart in the other', async ({
  page,
}) => {
  await openApp(page);
  await pickComparison(page, /^si-free/);
  await expect(timeline(page).getByRole('slider', { name: 'Step' })).toHaveValue('1');
  await page.waitForTimeout(700); // the panes settle (layout glide, fit)

  const counterpart = paneGraph(page, 'right').getByRole('group', { name: /^Device 00:03\.0 nvme/ });
  await expect(counterpart).not.toHaveAttribute('data-linked', 'true');
  await paneGraph(page, 'left')
    .getByRole('group', { name: /^Device 00:03\.0 nvme/ })
    .hover();
  await expect(counterpart).toHaveAttribute('data-linked', 'true');
  // Only the counterpart: the other devices stay as they are.
  await expect(paneGraph(page, 'right').locator('[data-linked="true"]')).toHaveCount(1);

  // A domain is linked by its role: si_domain in the right pane points at si_domain on the left.
  await paneGraph(page, 'right')
    .getByRole('group', { name: /si_domain/ })
    .hover();
  await expect(paneGraph(page, 'left').getByRole('group', { name: /si_domain/ })).toHaveAttribute(
    'data-linked',
    'true',
  );
  await expect(counterpart).not.toHaveAttribute('data-linked', 'true');

  // Keyboard focus points too.
  await paneGraph(page, 'left')
    .getByRole('group', { name: /^IOMMU group \d+/ })
    .first()
    .focus();
  await expect(paneGraph(page, 'right').locator('[data-linked="true"]')).toHaveCount(1);

  // For the screenshot: nothing pointed at, the use-after-free picked in the Differences panel.
  await page.getByRole('button', { name: 'Step forward' }).focus();
  await page.mouse.move(5, 500);
  await differences(page)
    .getByRole('button', { name: /^fault .*use-after-free/ })
    .first()
    .click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'test-results/compare.png' });
});

test('picking a device in a pane shows its facts and reasons in that world', async ({ page }) => {
  await openApp(page);
  await pickComparison(page, /^si-free/);
  await expect(timeline(page).getByRole('slider', { name: 'Step' })).toHaveValue('1');
  await page.waitForTimeout(700); // the panes settle (layout glide, fit)
  await paneGraph(page, 'right')
    .getByRole('group', { name: /^Device 00:03\.0 nvme/ })
    .click();
  const inspector = page.getByRole('complementary', { name: 'Inspector (right)' });
  await expect(inspector.getByRole('heading', { name: /00:03\.0/ })).toBeVisible();
  // On the right the guard is off: freeing si_domain detached nvme too, and the why says so.
  const why = inspector.getByRole('region', { name: 'Why' });
  await expect(why).toContainText('domain_exit() detaches every device still in d1');
  await expect(why).toContainText('DMA: Its context entry is empty');
  // The inspector explains; acting goes through the panel that acts on both worlds.
  await expect(inspector.getByRole('button', { name: 'Hot-remove' })).toHaveCount(0);
});

test('Undo after picking a comparison brings back the page before it, and Redo the comparison', async ({
  page,
}) => {
  await openApp(page);
  await pickComparison(page, /^si-free/);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('button', { name: 'Compare' })).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('library/laptop.v6.1');
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(page.getByRole('button', { name: 'Compare' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('combobox', { name: 'Comparison' })).not.toHaveValue('');
  await expect(page.getByRole('checkbox', { name: 'si_domain is never freed (left)' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'si_domain is never freed (right)' })).not.toBeChecked();
});

test('on a projector the settings fold away and the panes take their width', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page);
  await pickComparison(page, /^kdump-no-defer/);
  const left = page.getByRole('region', { name: 'Left world' });
  const before = (await left.boundingBox())!.width;
  const fold = page.getByRole('button', { name: 'Hide settings' });
  await fold.click();
  await expect(page.getByRole('region', { name: 'Two worlds, one machine' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Show settings' })).toBeFocused();
  await expect(page.getByRole('button', { name: 'Show settings' })).toHaveAttribute('aria-expanded', 'false');
  await expect.poll(async () => (await left.boundingBox())!.width).toBeGreaterThan(before + 100);
  await page.getByRole('button', { name: 'Show settings' }).click();
  await expect(page.getByRole('region', { name: 'Two worlds, one machine' })).toBeVisible();
});

test('the step chips say when the right world answers a step otherwise', async ({ page }) => {
  await openApp(page);
  await pickComparison(page, /^kdump-defer-order/);
  // The left world (deferred attach first) maps; the right one oopses in identity_mapping().
  await expect(timeline(page).getByRole('button', { name: /^2 dma 00:03\.0 ok \| crashed$/ })).toBeVisible();
  // Steps both worlds answer alike carry one answer.
  await expect(timeline(page).getByRole('button', { name: /^1 bind 00:03\.0 nvme ok$/ })).toBeVisible();
  // Back to the page alone: one world, one answer.
  await page.getByRole('button', { name: 'Compare' }).click();
  await expect(timeline(page).getByRole('button', { name: /\|/ })).toHaveCount(0);
});
