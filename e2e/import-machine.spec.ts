import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { openApp, timeline } from './app-helpers';

const fixture = (name: string) =>
  readFileSync(new URL(`../src/import/fixtures/${name}.txt`, import.meta.url), 'utf8');

async function openDialog(page: Page) {
  await page.getByRole('button', { name: 'Import from this computer' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import from this computer' });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('a real pair of pastes shows the real and predicted groups with the differences explained', async ({
  page,
}) => {
  await openApp(page);
  const dialog = await openDialog(page);
  await expect(dialog.getByText('sudo lspci -vvv -nn -PP')).toBeVisible();
  await expect(dialog.getByText(/for d in \/sys\/kernel\/iommu_groups/)).toBeVisible();
  await dialog.getByLabel('IOMMU groups (shell loop output)').fill(fixture('groups-fuji'));
  await dialog.getByLabel('lspci -vvv -nn -PP output').fill(fixture('lspci-fuji-nnk'));
  await page.screenshot({ path: 'test-results/import-dialog.png' });
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();

  await expect(dialog).toBeHidden();
  const panel = page.getByRole('region', { name: 'Your machine' });
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('14 of 15 real groups match the sandbox');
  const real = panel.getByRole('region', { name: 'Real groups' });
  const predicted = panel.getByRole('region', { name: 'Sandbox predicts (Linux 6.1)' });
  await expect(real.getByRole('listitem').filter({ hasText: 'Group 2' }).first()).toContainText(
    '= sandbox group 2',
  );
  // The I350's ports match thanks to pci_quirk_mf_endpoint_acs, the chipset's root ports thanks to
  // pci_quirk_intel_spt_pch_acs; the note names both.
  await expect(
    real
      .getByRole('listitem')
      .filter({ hasText: /^Group 13(?!\d)/ })
      .first(),
  ).toContainText('= sandbox group 14');
  await expect(
    real
      .getByRole('listitem')
      .filter({ hasText: /^Group 1(?!\d)/ })
      .first(),
  ).toContainText('differs');
  await expect(predicted.getByText('00:1c.5').first()).toBeVisible();
  await expect(panel).toContainText('pci_quirk_intel_spt_pch_acs');
  await expect(panel).toContainText('pci_quirk_mf_endpoint_acs');
  const differences = panel.getByRole('region', { name: 'Differences' });
  await expect(differences.getByRole('listitem').filter({ hasText: 'Sandbox groups together' })).toHaveCount(
    0,
  );
  await expect(differences).toContainText('did not say which bridge 01:00.0 sits behind');
  // The rebuilt machine is what the sandbox now runs.
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('');
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'test-results/import-panel.png' });
  await real.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: 'test-results/import-panel-groups.png' });
  // A device of the predicted groups is one click from the inspector.
  await predicted.getByRole('button', { name: '00:1c.5' }).first().click();
  await expect(
    page.getByRole('complementary', { name: 'Inspector' }).getByRole('heading', { name: /00:1c\.5/ }),
  ).toBeVisible();
  await panel.getByRole('button', { name: 'Close' }).click();
  await expect(panel).toBeHidden();
});

test('hostile or garbled text lists the unread lines, renders nothing and keeps the sandbox', async ({
  page,
}) => {
  const alerts: string[] = [];
  page.on('dialog', (d) => {
    alerts.push(d.message());
    void d.dismiss();
  });
  await openApp(page);
  const before = await timeline(page).getByRole('list', { name: 'Steps' }).textContent();
  const dialog = await openDialog(page);
  await dialog
    .getByLabel('IOMMU groups (shell loop output)')
    .fill(
      `<script>alert(1)</script>\n<img src=x onerror="alert(2)">\n${'A'.repeat(5000)}\nIOMMU Group */devices/*: oops`,
    );
  await dialog.getByLabel('lspci -vvv -nn -PP output').fill('<b>not lspci</b>\n\u0000\u0007binary');
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();

  await expect(dialog.getByRole('alert')).toContainText('Nothing was imported; the sandbox is unchanged.');
  // Each box is marked and described by what went wrong.
  for (const box of ['IOMMU groups (shell loop output)', 'lspci -vvv -nn -PP output']) {
    await expect(dialog.getByLabel(box)).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.getByLabel(box)).toHaveAccessibleDescription(
      /^Nothing was imported; the sandbox is unchanged\./,
    );
  }
  const unread = dialog.getByRole('list', { name: 'Lines that could not be read' });
  await expect(unread.getByRole('listitem')).toHaveCount(6);
  await expect(unread).toContainText('<script>alert(1)</script>');
  await expect(unread).toContainText('longer than 1000 characters');
  await expect(dialog.locator('script, img, b')).toHaveCount(0);
  expect(alerts).toEqual([]);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('region', { name: 'Your machine' })).toHaveCount(0);
  await expect(timeline(page).getByRole('list', { name: 'Steps' })).toHaveText(before ?? '');
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('library/laptop.v6.1');
});

test('two pastes in each other’s boxes are called swapped, above the lines that could not be read', async ({
  page,
}) => {
  await openApp(page);
  const dialog = await openDialog(page);
  await dialog.getByLabel('IOMMU groups (shell loop output)').fill(fixture('lspci-fuji-nnk'));
  await dialog.getByLabel('lspci -vvv -nn -PP output').fill(fixture('groups-fuji'));
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText(
    'The two pastes look swapped: the IOMMU groups box holds lspci output and the lspci box the groups listing.',
  );
});

test('the groups alone are shown with a note that the topology needs lspci', async ({ page }) => {
  await openApp(page);
  const dialog = await openDialog(page);
  await dialog.getByLabel('IOMMU groups (shell loop output)').fill(fixture('groups-asrock-z170'));
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Your machine' });
  await expect(panel.getByRole('note')).toContainText('sudo lspci -vvv -nn -PP');
  await expect(panel.getByRole('region', { name: 'Real groups' })).toContainText('NVIDIA Corporation GM206');
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('library/laptop.v6.1');
  // The laptop still shown has devices at some of these addresses: they are not links to it.
  await expect(panel.getByRole('region', { name: 'Real groups' })).toContainText('00:14.0');
  await expect(panel.getByRole('region', { name: 'Real groups' }).getByRole('button')).toHaveCount(0);
  // The panel leaves the inspector in sight.
  const p = (await panel.boundingBox())!;
  const i = (await page.getByRole('complementary', { name: 'Inspector' }).boundingBox())!;
  expect(p.x + p.width).toBeLessThanOrEqual(i.x);
});
