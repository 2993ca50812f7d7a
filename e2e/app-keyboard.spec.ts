import { expect, type Page, test } from '@playwright/test';
import { openApp } from './app-helpers';

/** What has focus: its accessible name (roughly) and whether it is inside the Inspector. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return { name: '', inInspector: false, tag: '' };
    const labelled = el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? '';
    return {
      name: (labelled || el.textContent || '').trim(),
      inInspector: !!el.closest('aside[aria-label="Inspector"]'),
      tag: el.tagName,
    };
  });

async function tabUntil(page: Page, want: (f: Awaited<ReturnType<typeof focused>>) => boolean, max = 400) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (want(f)) return f;
  }
  throw new Error('Tab never reached the control');
}

test('the keyboard alone reaches every control and the inspector', async ({ page }) => {
  await openApp(page);
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await tabUntil(page, (f) => f.name === 'Scenario');
  // The header's first row, left to right, then its second: the description's More, the learning aids.
  const row: string[] = [];
  for (let i = 0; i < 9; i++) {
    await page.keyboard.press('Tab');
    row.push((await focused(page)).name);
  }
  expect(row).toEqual([
    'Compare',
    'Comparison',
    'Export scenario',
    'Import scenario',
    'Share link',
    'More of the description',
    'Import from this computer',
    'Lessons',
    'Help',
  ]);
  await tabUntil(page, (f) => f.name === 'Kernel command line');
  await tabUntil(page, (f) => f.name === 'Boot');
  await tabUntil(page, (f) => f.name === 'Add device');
  await tabUntil(page, (f) => f.name === 'Step back' || f.name === 'Step');
  await tabUntil(page, (f) => f.name === 'Filter by device');
  const item = await tabUntil(page, (f) => f.inInspector && /IOMMU group 0/.test(f.name));
  expect(item.tag).toBe('BUTTON');
  await page.keyboard.press('Enter');
  await expect(
    page.getByRole('complementary', { name: 'Inspector' }).getByRole('heading', { name: /IOMMU group 0/ }),
  ).toBeVisible();
  // The list is one Tab stop, so the group's actions are a few Tabs away.
  await tabUntil(page, (f) => f.inInspector && f.name === 'Set type', 15);
  await tabUntil(page, (f) => f.inInspector && f.name === 'Give to VFIO', 5);
});

test('the first Tab offers a skip past the header, the form and the graph to the inspector', async ({
  page,
}) => {
  await openApp(page);
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('Tab');
  const skip = page.getByRole('button', { name: 'Skip to the inspector' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  // Onto the list's entry: its arrow keys work at once, without another Tab.
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await expect(inspector.getByRole('button', { name: /IOMMU group 0/ })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(inspector.getByRole('button', { name: /00:00\.0 Host bridge/ })).toBeFocused();
});

test('arrow keys move through the devices and groups; Enter selects', async ({ page }) => {
  await openApp(page);
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await inspector.getByRole('button', { name: /IOMMU group 0/ }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(inspector.getByRole('button', { name: /00:00\.0 Host bridge/ })).toBeFocused();
  await page.keyboard.press('End');
  await expect(inspector.getByRole('button', { name: /^d11/ })).toBeFocused();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(inspector.getByRole('heading', { name: /IOMMU group 1/ })).toBeVisible();
});

test('Enter on a device in the list shows its actions, reachable by Tab', async ({ page }) => {
  await openApp(page);
  const nvme = page
    .getByRole('complementary', { name: 'Inspector' })
    .getByRole('button', { name: /02:00\.0 NVMe/ });
  await nvme.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: /02:00\.0 NVMe SSD/ })).toBeVisible();
  await tabUntil(page, (f) => f.inInspector && f.name === 'Bind driver', 15);
  await tabUntil(page, (f) => f.inInspector && f.name === 'Unbind driver', 10);
  await page.keyboard.press('Enter');
  await expect(
    page.getByRole('region', { name: 'Timeline' }).getByRole('button', { name: /unbind 02:00\.0/ }),
  ).toBeVisible();
});

test('focus goes back where it came from: a dialog closed with Escape, the tour skipped, a notice dismissed', async ({
  page,
}) => {
  await openApp(page);
  // Skipping the tour leaves focus on Help, where it can be taken again.
  await page.getByRole('button', { name: 'Help' }).click();
  await page.getByRole('menuitem', { name: 'Take the tour' }).click();
  await page.getByRole('button', { name: 'Skip tour' }).click();
  await expect(page.getByRole('button', { name: 'Help' })).toBeFocused();

  const crashWith = page.getByRole('button', { name: 'Crash with…' });
  await crashWith.click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(crashWith).toBeFocused();

  await page.getByLabel('Import scenario').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format": "iommu-sandbox/scenario@1", "kernel": '),
  });
  await page.getByRole('button', { name: 'Dismiss' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toBeEmpty();
  // Not the page's body: the next Tab goes on from where the notice was.
  expect(await page.evaluate(() => document.activeElement !== document.body)).toBe(true);
});

test("after the graph's toolbar a skip link goes past the graph's nodes to the timeline", async ({
  page,
}) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Re-layout' }).focus();
  // The legend drawn beside the toolbar first (folded at this width).
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Legend', exact: true })).toBeFocused();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('button', { name: 'Skip past the graph' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await expect(timeline.getByRole('button', { name: 'Reset' })).toBeFocused();
});

test('arrow keys on the Scenario and Comparison selects only choose; Enter opens, Escape keeps the open one', async ({
  page,
}) => {
  await openApp(page);
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await page.getByRole('button', { name: 'Rescan' }).click();
  await expect(timeline.getByRole('button', { name: /^2 rescan/ })).toBeVisible();
  const scenario = page.getByRole('combobox', { name: 'Scenario' });
  const open = await scenario.inputValue();
  // On Linux and Windows an arrow key on a closed select changes its value: here it only chooses.
  await scenario.focus();
  await page.keyboard.press('ArrowDown');
  await expect(scenario).not.toHaveValue(open);
  const hint = page.getByRole('banner').getByRole('status').filter({ hasText: 'Enter opens it' });
  await expect(hint).toHaveText('Enter opens it, Escape keeps the open one');
  await expect(timeline.getByRole('button', { name: /^2 rescan/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(scenario).toHaveValue(open);
  await expect(hint).toHaveCount(0);
  // Down and up again: back on the open one, nothing is held, and Enter reloads nothing (it opens
  // the list, as on any select).
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await expect(hint).toHaveCount(0);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await expect(scenario).toHaveValue(open);
  await expect(timeline.getByRole('button', { name: /^2 rescan/ })).toBeVisible();
  await page.keyboard.press('ArrowDown');
  const chosen = await scenario.inputValue();
  await page.keyboard.press('Enter');
  await expect(timeline.getByRole('button', { name: /^2 rescan/ })).toHaveCount(0);
  await expect(scenario).toHaveValue(chosen);
  // The Comparison select the same way: no compare mode until Enter.
  const comparison = page.getByRole('combobox', { name: 'Comparison' });
  await comparison.focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('button', { name: 'Compare' })).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Compare' })).toHaveAttribute('aria-pressed', 'true');
});
