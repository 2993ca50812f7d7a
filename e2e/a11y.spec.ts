/**
 * Accessibility, checked by axe-core in the real page: the default view, the lessons panel, the
 * import dialog, a device selected in the inspector, and compare mode. Every control must have a
 * name, landmarks and ARIA must be valid, and text must have enough contrast (WCAG 2.1 A and AA).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { inspector, openApp, pickScenario, selectInList, timeline } from './app-helpers';
import { pickComparison } from './compare-helpers';

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('iommu-sandbox/tour@1', 'seen'));
});

/** axe's violations in the page as it is now, one readable line each (rule: node targets). */
async function violations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return r.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

test('the main views have no axe violations', async ({ page }) => {
  await openApp(page);
  expect(await violations(page), 'default view').toEqual([]);

  await selectInList(page, /00:02\.0/);
  await expect(inspector(page).getByRole('button', { name: 'Unbind driver' })).toBeVisible();
  expect(await violations(page), 'a device in the inspector').toEqual([]);

  await page.getByRole('banner').getByRole('button', { name: 'Lessons' }).click();
  const lessons = page.getByRole('complementary', { name: 'Lessons' });
  await lessons.getByRole('button', { name: 'What is an IOMMU group?' }).click();
  await lessons.getByRole('button', { name: 'Start lesson' }).click();
  await lessons.getByRole('button', { name: 'Show hint' }).click();
  expect(await violations(page), 'a lesson').toEqual([]);
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Import from this computer' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  expect(await violations(page), 'the import dialog').toEqual([]);
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(page.getByRole('region', { name: /right/i }).first()).toBeVisible();
  expect(await violations(page), 'compare mode').toEqual([]);

  // A comparison with its kernel logs (open on a wide screen): small grey text on tinted rows.
  await pickComparison(page, /^si-free/);
  await expect(page.getByRole('button', { name: 'Hide kernel logs' })).toBeVisible();
  expect(await violations(page), 'a comparison with its logs').toEqual([]);
});

test('a fault, the legend, the glossary, the tour and demo mode have no axe violations', async ({ page }) => {
  await openApp(page);
  await pickScenario(page, /guard off/);
  await timeline(page).getByRole('button', { name: 'Reset' }).click();
  await selectInList(page, /00:02\.0 nic/);
  await inspector(page).getByRole('button', { name: 'Hot-remove' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Use-after-free' })).toBeVisible();
  await page.getByRole('button', { name: 'Legend', exact: true }).click();
  expect(await violations(page), 'a use-after-free, the legend open').toEqual([]);

  await page.getByRole('button', { name: 'Help' }).click();
  await page.getByRole('menuitem', { name: 'Glossary' }).click();
  await expect(page.getByRole('region', { name: 'Glossary' })).toBeVisible();
  expect(await violations(page), 'the glossary').toEqual([]);
  await page.getByRole('button', { name: 'Close glossary' }).click();

  await page.getByRole('button', { name: 'Help' }).click();
  await page.getByRole('menuitem', { name: 'Take the tour' }).click();
  await expect(page.getByRole('dialog', { name: 'Welcome to the IOMMU Sandbox' })).toBeVisible();
  expect(await violations(page), 'the tour').toEqual([]);

  await openApp(page, '/?demo=library/review-si-domain-freed.guard-off.v5.3&speed=4');
  const demo = page.getByRole('region', { name: 'Demo' });
  await expect(demo.getByRole('status')).toHaveText('Step 2 of 4');
  expect(await violations(page), 'demo mode').toEqual([]);
});

test('the glossary entry a term opens, highlighted, keeps its links readable', async ({ page }) => {
  await openApp(page);
  await page
    .getByRole('region', { name: 'Kernel and boot' })
    .getByRole('button', { name: 'owner_cnt' })
    .click();
  const glossary = page.getByRole('region', { name: 'Glossary' });
  // The entry has both kinds of link: its kernel function, and See also terms after it.
  await expect(glossary.getByRole('link', { name: 'iommu_device_use_default_domain()' })).toBeVisible();
  expect(await violations(page), 'the highlighted glossary entry').toEqual([]);
});

test('a long list of faults in a notice can be scrolled from the keyboard', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Crash with…' }).click();
  const field = page.getByRole('textbox', { name: 'kdump kernel command line' });
  await field.press('End');
  await field.pressSequentially(' intel_iommu=off');
  await field.press('Enter');
  const faults = page.getByRole('alert').getByRole('list', { name: /lines; scroll to read them all$/ });
  await expect(faults).toBeVisible();
  await faults.focus();
  await page.keyboard.press('End');
  await expect.poll(() => faults.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
  expect(await violations(page), 'a notice with many faults').toEqual([]);
});

test('an information notice stays while focus is on it, and goes its while after focus leaves it', async ({
  page,
}) => {
  await page.clock.install();
  await openApp(page);
  await page.getByRole('checkbox', { name: 'kdump kernel', exact: true }).check();
  await page.getByRole('button', { name: 'Boot', exact: true }).click();
  const notice = page.getByRole('status').filter({ hasText: /^Booted\./ });
  await expect(notice).toBeVisible();
  await notice.getByRole('button', { name: 'Dismiss' }).focus();
  await page.clock.fastForward(20_000);
  await expect(notice).toBeVisible();
  // Read and left: it goes after its while.
  await page.getByRole('checkbox', { name: 'kdump kernel', exact: true }).focus();
  await page.mouse.move(0, 0);
  await page.clock.fastForward(9_000);
  await expect(notice).toHaveCount(0);
  // Taken away while focused (Undo from its button): focus stays in the notices' place.
  await page.getByRole('checkbox', { name: 'kdump kernel', exact: true }).uncheck();
  await page.getByRole('button', { name: 'Boot', exact: true }).click();
  await notice.getByRole('button', { name: 'Dismiss' }).focus();
  await page.keyboard.press('Control+z');
  await expect(notice).toHaveCount(0);
  const inPlace = () =>
    page.evaluate(() => {
      const a = document.activeElement;
      return a !== null && a !== document.body && a.querySelector('[role="status"]') !== null;
    });
  expect(await inPlace()).toBe(true);
});
