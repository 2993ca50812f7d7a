/**
 * Compare mode beyond the page: a share link that carries both worlds (old links still open the
 * single page), a reload that keeps it, and the exported image of both panes as SVG and PNG.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import LZString from 'lz-string';
import { openApp, timeline } from './app-helpers';
import { differences, paneFaults, paneGraph, pickComparison } from './compare-helpers';

test('a share link made in compare mode reopens both worlds at the same step', async ({ page, context }) => {
  await openApp(page);
  await pickComparison(page, /^kdump-multidev/);
  await timeline(page)
    .getByRole('button', { name: /^2 dma 01:00\.0/ })
    .click();
  await page.getByRole('button', { name: 'Share link' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link URL' }).inputValue();

  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByRole('button', { name: 'Compare' })).toHaveAttribute('aria-pressed', 'true');
  await expect(other.getByRole('combobox', { name: 'Comparison' })).toHaveValue('kdump-multidev');
  await expect(other.getByRole('combobox', { name: 'Kernel (left)' })).toHaveValue('v5.11');
  await expect(other.getByRole('combobox', { name: 'Kernel (right)' })).toHaveValue('v6.1');
  await expect(other.getByRole('checkbox', { name: 'kdump kernel (right)', exact: true })).toBeChecked();
  await expect(timeline(other).getByRole('slider', { name: 'Step' })).toHaveValue('2');
  // The function whose -EINVAL decided: iommu_attach_device() refuses a group of two.
  await expect(differences(other).getByRole('button', { name: /^answer .*-EINVAL/ })).toContainText(
    'Left via iommu_attach_device()',
  );
  await expect(paneGraph(other, 'right').getByRole('group', { name: /^Device 01:00\.0/ })).toBeVisible();
});

test('a share link keeps the kernel logs showing only the lines that differ, on a laptop screen too', async ({
  page,
  context,
}) => {
  await openApp(page);
  await pickComparison(page, /^si-free/);
  await expect(timeline(page).getByRole('slider', { name: 'Step' })).toHaveValue('1');
  const logs = page.getByRole('region', { name: 'Kernel logs of both worlds' });
  await logs.getByRole('checkbox', { name: 'Only lines that differ' }).check();
  await expect(logs.getByRole('list', { name: 'Kernel messages (left)' }).getByRole('button')).toHaveCount(1);
  await page.getByRole('button', { name: 'Share link' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link URL' }).inputValue();

  // A smaller screen opens compare mode with the logs folded; the link unfolds them.
  const other = await context.newPage();
  await other.setViewportSize({ width: 1280, height: 720 });
  await other.goto(link);
  const shared = other.getByRole('region', { name: 'Kernel logs of both worlds' });
  await expect(shared.getByRole('checkbox', { name: 'Only lines that differ' })).toBeChecked();
  await expect(shared.getByRole('list', { name: 'Kernel messages (left)' }).getByRole('button')).toHaveCount(
    1,
  );
  await expect(shared.getByRole('list', { name: 'Kernel messages (left)' })).toContainText(
    'si_domain is static: not freed',
  );
});

test('a link from before compare mode (format 1) still opens the single page', async ({ page }) => {
  const scenario = JSON.parse(
    readFileSync(
      new URL('../scenarios/examples/e07-si-domain-freed-on-group-release.v5.3.json', import.meta.url),
      'utf8',
    ),
  );
  const hash = LZString.compressToEncodedURIComponent(JSON.stringify({ v: 1, scenario, cursor: 1 }));
  await openApp(page, `/#s=${hash}`);
  await expect(page.getByRole('button', { name: 'Compare' })).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByRole('region', { name: 'Graph', exact: true })).toBeVisible();
  await expect(timeline(page).getByRole('slider', { name: 'Step' })).toHaveValue('1');
});

test('Export image saves both panes as SVG and as PNG', async ({ page }) => {
  await openApp(page);
  await pickComparison(page, /^si-free/);
  await expect(paneFaults(page, 'right')).toContainText('Use-after-free');
  await page.waitForTimeout(600); // both panes laid out

  const [svgFile] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export image (SVG)' }).click(),
  ]);
  expect(svgFile.suggestedFilename()).toBe('iommu-comparison-step-1.svg');
  const svg = readFileSync(await svgFile.path(), 'utf8');
  expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  for (const text of [
    'Left: v5.3',
    'Right: v5.3',
    'without: si_domain is never freed',
    'use-after-free',
    '00:03.0',
  ])
    expect(svg).toContain(text);

  const [pngFile] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export image (PNG)' }).click(),
  ]);
  const png = readFileSync(await pngFile.path());
  expect([...png.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
  expect(png.length).toBeGreaterThan(20_000);
  await pngFile.saveAs('test-results/compare-export.png');
});

test('compare mode survives a reload, with both worlds and the viewed step', async ({ page }) => {
  await openApp(page);
  await pickComparison(page, /^si-free/);
  await expect(paneFaults(page, 'right')).toContainText('Use-after-free at step 1');
  await page.waitForTimeout(500); // the save is debounced
  await page.reload();
  await expect(page.getByRole('button', { name: 'Compare' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('checkbox', { name: 'si_domain is never freed (right)' })).not.toBeChecked();
  await expect(timeline(page).getByRole('slider', { name: 'Step' })).toHaveValue('1');
  await expect(paneFaults(page, 'right')).toContainText('Use-after-free at step 1');
  await expect(paneFaults(page, 'left')).toHaveText('No faults');
});

test('Export scenario in compare mode saves the left world and says so', async ({ page }) => {
  await openApp(page);
  await pickComparison(page, /^si-free/);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export scenario' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^E7.*\.json$/);
  await expect(
    page.getByRole('status').filter({ hasText: "Exported the left world's scenario" }),
  ).toContainText('Share link keeps both worlds');
});
