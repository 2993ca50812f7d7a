/** Teaching aids: the first-visit tour, the Help menu, the glossary, the why with source links, demo mode. */
import { expect, test } from '@playwright/test';
import { eventLog, fact, inspector, openApp, selectInList, timeline } from './app-helpers';

test.describe('a first visit', () => {
  // A browser that has never opened the page: nothing in localStorage.
  test.use({ storageState: { cookies: [], origins: [] } });

  test('shows the tour once, and the Help menu brings it back', async ({ page }) => {
    await openApp(page);
    const tour = page.getByRole('dialog', { name: 'Welcome to the IOMMU Sandbox' });
    await expect(tour).toBeVisible();
    await expect(tour.getByRole('heading', { name: 'Welcome to the IOMMU Sandbox' })).toBeFocused();
    await tour.getByRole('button', { name: 'Next' }).click();
    const second = page.getByRole('dialog', { name: 'Pick a machine' });
    await expect(second).toBeVisible();
    // Each stop's title takes focus, so a screen reader reads it; Next alone would say nothing.
    await expect(second.getByRole('heading', { name: 'Pick a machine' })).toBeFocused();
    // Back goes away on the first stop: focus goes to that stop's title, not to the page's body.
    await second.getByRole('button', { name: 'Back' }).press('Enter');
    await expect(tour.getByRole('heading', { name: 'Welcome to the IOMMU Sandbox' })).toBeFocused();
    await tour.getByRole('button', { name: 'Next' }).press('Enter');
    await expect(second.getByRole('heading', { name: 'Pick a machine' })).toBeFocused();
    // Walk to the end with the keyboard-reachable buttons.
    for (let i = 0; i < 6; i++) await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByRole('dialog', { name: 'Learn by doing' })).toBeVisible();
    await page.getByRole('button', { name: 'Finish' }).click();
    await expect(page.getByRole('dialog', { name: /Tour|Learn by doing/ })).toHaveCount(0);

    await page.reload();
    await openApp(page);
    await expect(page.getByRole('dialog', { name: 'Welcome to the IOMMU Sandbox' })).toHaveCount(0);

    await page.getByRole('button', { name: 'Help' }).click();
    await page.getByRole('menuitem', { name: 'Take the tour' }).click();
    await expect(page.getByRole('dialog', { name: 'Welcome to the IOMMU Sandbox' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog', { name: 'Welcome to the IOMMU Sandbox' })).toHaveCount(0);
  });
});

test('the Help menu opens the glossary, which explains terms in plain words', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Help' }).click();
  await expect(page.getByRole('menuitem', { name: 'Take the tour' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Glossary' })).toBeFocused();
  await page.keyboard.press('Enter');
  const glossary = page.getByRole('region', { name: 'Glossary' });
  await expect(glossary).toBeVisible();
  await glossary.getByRole('searchbox', { name: 'Filter terms' }).fill('ACS');
  await expect(glossary.getByText('PCIe Access Control Services', { exact: false }).first()).toBeVisible();
  // The ACS entry, and the entries whose explanations use the word; not the others.
  await expect(glossary.getByRole('term').filter({ hasText: /^ACS$/ })).toHaveCount(1);
  await expect(glossary.getByRole('term').filter({ hasText: /^IOMMU$/ })).toHaveCount(0);
  await glossary.getByRole('searchbox', { name: 'Filter terms' }).fill('multifunction');
  await expect(glossary.getByRole('term').filter({ hasText: /BDF/ })).toHaveCount(1);
  // The words the kernel's log and the sandbox's notes use find their entries too.
  for (const [word, term] of [
    ['passthrough', /^Pass-through$/],
    ['igfx_off', /^intel_iommu=igfx_off$/],
    ['LOSE_CHILDREN', /^DOMAIN_FLAG_LOSE_CHILDREN$/],
    ['review fix', /^Review fix$/],
  ] as const) {
    await glossary.getByRole('searchbox', { name: 'Filter terms' }).fill(word);
    await expect(glossary.getByRole('term').filter({ hasText: term }), word).toHaveCount(1);
  }
  await glossary.getByRole('button', { name: 'Close glossary' }).click();
  await expect(glossary).toHaveCount(0);
});

test("the Help menu's glossary and shortcuts give focus back to Help when they close", async ({ page }) => {
  await openApp(page);
  const help = page.getByRole('button', { name: 'Help' });
  await help.click();
  await page.getByRole('menuitem', { name: 'Glossary' }).click();
  await expect(page.getByRole('searchbox', { name: 'Filter terms' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('region', { name: 'Glossary' })).toHaveCount(0);
  await expect(help).toBeFocused();

  await page.keyboard.press('Enter');
  await page.getByRole('menuitem', { name: 'Keyboard shortcuts' }).click();
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);
  await expect(help).toBeFocused();

  await help.click();
  await page.getByRole('menuitem', { name: 'Glossary' }).click();
  await page.getByRole('button', { name: 'Close glossary' }).click();
  await expect(help).toBeFocused();
});

test('the inspector says why, links each kernel function to its source, and explains its terms', async ({
  page,
}) => {
  await openApp(page);
  // The boot step, where the kernel added every device to its group.
  await timeline(page)
    .getByRole('button', { name: /^0 boot/ })
    .click();
  await selectInList(page, /00:14\.0/);
  const why = inspector(page).getByRole('region', { name: 'Why' });
  await expect(why).toContainText('Group:');
  await expect(why).toContainText('DMA:');
  const link = why.getByRole('link', { name: 'iommu_group_add_device()' });
  await expect(link).toHaveAttribute(
    'href',
    'https://elixir.bootlin.com/linux/v6.1/A/ident/iommu_group_add_device',
  );
  await expect(link).toHaveAttribute('target', '_blank');
  // The recorded reasons name the function that decided them too.
  for (const about of ['Group:', 'Group type:', 'DMA:'])
    await expect(why.getByRole('listitem').filter({ hasText: about }).getByRole('link')).toHaveAttribute(
      'href',
      /^https:\/\/elixir\.bootlin\.com\/linux\/v6\.1\/A\/ident\/\w+$/,
    );

  // The fact's term explains itself on hover, and opens the glossary there when activated.
  const term = page.getByRole('rowheader', { name: 'DMA mask' }).getByRole('button');
  await term.hover();
  await expect(term).toHaveAccessibleDescription(/highest address a device can reach/);
  await expect(page.getByRole('tooltip', { name: /highest address/ })).toBeVisible();
  await term.click();
  await expect(page.getByRole('region', { name: 'Glossary' }).getByRole('term')).toContainText(['DMA mask']);
  await expect(fact(page, 'DMA mask')).toContainText('bit');
});

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box | null, b: Box | null) =>
  !!a && !!b && a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

for (const size of [
  { width: 1600, height: 1000 },
  { width: 1280, height: 800 },
])
  test(`at ${size.width} × ${size.height} a term clicked in the inspector opens the glossary clear of the facts, and its tooltip goes`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    await openApp(page);
    const glossary = page.getByRole('region', { name: 'Glossary' });
    const tips = page.getByRole('tooltip').filter({ visible: true });
    // The inspector at the right of the page, then (with a lesson running) where the lessons put it.
    for (const lesson of [null, /Two devices with different needs/]) {
      if (lesson) {
        await page.getByRole('banner').getByRole('button', { name: 'Lessons' }).click();
        await page
          .getByRole('complementary', { name: 'Lessons' })
          .getByRole('button', { name: lesson })
          .click();
        await page.getByRole('button', { name: 'Start lesson' }).click();
      }
      await selectInList(page, lesson ? /^01:00\.1/ : /^00:14\.0/);
      const term = page.getByRole('rowheader', { name: 'Attach' }).getByRole('button');
      await term.hover();
      await expect(tips).toHaveCount(1);
      await term.click();
      await expect(glossary.getByRole('term').filter({ hasText: /^Attach$/ })).toBeInViewport();
      // The pointer is still on the term: its tooltip would cover the rows under it.
      await expect(tips).toHaveCount(0);
      expect(overlap(await glossary.boundingBox(), await inspector(page).boundingBox())).toBe(false);
      await expect(fact(page, 'DMA')).toBeInViewport();
      await page.screenshot({
        path: `test-results/glossary-beside-${size.width}${lesson ? '-lesson' : ''}.png`,
      });
      await glossary.getByRole('button', { name: 'Close glossary' }).click();
      await expect(glossary).toHaveCount(0);
    }
  });

for (const size of [
  { width: 800, height: 900 },
  { width: 390, height: 844 },
])
  test(`at ${size.width} × ${size.height} the glossary opens below the term clicked, which stays in sight, and gives focus back to it`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    await openApp(page);
    await selectInList(page, /^00:14\.0/);
    const glossary = page.getByRole('region', { name: 'Glossary' });
    const term = page.getByRole('rowheader', { name: 'Attach' }).getByRole('button');
    // The term is what is drawn at its centre and at both ends of it.
    const onTop = () =>
      term.evaluate((el) => {
        const r = el.getBoundingClientRect();
        const y = r.y + r.height / 2;
        return [r.left + 1, r.x + r.width / 2, r.right - 1].every((x) =>
          el.contains(document.elementFromPoint(x, y)),
        );
      });
    // The row mid-screen, then at the foot of the screen, where the glossary opens.
    for (const block of ['center', 'end'] as const) {
      await term.evaluate((el, block) => el.scrollIntoView({ block }), block);
      await term.click();
      await expect(glossary.getByRole('term').filter({ hasText: /^Attach$/ })).toBeInViewport();
      // At a side of the page, 420px wide, it stood over the inspector's rows, the clicked one too.
      await expect(term).toBeInViewport({ ratio: 1 });
      expect(await onTop(), block).toBe(true);
      await expect(fact(page, 'Attach')).toBeInViewport({ ratio: 1 });
      expect((await glossary.boundingBox())?.height).toBeLessThanOrEqual(size.height / 2);
      await page.screenshot({ path: `test-results/glossary-sheet-${size.width}-${block}.png` });
      await page.keyboard.press('Escape');
      await expect(glossary).toHaveCount(0);
      await expect(term).toBeFocused();
    }
    // The same from the close button.
    await term.click();
    await glossary.getByRole('button', { name: 'Close glossary' }).click();
    await expect(glossary).toHaveCount(0);
    await expect(term).toBeFocused();
    expect(await onTop()).toBe(true);
  });

test('demo mode plays the steps, pauses, and steps with the arrow keys', async ({ page }) => {
  await openApp(page, '/?demo=library/review-si-domain-freed.guard-off.v5.3&speed=4');
  const demo = page.getByRole('region', { name: 'Demo' });
  await expect(demo.getByRole('status')).toHaveText('Step 0 of 4');
  // It advances on its own…
  await expect(demo.getByRole('status')).toHaveText('Step 2 of 4');
  await demo.getByRole('button', { name: 'Pause' }).click();
  const slider = timeline(page).getByRole('slider', { name: 'Step' });
  const at = Number(await slider.inputValue());
  // …and the keyboard steps while paused.
  await page.locator('body').press('ArrowLeft');
  await expect(slider).toHaveValue(String(at - 1));
  await page.locator('body').press('End');
  await expect(demo.getByRole('status')).toHaveText('Step 4 of 4');
  await expect(demo.getByRole('button', { name: 'Replay' })).toBeVisible();
  await demo.getByRole('button', { name: 'Exit demo' }).click();
  await expect(demo).toHaveCount(0);
  expect(new URL(page.url()).search).toBe('');
});

test('a demo link shows its scenario alone, even when the last visit ended in compare mode', async ({
  page,
}) => {
  await openApp(page);
  const compareButton = page.getByRole('button', { name: 'Compare', exact: true });
  await compareButton.click();
  await expect(compareButton).toHaveAttribute('aria-pressed', 'true');
  // Saved for the next visit (the page saves a moment after a change).
  await expect
    .poll(() => page.evaluate(() => Object.values(localStorage).some((v) => v.includes('"compare"'))))
    .toBe(true);
  await page.goto('/?demo=library/review-si-domain-freed.guard-off.v5.3&speed=1');
  const demo = page.getByRole('region', { name: 'Demo' });
  await expect(demo.getByRole('status')).toHaveText(/^Step \d of 4$/);
  await expect(compareButton).toHaveAttribute('aria-pressed', 'false');
});

test('Page Down and Page Up step through the timeline outside demo mode too', async ({ page }) => {
  await openApp(page);
  const slider = timeline(page).getByRole('slider', { name: 'Step' });
  const last = await slider.inputValue();
  await page.locator('body').press('PageUp');
  await expect(slider).toHaveValue(String(Number(last) - 1));
  await page.locator('body').press('PageDown');
  await expect(slider).toHaveValue(last);
  // Still after picking a device in the list and a node in the graph: what a presenter does mid-talk.
  await selectInList(page, /02:00\.0/);
  await page.keyboard.press('PageUp');
  await expect(slider).toHaveValue(String(Number(last) - 1));
  await page
    .getByRole('region', { name: 'Graph', exact: true })
    .getByRole('group', { name: /^Device 00:00\.0/ })
    .click();
  await page.keyboard.press('PageDown');
  await expect(slider).toHaveValue(last);
  // And after picking a log filter: the clicker steps, the filter stays.
  const kinds = eventLog(page).getByRole('combobox', { name: 'Filter by kind' });
  await kinds.selectOption({ label: 'All kinds' });
  await kinds.focus();
  await page.keyboard.press('PageUp');
  await expect(slider).toHaveValue(String(Number(last) - 1));
  await page.keyboard.press('PageDown');
  await expect(slider).toHaveValue(last);
  await expect(kinds).toHaveValue('');
  // And after using the device filter or a checkbox, where the keys do nothing else.
  for (const field of [
    eventLog(page).getByRole('combobox', { name: 'Filter by device' }),
    eventLog(page).getByRole('checkbox', { name: 'All steps up to this one' }),
  ]) {
    await field.focus();
    await page.keyboard.press('PageUp');
    await expect(slider).toHaveValue(String(Number(last) - 1));
    await page.keyboard.press('PageDown');
    await expect(slider).toHaveValue(last);
  }
});

test('Page Down and Page Up scroll a panel that scrolls, and a line the step takes away leaves focus on the timeline', async ({
  page,
}) => {
  await openApp(page);
  const slider = timeline(page).getByRole('slider', { name: 'Step' });
  const last = await slider.inputValue();
  // The boot's log overflows its panel: the keys read further down it, the step stays.
  await timeline(page)
    .getByRole('button', { name: /^0 boot/ })
    .click();
  const lines = eventLog(page).getByRole('list').first();
  await lines.getByRole('button').first().focus();
  // How far down the panel that scrolls around the log is (-1: none scrolls).
  const scrolled = () =>
    lines.evaluate((el) => {
      let s: Element | null = el;
      while (s && s.scrollHeight <= s.clientHeight) s = s.parentElement;
      return s?.scrollTop ?? -1;
    });
  const top = await scrolled();
  expect(top).toBeGreaterThanOrEqual(0);
  await page.keyboard.press('PageDown');
  await expect(slider).toHaveValue('0');
  await expect.poll(scrolled).toBeGreaterThan(top);
  // The last step's few lines fit: the clicker steps, and focus does not fall out of the page.
  await timeline(page)
    .getByRole('button', { name: new RegExp(`^${last} `) })
    .click();
  await lines.getByRole('button').first().focus();
  await page.keyboard.press('PageUp');
  await expect(slider).toHaveValue(String(Number(last) - 1));
  await expect(slider).toBeFocused();
});

test('after an inspector action or in a select of a panel that scrolls, the clicker still steps and changes nothing else', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page);
  const slider = timeline(page).getByRole('slider', { name: 'Step' });
  await selectInList(page, /^00:14\.0/);
  await inspector(page).getByRole('button', { name: 'Unbind driver' }).click();
  const last = Number(await slider.inputValue());
  await page.keyboard.press('PageUp');
  await expect(slider).toHaveValue(String(last - 1));
  const kernel = page.getByRole('combobox', { name: 'Kernel', exact: true });
  const chosen = await kernel.inputValue();
  await kernel.focus();
  await page.keyboard.press('PageDown');
  await expect(slider).toHaveValue(String(last));
  await expect(kernel).toHaveValue(chosen);
});

test('demo mode with an unknown scenario says so and waits on the open one', async ({ page }) => {
  await openApp(page, '/?demo=library/nope');
  await expect(page.getByText('Demo: there is no library scenario "library/nope"')).toBeVisible();
  const demo = page.getByRole('region', { name: 'Demo' });
  await expect(demo.getByRole('status')).toHaveText(/^Step 0 of/);
  await expect(demo.getByRole('button', { name: 'Play' })).toBeVisible();
});

test('demo mode with a speed it does not offer says so beside the control, until one is picked', async ({
  page,
}) => {
  await openApp(page, '/?demo=library/review-si-domain-freed.guard-off.v5.3&speed=10');
  const demo = page.getByRole('region', { name: 'Demo' });
  const speed = demo.getByRole('combobox', { name: 'Speed' });
  await expect(speed).toHaveValue('1');
  await expect(speed).toHaveAccessibleDescription(
    "The link's speed=10 is not one of 0.5, 1, 2, 4: playing at 1×",
  );
  await speed.selectOption('2');
  await expect(demo.getByText("The link's speed=10")).toHaveCount(0);
  await expect(speed).toHaveAccessibleDescription('');
});

test('demo mode on a projector scrolls the step’s fault into the event log’s view', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page, '/?demo=library/review-si-domain-freed.guard-off.v5.3&speed=4');
  const demo = page.getByRole('region', { name: 'Demo' });
  await demo.getByRole('button', { name: 'Pause' }).click();
  await page.locator('body').press('End');
  await expect(demo.getByRole('status')).toHaveText('Step 4 of 4');
  const fault = eventLog(page)
    .getByRole('button', { name: /double.free/i })
    .first();
  await expect(fault).toBeInViewport();
});
