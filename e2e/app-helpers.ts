/** Shared steps for the app's end-to-end tests: find panels by role and name, as a person would. */
import { expect, type Page } from '@playwright/test';

/** Opens the page and waits until the default machine is booted and drawn. */
export async function openApp(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await expect(inspector(page).getByRole('button', { name: /IOMMU group 0/ })).toBeVisible();
}

/** The Inspector landmark. */
export const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });
/** The Event log region. */
export const eventLog = (page: Page) => page.getByRole('region', { name: 'Event log' });
/** The Timeline region. */
export const timeline = (page: Page) => page.getByRole('region', { name: 'Timeline' });

/** Picks a built-in scenario by its name. */
export async function pickScenario(page: Page, name: string | RegExp): Promise<void> {
  const select = page.getByRole('combobox', { name: 'Scenario' });
  // The list of names loads just after the first paint.
  await expect(select.locator('optgroup').first()).toBeAttached();
  const options = await select
    .getByRole('option')
    .evaluateAll((os) =>
      os.map((o) => ({ label: o.textContent ?? '', value: (o as HTMLOptionElement).value })),
    );
  const option = options.find((o) => (typeof name === 'string' ? o.label === name : name.test(o.label)));
  if (!option) throw new Error(`No scenario ${name} in ${options.map((o) => o.label).join(' | ')}`);
  await select.selectOption(option.value);
  // The select shows the new scenario once it has loaded.
  await expect(select).toHaveValue(option.value);
}

/** Selects a group or device through the Inspector's list (no canvas). */
export async function selectInList(page: Page, name: string | RegExp): Promise<void> {
  await inspector(page)
    .getByRole('navigation', { name: 'Devices and groups' })
    .getByRole('button', { name })
    .click();
}

/** The value shown for a fact in the Inspector: the cell next to the row header `term`. */
export function fact(page: Page, term: string) {
  const header = page.getByRole('rowheader', { name: term, exact: true });
  return inspector(page).getByRole('row').filter({ has: header }).getByRole('cell');
}
