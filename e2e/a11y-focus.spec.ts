/**
 * Keyboard and screen-reader paths the accessibility review found broken: where focus lands after
 * a control goes away, what the skip link reaches in compare mode, what is announced after an
 * action, and what a graph node tells a screen reader it does.
 */
import { expect, type Page, test } from '@playwright/test';
import { fact, inspector, openApp, selectInList, timeline } from './app-helpers';
import { differences, pane, pickComparison } from './compare-helpers';

async function pickXhci(page: Page) {
  await openApp(page);
  await selectInList(page, /^00:14\.0/);
  await expect(inspector(page).getByRole('heading', { name: /00:14\.0/ })).toBeVisible();
}

test('in compare mode the skip link reaches the Differences panel', async ({ page }) => {
  await openApp(page);
  await pickComparison(page, /si_domain/);
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('Tab');
  const skip = page.getByRole('button', { name: 'Skip to the differences' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(differences(page)).toBeFocused();
  // Both panes' legends are landmarks with names of their own.
  await expect(pane(page, 'left').getByRole('region', { name: 'Legend (left)' })).toBeVisible();
  await expect(pane(page, 'right').getByRole('region', { name: 'Legend (right)' })).toBeVisible();
});

test('following the group link in the facts moves focus to the group it shows', async ({ page }) => {
  await pickXhci(page);
  const link = fact(page, 'Group').getByRole('button', { name: /^IOMMU group \d+$/ });
  const name = (await link.textContent()) ?? '';
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(inspector(page).getByRole('heading', { name: new RegExp(`^${name}`) })).toBeFocused();
});

test('hot-removing the shown device leaves focus on the inspector saying it is gone', async ({ page }) => {
  await pickXhci(page);
  await inspector(page).getByRole('button', { name: 'Hot-remove' }).focus();
  await page.keyboard.press('Enter');
  await expect(inspector(page).getByText('This device is not present at the viewed step')).toBeVisible();
  await expect(inspector(page).getByRole('heading', { name: '00:14.0' })).toBeFocused();
});

test("an action's outcome is announced once, politely", async ({ page }) => {
  await pickXhci(page);
  await inspector(page).getByRole('button', { name: 'Unbind driver' }).click();
  await expect(timeline(page).getByRole('status')).toHaveText(
    /^Step \d+: unbind 00:14\.0 — ok, \d+ kernel lines?$/,
  );
  // A move along the timeline says which step is shown now.
  const said = timeline(page).getByRole('status');
  await timeline(page).getByRole('button', { name: 'Step back' }).click();
  await expect(said).toHaveText(/^Showing step 1: hot-add 03:00\.0 \(endpoint\) — ok \(of 3\)$/);
  await timeline(page).getByRole('button', { name: 'Step forward' }).click();
  await expect(said).toHaveText(/^Showing step 2: unbind 00:14\.0 — ok \(of 3\)$/);
  // The slider says it itself while it has focus: not twice.
  await timeline(page).getByRole('slider', { name: 'Step' }).press('ArrowLeft');
  await expect(timeline(page).getByRole('slider', { name: 'Step' })).toHaveAttribute(
    'aria-valuetext',
    /^Step 1:/,
  );
  // … and the line names no step it left.
  await expect(said).toHaveText('');
  await timeline(page).getByRole('button', { name: 'Step forward' }).click();
  await expect(said).toHaveText(/^Showing step 2: unbind 00:14\.0 — ok \(of 3\)$/);
});

test("after a lesson loads its machine the announcer keeps nothing of the last one's steps", async ({
  page,
}) => {
  await pickXhci(page);
  await inspector(page).getByRole('button', { name: 'Unbind driver' }).click();
  const said = timeline(page).getByRole('status');
  await expect(said).toHaveText(/^Step \d+: unbind 00:14\.0/);
  await page.getByRole('banner').getByRole('button', { name: 'Lessons' }).click();
  const lessons = page.getByRole('complementary', { name: 'Lessons' });
  await lessons.getByRole('button', { name: 'What is an IOMMU group?' }).click();
  await lessons.getByRole('button', { name: 'Start lesson' }).click();
  await expect(timeline(page).getByRole('button', { name: /^0 boot/ })).toHaveCount(0);
  await expect(said).toHaveText('');
  // Boot rebuilds the steps too (heard through the Boot panel's status): still nothing stale.
  await page.getByRole('button', { name: 'Boot', exact: true }).click();
  await expect(timeline(page).getByRole('button', { name: /^0 boot/ })).toBeVisible();
  await expect(said).toHaveText('');
  // The next action on the new machine is announced as before.
  await selectInList(page, /^02:00\.0/);
  await inspector(page).getByRole('button', { name: 'Unbind driver' }).click();
  await expect(said).toHaveText(/^Step 1: unbind 02:00\.0 — ok, \d+ kernel lines?$/);
});

test('a graph node says what Enter and Space do, and nothing the canvas blocks', async ({ page }) => {
  await openApp(page);
  const graph = page.getByRole('region', { name: 'Graph', exact: true });
  const node = graph.getByRole('group', { name: /^Device 00:14\.0/ });
  await expect(node).toHaveAccessibleDescription(
    'Press Enter or Space to show it in the inspector, then Enter to go to its details.',
  );
  await expect(node).not.toHaveAccessibleName(/, selected$/);
  await node.focus();
  await page.keyboard.press('Enter');
  await expect(inspector(page).getByRole('heading', { name: /00:14\.0/ })).toBeVisible();
  // The picked node says so (a group cannot carry aria-selected); only it does.
  await expect(node).toHaveAccessibleName(/^Device 00:14\.0 .*, selected$/);
  await expect(graph.getByRole('group', { name: /, selected$/ })).toHaveCount(1);
  // Escape unselects it and leaves focus where it was (React Flow's own handler blurs the node).
  await page.keyboard.press('Escape');
  await expect(node).toBeFocused();
  await expect(node).not.toHaveAccessibleName(/, selected$/);
  await expect(inspector(page).getByRole('heading', { name: /00:14\.0/ })).toHaveCount(0);
  // Enter shows it again; Enter once more goes on to its details, Tab to its facts and actions.
  await page.keyboard.press('Enter');
  await expect(node).toHaveAccessibleName(/, selected$/);
  await expect(node).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(inspector(page).getByRole('heading', { name: /00:14\.0/ })).toBeFocused();
});

test("the graph's edges are named by what they join, and none offers Delete", async ({ page }) => {
  await openApp(page);
  const graph = page.getByRole('region', { name: 'Graph', exact: true });
  await expect(
    graph.getByRole('img', { name: /^IOMMU group \d+ → domain d\d+ \(DMA-FQ\)$/ }),
  ).not.toHaveCount(0);
  await expect(graph.getByRole('img', { name: 'PCI root bus 0000:00 → device 00:14.0' })).toHaveCount(1);
  // React Flow's own names are its internal ids ("Edge from grp:0 to dom:d2").
  await expect(graph.getByRole('img', { name: /^Edge from/ })).toHaveCount(0);
  await expect(graph.locator('[id^="react-flow__edge-desc"]')).not.toContainText(/delete/i);
});

test('"Your machine" takes focus when it opens; Close or Escape give it back to the button that opened it', async ({
  page,
}) => {
  await openApp(page);
  const open = page.getByRole('button', { name: 'Import from this computer' });
  const importGroups = async () => {
    await open.click();
    const dialog = page.getByRole('dialog', { name: 'Import from this computer' });
    await dialog
      .getByLabel('IOMMU groups (shell loop output)')
      .fill('/sys/kernel/iommu_groups/0/devices/0000:00:00.0\n');
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    const panel = page.getByRole('region', { name: 'Your machine' });
    await expect(panel.getByRole('heading', { name: 'Your machine' })).toBeFocused();
    return panel;
  };
  const panel = await importGroups();
  await panel.getByRole('button', { name: 'Close' }).click();
  await expect(panel).toBeHidden();
  await expect(open).toBeFocused();
  await importGroups();
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(open).toBeFocused();
});

test('a machine action no kernel can take says why on the page, and that is its description', async ({
  page,
}) => {
  await openApp(page);
  const actions = page.getByRole('group', { name: 'Machine actions' });
  const button = (name: string) => actions.getByRole('button', { name, exact: true });
  const needKernel = ['Add device', 'Rescan', 'Crash', 'Crash with…'].map(button);
  // The first lesson's machine starts switched off.
  await page.getByRole('banner').getByRole('button', { name: 'Lessons' }).click();
  const lessons = page.getByRole('complementary', { name: 'Lessons' });
  await lessons.getByRole('button', { name: 'What is an IOMMU group?' }).click();
  await lessons.getByRole('button', { name: 'Start lesson' }).click();
  const off = 'No kernel is running: boot first.';
  await expect(actions.getByText(off)).toBeVisible();
  for (const action of needKernel) {
    await expect(action).toBeDisabled();
    await expect(action).toHaveAccessibleDescription(off);
  }
  // Booted, crashed into the kdump kernel, which crashes too: no crash kernel is left.
  await button('Reboot').click();
  await expect(actions.getByText(off)).toHaveCount(0);
  await button('Crash').click();
  await expect(button('Add device')).toBeEnabled();
  await expect(button('Add device')).toHaveAccessibleDescription('');
  await button('Crash').click();
  const dead = 'The kdump kernel has crashed and has no crash kernel to start: reboot.';
  await expect(actions.getByText(dead)).toBeVisible();
  for (const action of needKernel) {
    await expect(action).toBeDisabled();
    await expect(action).toHaveAccessibleDescription(dead);
  }
  await expect(button('Reboot')).toBeEnabled();
  await button('Reboot').click();
  await expect(actions.getByText(dead)).toHaveCount(0);
  await expect(button('Add device')).toBeEnabled();
});

test('an action that kills the kernel leaves focus on Reboot, not the page body', async ({ page }) => {
  await openApp(page);
  const actions = page.getByRole('group', { name: 'Machine actions' });
  const button = (name: string) => actions.getByRole('button', { name, exact: true });
  // Crash into the kdump kernel (Crash stays usable), then crash that one from the keyboard.
  await button('Crash').focus();
  await page.keyboard.press('Enter');
  await expect(button('Crash')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(button('Crash')).toBeDisabled();
  await expect(button('Reboot')).toBeFocused();
  // The same through Crash with…, whose dialog would give focus back to a disabled button.
  await page.keyboard.press('Enter');
  await button('Crash with…').focus();
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').getByRole('button', { name: 'Crash' }).click();
  await button('Crash with…').focus();
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').getByRole('button', { name: 'Crash' }).click();
  await expect(button('Crash with…')).toBeDisabled();
  await expect(button('Reboot')).toBeFocused();
});

test('what a filter leaves is announced, and each pane’s log controls have names of their own', async ({
  page,
}) => {
  await openApp(page);
  const log = page.getByRole('region', { name: 'Event log' });
  await log.getByRole('combobox', { name: 'Filter by device' }).fill('00:1f');
  await expect(log.getByRole('status')).toHaveText(/^\d+ of \d+ messages shown$/);
  await log.getByRole('combobox', { name: 'Filter by device' }).fill('zz');
  await expect(log.getByRole('status')).toHaveText(/^0 of \d+ messages shown$/);

  await page.getByRole('button', { name: 'Help' }).click();
  await page.getByRole('menuitem', { name: 'Glossary' }).click();
  const glossary = page.getByRole('region', { name: 'Glossary' });
  await expect(glossary.getByRole('status')).toHaveText('');
  await glossary.getByRole('searchbox').fill('zzz');
  await expect(glossary.getByRole('status')).toHaveText('No term matches “zzz”.');
  await page.getByRole('button', { name: 'Close glossary' }).click();

  await pickComparison(page, /^si-free/);
  for (const side of ['left', 'right'])
    await expect(
      page.getByRole('checkbox', { name: `All steps up to this one (${side})`, exact: true }),
    ).toHaveCount(1);
});

test.describe('on a narrow screen (800 × 900)', () => {
  test.use({ viewport: { width: 800, height: 900 } });

  test('Tab goes down the page as the panels are drawn: settings, then the machine’s actions and graph', async ({
    page,
  }) => {
    await openApp(page);
    await page.getByRole('button', { name: 'Help' }).focus();
    // Where each control Tab reaches sits on the page (not the window: the page scrolls).
    const tops: [string, number][] = [];
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      tops.push(
        await page.evaluate(() => {
          const a = document.activeElement as HTMLInputElement;
          // A control in a box that scrolls (the settings' fields) is where its box is.
          let at: Element = a;
          for (let e = a.parentElement; e && e !== document.body; e = e.parentElement)
            if (e.scrollHeight > e.clientHeight && getComputedStyle(e).overflowY === 'auto') at = e;
          const top = at.getBoundingClientRect().top + scrollY;
          const name = a.getAttribute('aria-label') ?? a.labels?.[0]?.textContent ?? a.textContent ?? '';
          return [name.trim(), top] as [string, number];
        }),
      );
      if (tops.at(-1)![0] === 'Add device') break;
    }
    expect(tops.at(-1)![0]).toBe('Add device');
    for (let i = 1; i < tops.length; i++)
      expect(tops[i]![1], `${tops[i]![0]} after ${tops[i - 1]![0]}`).toBeGreaterThanOrEqual(
        tops[i - 1]![1] - 40,
      );
  });
});

/** Whether every line of the element's text is shown (a clamped text scrolls inside its box). */
const whole = (el: Element) => el.scrollHeight <= el.clientHeight + 1;

test("a clamped description opens by keyboard: the scenario's in the header, the comparison's in compare mode", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page);
  const more = page.getByRole('banner').getByRole('button', { name: 'More of the description' });
  await expect(more).toHaveAttribute('aria-expanded', 'false');
  const text = page.locator(`[id="${await more.getAttribute('aria-controls')}"]`);
  expect(await text.evaluate(whole)).toBe(false);
  await more.press('Enter');
  const less = page.getByRole('banner').getByRole('button', { name: 'Less of the description' });
  await expect(less).toHaveAttribute('aria-expanded', 'true');
  await expect(less).toBeFocused();
  expect(await text.evaluate(whole)).toBe(true);
  await page.getByRole('banner').screenshot({ path: 'test-results/header-description-open.png' });
  await less.press('Enter');
  await expect(more).toHaveAttribute('aria-expanded', 'false');

  await pickComparison(page, /^si-free/);
  const compareMore = page.getByRole('button', { name: 'More of the description' });
  // The header's description gives its row to the compare bar: one button, the bar's.
  await expect(compareMore).toHaveCount(1);
  const compareText = page.locator(`[id="${await compareMore.getAttribute('aria-controls')}"]`);
  expect(await compareText.evaluate(whole)).toBe(false);
  await compareMore.press('Enter');
  await expect(page.getByRole('button', { name: 'Less of the description' })).toHaveAttribute(
    'aria-expanded',
    'true',
  );
  expect(await compareText.evaluate(whole)).toBe(true);
  await page.screenshot({ path: 'test-results/compare-description-open.png' });
});

test('a link that shows a crashed machine does not move focus to Reboot', async ({ page }) => {
  await openApp(page);
  const actions = page.getByRole('group', { name: 'Machine actions' });
  await actions.getByRole('button', { name: 'Crash', exact: true }).click();
  await actions.getByRole('button', { name: 'Crash', exact: true }).click();
  await page.getByRole('button', { name: 'Share link' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link URL' }).inputValue();
  await actions.getByRole('button', { name: 'Reboot', exact: true }).click();
  await expect(actions.getByRole('button', { name: 'Crash', exact: true })).toBeEnabled();
  // A dialog of the toolbar opened and cancelled is no action taken there.
  await actions.getByRole('button', { name: 'Add device', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  // Focus on a line of the log, which the link's machine replaces.
  await page.getByRole('region', { name: 'Event log' }).getByRole('list').getByRole('button').first().focus();
  await page.goto(link);
  await expect(actions.getByRole('button', { name: 'Crash', exact: true })).toBeDisabled();
  await expect(actions.getByRole('button', { name: 'Reboot', exact: true })).not.toBeFocused();
});
