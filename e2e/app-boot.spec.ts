import { expect, test } from '@playwright/test';
import { eventLog, fact, inspector, openApp, selectInList, timeline } from './app-helpers';

test('iommu=pt and Boot turn the groups identity', async ({ page }) => {
  await openApp(page);
  const cmdline = page.getByRole('textbox', { name: 'Kernel command line' });
  await cmdline.fill('ro quiet iommu=pt');
  await expect(page.getByRole('list', { name: 'Parsed parameters' }).getByText('iommu=pt')).toBeVisible();
  await page.getByRole('button', { name: 'Boot', exact: true }).click();
  await selectInList(page, /IOMMU group 0/);
  await expect(fact(page, 'sysfs type')).toHaveText('identity');
  await selectInList(page, /IOMMU group 9/);
  await expect(fact(page, 'sysfs type')).toHaveText('identity');
  // The Thunderbolt dock is untrusted: it keeps a DMA domain even under iommu=pt.
  await selectInList(page, /IOMMU group 10/);
  await expect(fact(page, 'sysfs type')).toHaveText('DMA');
});

test('a garbled command line is flagged with the kernel message and still boots', async ({ page }) => {
  await openApp(page);
  const field = page.getByRole('textbox', { name: 'Kernel command line' });
  await expect(field).toHaveAccessibleDescription('');
  await field.fill('iommu.passthrough=maybe');
  const problems = page.getByRole('list', { name: 'Command-line problems' });
  await expect(problems.getByText("Malformed early option 'iommu.passthrough'")).toBeVisible();
  // A screen reader back on the field hears what is wrong, not the names of the lists.
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription('Problems: iommu.passthrough=maybe — malformed');
  await page.getByRole('button', { name: 'Boot', exact: true }).click();
  await page
    .getByRole('region', { name: 'Timeline' })
    .getByRole('button', { name: /^0 boot/ })
    .click();
  await expect(
    page.getByRole('region', { name: 'Event log' }).getByText("Malformed early option 'iommu.passthrough'"),
  ).toBeVisible();
});

test('a kdump kernel defers the attach', async ({ page }) => {
  await openApp(page);
  await page.getByRole('checkbox', { name: 'kdump kernel', exact: true }).check();
  await page.getByRole('button', { name: 'Boot', exact: true }).click();
  await selectInList(page, /02:00\.0 NVMe SSD/);
  await expect(fact(page, 'Attach')).toHaveText('deferred');
  await expect(fact(page, 'DMA')).toHaveText(/crashed kernel/);
  // Its first DMA map performs the deferred attach.
  await inspector(page).getByRole('button', { name: 'First DMA' }).click();
  await expect(fact(page, 'Attach')).toHaveText('attached');
});

test('Boot while a later step is shown offers the boot’s own messages, a click away', async ({ page }) => {
  await openApp(page);
  // The laptop opens on its hot-add step.
  await page.getByRole('checkbox', { name: 'kdump kernel', exact: true }).check();
  await page.getByRole('button', { name: 'Boot', exact: true }).click();
  await page.getByRole('button', { name: 'Show the boot' }).click();
  const boot = timeline(page).getByRole('button', { name: /^0 boot/ });
  await expect(boot).toHaveAttribute('aria-current', 'step');
  // The button went with the notice: focus is on the step it showed, which names it.
  await expect(boot).toBeFocused();
  await expect(
    eventLog(page)
      .getByText(/Copied translation tables from previous kernel/)
      .first(),
  ).toBeVisible();
});

test('review-fix switches follow the kernel', async ({ page }) => {
  await openApp(page);
  await page.getByRole('combobox', { name: 'Kernel' }).selectOption('v5.3');
  await expect(page.getByRole('checkbox', { name: 'si_domain is never freed' })).toBeChecked();
  await expect(
    page.getByRole('checkbox', { name: 'the deferred attach happens before the identity check' }),
  ).not.toBeChecked();
  await page.getByRole('combobox', { name: 'Kernel' }).selectOption('v5.1');
  await expect(page.getByRole('checkbox', { name: 'si_domain is never freed' })).toHaveCount(0);
});

test('booted on another kernel, the scenario’s description says which kernel it was written for', async ({
  page,
}) => {
  await openApp(page);
  const description = page.getByRole('banner').getByRole('paragraph');
  const written = (await description.textContent()) ?? '';
  expect(written).toMatch(/Debian's 6\.1 kernel/);
  const kernel = page.getByRole('combobox', { name: 'Kernel' });
  await kernel.selectOption('v5.3');
  const booted = page.getByRole('region', { name: 'Kernel and boot' }).getByRole('status');
  await expect(booted).toHaveText('Changed: Boot runs the scenario again with these settings.');
  await page.getByRole('button', { name: 'Boot', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Running v5.3' })).toBeVisible();
  await expect(booted).toHaveText(/^Booted v5\.3 with these settings\.\s?$/);
  // A second Boot, the same settings: said again (in words that change, so that they are heard).
  const first = await booted.textContent();
  await page.getByRole('button', { name: 'Boot', exact: true }).click();
  await expect.poll(() => booted.textContent()).not.toBe(first);
  await expect(booted).toHaveText(/^Booted v5\.3 with these settings\.\s?$/);
  await expect(description).toHaveText(`Written for v6.1; booted here on v5.3. ${written}`);
  await kernel.selectOption('v6.1');
  await page.getByRole('button', { name: 'Boot', exact: true }).click();
  await expect(description).toHaveText(written);
});

test('Crash with… boots the kdump kernel with its own command line: VT-d off corrupts memory under DMA in flight', async ({
  page,
}) => {
  await openApp(page);
  await selectInList(page, /02:00\.0 NVMe SSD/);
  await inspector(page).getByRole('button', { name: 'First DMA' }).click();
  await page.getByRole('button', { name: 'Crash with…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Crash into the kdump kernel' });
  const field = dialog.getByRole('textbox', { name: 'kdump kernel command line' });
  // Read as the kdump kernel will read it, as the Boot panel's field is.
  await field.fill('intel_iommu=of iommu.passthrough=maybe');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByRole('list', { name: 'Command-line problems' })).toContainText(
    "Malformed early option 'iommu.passthrough'",
  );
  await expect(field).toHaveAccessibleDescription(
    /Problems: intel_iommu=of — ignored; iommu\.passthrough=maybe/,
  );
  await field.fill('intel_iommu=off');
  await expect(field).toHaveAttribute('aria-invalid', 'false');
  await dialog.getByRole('button', { name: 'Crash', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Running v6.1 (kdump kernel)' })).toBeVisible();
  await expect(timeline(page).getByRole('button', { name: /crash cmdline="intel_iommu=off"/ })).toBeVisible();
  // Its driver resets it when it binds in the kdump kernel, but not before the switch-off.
  await expect(eventLog(page).getByText(/02:00\.0 still DMAs to the crashed kernel's IOVAs/)).toBeVisible();
  // Every bound device was DMAing (drivers set up their rings at probe); the 1:1-mapped iGPU's DMA
  // still lands where it should.
  await expect(page.getByRole('status').getByText(/^\d+ faults$/)).toBeVisible();
  await expect(eventLog(page).getByText(/00:02\.0 still DMAs/)).toHaveCount(0);

  // Reboot: a cold start into the scenario's own kernel, VT-d on again.
  await page.getByRole('button', { name: 'Reboot' }).click();
  await expect(
    timeline(page)
      .getByRole('button', { name: /^\d+ boot ok/ })
      .last(),
  ).toHaveAttribute('aria-current', 'step');
  await expect(page.getByRole('status').filter({ hasText: /^Running v6\.1/ })).not.toContainText('kdump');
  await expect(
    eventLog(page).getByText('DMAR: Intel(R) Virtualization Technology for Directed I/O'),
  ).toBeVisible();
});

test('the Machine section switches a platform fact: caching mode (a virtual VT-d) turns lazy flushing off', async ({
  page,
}) => {
  await openApp(page);
  await page.getByText('Machine', { exact: true }).click();
  const cm = page.getByRole('checkbox', { name: 'Caching mode (virtual VT-d)' });
  await expect(cm).not.toBeChecked();
  await expect(eventLog(page).getByText(/batching disallowed/)).toHaveCount(0);
  await cm.check();
  await page.getByRole('button', { name: 'Boot', exact: true }).click();
  await timeline(page)
    .getByRole('button', { name: /^0 boot/ })
    .click();
  await expect(
    eventLog(page).getByText('DMAR: IOMMU batching disallowed due to virtualization'),
  ).toBeVisible();
});
