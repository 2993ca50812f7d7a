import { expect, type Page, test } from '@playwright/test';
import { inspector, openApp, selectInList } from './app-helpers';

const lessons = (page: Page) => page.getByRole('complementary', { name: 'Lessons' });
const goal = (page: Page) => lessons(page).getByRole('status');

/** Reveals every hint of the open lesson and returns the last one, which says what to do. */
async function allHints(page: Page): Promise<string> {
  const show = lessons(page).getByRole('button', { name: 'Show hint' });
  while (await show.isVisible()) await show.click();
  const hints = lessons(page).getByRole('region', { name: 'Hints' }).getByRole('listitem');
  return (await hints.last().textContent()) ?? '';
}

/** Lesson 1 as its hints say: its machine started, booted, and group 3 (the GPU's) selected. */
async function firstLessonToItsGoal(page: Page) {
  await openApp(page);
  await page.getByRole('banner').getByRole('button', { name: 'Lessons' }).click();
  await lessons(page).getByRole('button', { name: 'What is an IOMMU group?' }).click();
  await lessons(page).getByRole('button', { name: 'Start lesson' }).click();
  await page.getByRole('button', { name: 'Boot', exact: true }).click();
  await selectInList(page, /^IOMMU group 3/);
}

test.beforeEach(async ({ page }) => {
  // The first-visit tour would stand in front of the page; a learner would have dismissed it.
  await page.addInitScript(() => localStorage.setItem('iommu-sandbox/tour@1', 'seen'));
});

test('a newcomer takes the first lesson and the si_domain lesson to their goals, and the marks survive a reload', async ({
  page,
}) => {
  await openApp(page);
  await page.getByRole('banner').getByRole('button', { name: 'Lessons' }).click();
  await expect(lessons(page)).toBeVisible();
  await lessons(page).getByRole('button', { name: 'What is an IOMMU group?' }).click();
  await lessons(page).getByRole('button', { name: 'Start lesson' }).click();
  await expect(goal(page)).toHaveText('Goal not reached yet');
  // Its machine starts powered off: the Boot row claims no boot.
  const bootRow = page.getByRole('region', { name: 'Kernel and boot' }).getByRole('status');
  await expect(bootRow).toHaveText('Not booted yet: Boot starts v6.1.');

  // Lesson 1, by its hints alone.
  const last = await allHints(page);
  expect(last).toContain('Click Boot at the bottom of the Kernel and boot panel');
  expect(last).toContain('click IOMMU group 3');
  await page.getByRole('button', { name: 'Boot', exact: true }).click();
  await expect(goal(page)).toHaveText('Goal not reached yet');
  await expect(bootRow).toHaveText(/^Booted v6\.1 with these settings\.\s?$/);
  await selectInList(page, /^IOMMU group 3/);
  await expect(goal(page)).toHaveText('Goal reached: read What happened below.');
  await expect(lessons(page).getByRole('region', { name: 'What happened' })).toContainText(
    'pci_device_group()',
  );
  await page.screenshot({ path: 'test-results/lessons-first-lesson.png' });

  // The si_domain lesson, the last one, with its question.
  await lessons(page).getByRole('button', { name: 'All lessons' }).click();
  await lessons(page)
    .getByRole('button', { name: /si_domain gets freed/ })
    .click();
  await lessons(page).getByRole('button', { name: 'Start lesson' }).click();
  await expect(goal(page)).toHaveText('Goal not reached yet');
  expect(await allHints(page)).toContain('uncheck si_domain is never freed and click Boot');
  // Out of order: the card removed first, with the guard still on. The status says what is off.
  await selectInList(page, /00:02\.0 Network card/);
  await inspector(page).getByRole('button', { name: 'Hot-remove' }).click();
  await expect(goal(page)).toHaveText(
    /^Goal not reached yet: A group was released, and si_domain survived: the guard si_domain is never freed is still on\./,
  );
  await page.getByRole('checkbox', { name: 'si_domain is never freed' }).uncheck();
  await expect(goal(page)).toContainText('is not running yet: it takes effect when you click Boot');
  // Straight from the checkbox to Boot, as a learner clicks: the first click must count. Boot
  // runs the steps again, the removal too, now without the guard.
  await page.getByRole('button', { name: 'Boot', exact: true }).click();
  await expect(page.getByText(/^Booted v5\.3 with these settings\./)).toBeVisible();
  await expect(goal(page)).toHaveText('Goal reached: read What happened, then answer the question below.');
  const question = lessons(page).getByRole('group', { name: /^Explain:/ });
  await question.getByRole('radio', { name: /si_domain is shared/ }).check();
  await lessons(page).getByRole('button', { name: 'Check answer' }).click();
  await expect(goal(page)).toHaveText('Goal reached: read What happened below.');
  await expect(lessons(page).getByText('Right. Domains have no reference count')).toBeVisible();
  await page.screenshot({ path: 'test-results/lessons-si-domain.png' });

  await page.reload();
  await expect(inspector(page).getByRole('button', { name: /IOMMU group 0/ })).toBeVisible();
  await page.getByRole('banner').getByRole('button', { name: 'Lessons' }).click();
  // The panel reopens on the lesson being taken.
  await expect(lessons(page).getByRole('heading', { name: /si_domain gets freed/ })).toBeVisible();
  await lessons(page).getByRole('button', { name: 'All lessons' }).click();
  const items = lessons(page).getByRole('list', { name: 'All lessons' }).getByRole('listitem');
  await expect(items.filter({ hasText: 'What is an IOMMU group?' })).toContainText('Completed');
  await expect(items.filter({ hasText: 'si_domain gets freed' })).toContainText('Completed');
  await expect(items.filter({ hasText: 'Give a graphics card' })).toContainText('Not done yet');
  await expect(lessons(page).getByText('2 of 9 completed')).toBeVisible();
  await page.screenshot({ path: 'test-results/lessons-list.png' });

  await page.keyboard.press('Escape');
  await expect(lessons(page)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Lessons' })).toBeFocused();
});

test('on a 1366 × 768 laptop, reaching the goal brings what happened into view', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await firstLessonToItsGoal(page);
  await expect(goal(page)).toHaveText('Goal reached: read What happened below.');
  await expect(lessons(page).getByRole('heading', { name: 'Well done: what happened' })).toBeInViewport({
    ratio: 1,
  });
});

test('on a 1280 × 800 laptop a running lesson leaves the graph a legible width, with the settings and the inspector beside it', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page);
  const graph = page.getByRole('region', { name: 'Graph', exact: true });
  const alone = (await graph.boundingBox())?.width ?? 0;
  await page.getByRole('banner').getByRole('button', { name: 'Lessons' }).click();
  await expect(lessons(page)).toBeVisible();
  // Three columns beside the panel left the graph 440px: node labels too small to read.
  await expect
    .poll(async () => (await graph.boundingBox())?.width ?? 0)
    .toBeGreaterThanOrEqual(Math.min(alone, 650));
  await expect(page.getByRole('textbox', { name: 'Kernel command line' })).toBeInViewport();
  await expect(page.getByRole('button', { name: 'Boot', exact: true })).toBeInViewport();
  await expect(inspector(page).getByRole('button', { name: /IOMMU group 0/ })).toBeInViewport();
  await page.screenshot({ path: 'test-results/lessons-1280.png' });
});

/** The height of the BDF written in a device's node: how big the graph draws its text. */
async function bdfHeight(page: Page, bdf: string): Promise<number> {
  const node = page
    .getByRole('region', { name: 'Graph', exact: true })
    .getByRole('group', { name: new RegExp(`^Device ${bdf.replace('.', '\\.')}`) });
  return (await node.getByText(bdf, { exact: true }).boundingBox())?.height ?? 0;
}

/** Whether nothing is drawn over the middle of the element (the Boot row was, over the kdump row). */
const uncovered = (el: Element) => {
  const r = el.getBoundingClientRect();
  return el.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2));
};

for (const size of [
  { width: 1600, height: 1000 },
  { width: 1280, height: 800 },
])
  test(`at ${size.width} × ${size.height} a running lesson leaves the graph legible, and Kernel and boot and the Inspector in reach`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    await openApp(page);
    await page.getByRole('banner').getByRole('button', { name: 'Lessons' }).click();
    // The laptop (44 nodes) beside the list: its text was 6px, the graph fitted into 400 × 250.
    await expect.poll(() => bdfHeight(page, '00:14.0')).toBeGreaterThanOrEqual(size.width > 1500 ? 14 : 10);
    // Lesson 2's machine is the widest of the lessons'.
    await lessons(page)
      .getByRole('button', { name: /Why do devices share a group/ })
      .click();
    await lessons(page).getByRole('button', { name: 'Start lesson' }).click();
    await expect.poll(() => bdfHeight(page, '00:1c.0')).toBeGreaterThanOrEqual(14);

    // Kernel and boot shows its fields down to the kdump switch, and the Boot row covers none of
    // them: Tab through to Boot and each control it stops on can be seen and clicked.
    const settings = page.getByRole('region', { name: 'Kernel and boot' });
    await expect(settings.getByRole('checkbox', { name: 'kdump kernel', exact: true })).toBeInViewport({
      ratio: 1,
    });
    await settings.getByRole('textbox', { name: 'Kernel command line' }).focus();
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      const focused = page.locator(':focus');
      if (!(await settings.locator(':focus').count())) break;
      expect(await focused.evaluate(uncovered), await focused.evaluate((el) => el.outerHTML)).toBe(true);
    }

    // The Inspector: the list, with its Domains heading whole, and the selected group's facts.
    await selectInList(page, /^IOMMU group 3/);
    const list = inspector(page).getByRole('navigation', { name: 'Devices and groups' });
    await expect(list.getByRole('button', { name: /^IOMMU group 3/ })).toBeInViewport({ ratio: 0.9 });
    await expect(inspector(page).getByRole('heading', { name: /^IOMMU group 3/ })).toBeInViewport();
    await expect(inspector(page).getByRole('rowheader', { name: 'Devices' })).toBeInViewport();
    await page.screenshot({ path: `test-results/lessons-running-${size.width}.png` });
  });

test("with a group selected, the Inspector's list shows its Domains heading whole, not half under the details", async ({
  page,
}) => {
  await firstLessonToItsGoal(page);
  await expect(inspector(page).getByRole('heading', { name: /^IOMMU group 3/ })).toBeVisible();
  const list = inspector(page).getByRole('navigation', { name: 'Devices and groups' });
  await expect(list.getByRole('heading', { name: 'Domains' })).toBeInViewport({ ratio: 1 });
});

test('on a 1280 × 800 laptop the settings fold to their Boot row, the Inspector takes the column, and the fold is remembered', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page);
  await page.getByRole('banner').getByRole('button', { name: 'Lessons' }).click();
  await lessons(page).getByRole('button', { name: 'What is an IOMMU group?' }).click();
  await lessons(page).getByRole('button', { name: 'Start lesson' }).click();
  const boot = page.getByRole('button', { name: 'Boot', exact: true });
  await boot.click();
  await selectInList(page, /^IOMMU group 3/);
  const list = inspector(page).getByRole('navigation', { name: 'Devices and groups' });
  const rows = list.getByRole('button');
  /** How many of the list's rows can be seen whole in it. */
  const shown = () =>
    list.evaluate((nav) => {
      const box = nav.getBoundingClientRect();
      return [...nav.querySelectorAll('button')].filter((b) => {
        const r = b.getBoundingClientRect();
        return r.height > 0 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
      }).length;
    });
  // Shared with the settings, the list showed 3 rows.
  const settings = page.getByRole('region', { name: 'Kernel and boot' });
  const fold = settings.getByRole('button', { name: 'Settings' });
  await expect(fold).toHaveAttribute('aria-expanded', 'true');
  await fold.click();
  await expect(fold).toHaveAttribute('aria-expanded', 'false');
  await expect(settings.getByRole('textbox', { name: 'Kernel command line' })).toBeHidden();
  await expect(boot).toBeInViewport({ ratio: 1 });
  expect((await list.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(230);
  expect(await shown()).toBeGreaterThanOrEqual(Math.min(8, await rows.count()));
  await expect(list.getByRole('button', { name: /^IOMMU group 3/ })).toBeInViewport({ ratio: 1 });
  await expect(inspector(page).getByRole('heading', { name: /^IOMMU group 3/ })).toBeInViewport();
  await expect(inspector(page).getByRole('rowheader', { name: 'Owner', exact: true })).toBeInViewport({
    ratio: 1,
  });
  await page.screenshot({ path: 'test-results/lessons-1280-folded.png' });
  // The fold is the reader's choice, kept for the next visit.
  await page.reload();
  await page.getByRole('banner').getByRole('button', { name: 'Lessons' }).click();
  await expect(fold).toHaveAttribute('aria-expanded', 'false');
  await expect(settings.getByRole('textbox', { name: 'Kernel command line' })).toBeHidden();
  // A lesson's hint names a setting: the fields come back.
  await fold.click();
  await expect(settings.getByRole('checkbox', { name: 'kdump kernel', exact: true })).toBeInViewport({
    ratio: 1,
  });

  // With a column of its own (1600 × 1000) the panel has nothing to fold.
  await page.setViewportSize({ width: 1600, height: 1000 });
  await expect(fold).toBeHidden();
  await page.reload();
  await page.getByRole('banner').getByRole('button', { name: 'Lessons' }).click();
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(fold).toHaveAttribute('aria-expanded', 'true');
});

test('by keyboard: a chosen lesson reads its own title, every hint is announced, and the last leaves focus in place', async ({
  page,
}) => {
  await openApp(page);
  await page.getByRole('banner').getByRole('button', { name: 'Lessons' }).click();
  await lessons(page).getByRole('button', { name: 'What is an IOMMU group?' }).press('Enter');
  // The lesson's heading, not the panel's "Lessons" heading that was read already.
  await expect(lessons(page).getByRole('heading', { name: 'What is an IOMMU group?' })).toBeFocused();
  await lessons(page).getByRole('button', { name: 'Start lesson' }).press('Enter');

  const hints = lessons(page).getByRole('region', { name: 'Hints' });
  // The live region is there, empty, before the first hint: a region inserted with its text is not read.
  const live = hints.locator('[aria-live="polite"]');
  await expect(live).toHaveCount(1);
  await expect(live).toHaveText('');
  const show = hints.getByRole('button', { name: 'Show hint' });
  await show.press('Enter');
  await expect(live.getByRole('listitem')).toHaveCount(1);
  await show.press('Enter');
  await show.press('Enter');
  await expect(live.getByRole('listitem')).toHaveCount(3);
  // Show hint is gone; focus is on what took its place, beside the last hint, not on the body.
  await expect(hints.getByText('All 3 hints shown.')).toBeFocused();
  await page.screenshot({ path: 'test-results/lessons-hints-done.png' });

  await lessons(page).getByRole('button', { name: 'Next lesson' }).press('Enter');
  await expect(lessons(page).getByRole('heading', { name: /Why do devices share a group/ })).toBeFocused();
});
