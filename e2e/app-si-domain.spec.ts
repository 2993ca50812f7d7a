import { expect, test } from '@playwright/test';
import { eventLog, fact, inspector, openApp, pickScenario, selectInList, timeline } from './app-helpers';

test('with the si_domain guard off, hot-removing the last device of an identity group is a use-after-free', async ({
  page,
}) => {
  await openApp(page);
  await pickScenario(page, /guard off/);
  await expect(page.getByRole('checkbox', { name: 'si_domain is never freed' })).not.toBeChecked();
  await timeline(page).getByRole('button', { name: 'Reset' }).click();
  await selectInList(page, /00:02\.0 nic/);
  await inspector(page).getByRole('button', { name: 'Hot-remove' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Use-after-free' });
  await expect(alert).toBeVisible();
  await expect(
    eventLog(page)
      .getByRole('button', { name: /^use-after-free / })
      .first(),
  ).toBeVisible();
  await selectInList(page, /si_domain/);
  await expect(fact(page, 'Freed')).toHaveText('yes, at step 1');
});

test('with the guard on, the same removal frees nothing', async ({ page }) => {
  await openApp(page);
  await pickScenario(page, /guard on/);
  await timeline(page).getByRole('button', { name: 'Reset' }).click();
  await selectInList(page, /00:02\.0 nic/);
  await inspector(page).getByRole('button', { name: 'Hot-remove' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Use-after-free' })).toHaveCount(0);
  await selectInList(page, /si_domain/);
  await expect(fact(page, 'Freed')).toHaveText('no');
});
