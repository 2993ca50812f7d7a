/**
 * The graph canvas end to end: groups and domains drawn, nodes draggable with positions kept across
 * a reload, Re-layout and Fit view, selection by click and keyboard, and screenshots to look at.
 */
import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page, test } from '@playwright/test';
import LZString from 'lz-string';
import { openApp } from './app-helpers';

const example = (file: string) =>
  JSON.parse(readFileSync(new URL(`../scenarios/examples/${file}`, import.meta.url), 'utf8')) as {
    steps: unknown[];
  };

/** A share link opening an example scenario at a step (last by default). */
function linkTo(file: string, cursor?: number): string {
  const scenario = example(file);
  const payload = { v: 1, scenario, cursor: cursor ?? scenario.steps.length - 1 };
  return `/#s=${LZString.compressToEncodedURIComponent(JSON.stringify(payload))}`;
}

const graphOf = (page: Page) => page.getByRole('region', { name: 'Graph', exact: true });

/** The graph with ELK's layout applied ("laying out…" goes once ELK has answered). */
async function openGraph(page: Page, url = '/'): Promise<Locator> {
  await page.goto(url);
  const graph = graphOf(page);
  await expect(graph.getByRole('group', { name: /^IOMMU group \d+/ }).first()).toBeVisible();
  await expect(graph.getByText('laying out…')).toHaveCount(0);
  await page.waitForTimeout(600); // the glide to ELK's positions and the initial fit
  return graph;
}

/** A node's position in flow coordinates, from React Flow's transform. */
async function positionOf(node: Locator): Promise<{ x: number; y: number }> {
  const t = await node.evaluate((el) => (el as HTMLElement).style.transform);
  const m = /translate\(([-\d.]+)px, ?([-\d.]+)px\)/.exec(t);
  if (!m) throw new Error(`no translate in "${t}"`);
  return { x: Number(m[1]), y: Number(m[2]) };
}

async function drag(page: Page, node: Locator, dx: number, dy: number) {
  const box = (await node.boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + Math.min(24, box.height / 2);
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y + dy / 2, { steps: 8 });
  await page.mouse.move(x + dx, y + dy, { steps: 8 });
  await page.mouse.up();
}

test('the graph shows the default machine (laptop): groups with devices, DMA-FQ domains, a legend', async ({
  page,
}) => {
  const graph = await openGraph(page);
  await expect(graph.getByRole('group', { name: /^IOMMU group \d+, type DMA-FQ$/ })).not.toHaveCount(0);
  await expect(graph.getByRole('group', { name: /^Domain d\d+, DMA-FQ$/ })).not.toHaveCount(0);
  await expect(
    graph.getByRole('group', { name: /^Device 00:14\.0 USB 3\.2 xHCI, group \d+, DMA translated$/ }),
  ).toBeVisible();
  await expect(graph.getByRole('region', { name: 'Legend' })).toBeVisible();
  await graph.screenshot({ path: 'test-results/graph.png' });
  await page.screenshot({ path: 'test-results/graph-page.png' });
});

test('dragging a node moves it, the position survives a reload, Re-layout puts it back', async ({ page }) => {
  const graph = await openGraph(page);
  const label = await graph
    .getByRole('group', { name: /^Domain d\d+, DMA-FQ$/ })
    .first()
    .getAttribute('aria-label');
  // The node by its name, picked by the drag or not (the picked node's name ends ", selected").
  const named = new RegExp(`^${label}(, selected)?$`);
  const domain = graph.getByRole('group', { name: named });
  const before = await positionOf(domain);
  await drag(page, domain, -160, 90);
  const after = await positionOf(domain);
  expect(Math.abs(after.x - before.x)).toBeGreaterThan(40);
  expect(Math.abs(after.y - before.y)).toBeGreaterThan(20);

  await page.waitForTimeout(500); // persistence writes at most every 300 ms
  await page.reload();
  const again = graphOf(page).getByRole('group', { name: named });
  await expect(again).toBeVisible();
  await expect.poll(() => positionOf(again)).toEqual(after);

  await graphOf(page).getByRole('button', { name: 'Re-layout', exact: true }).click();
  await expect.poll(() => positionOf(again)).toEqual(before);
});

test('Fit view brings every node back into view', async ({ page }) => {
  const graph = await openGraph(page);
  const zoomIn = graph.getByRole('button', { name: 'Zoom In' });
  for (let i = 0; i < 5; i++) await zoomIn.click();
  await graph.getByRole('button', { name: 'Fit view', exact: true }).click();
  await page.waitForTimeout(600);
  const area = (await graph.boundingBox())!;
  for (const node of await graph.locator('.react-flow__node').all()) {
    const b = (await node.boundingBox())!;
    expect(b.x).toBeGreaterThanOrEqual(area.x - 1);
    expect(b.y).toBeGreaterThanOrEqual(area.y - 1);
    expect(b.x + b.width).toBeLessThanOrEqual(area.x + area.width + 1);
    expect(b.y + b.height).toBeLessThanOrEqual(area.y + area.height + 1);
  }
});

test('clicking a node or pressing Enter on it selects it', async ({ page }) => {
  const graph = await openGraph(page);
  const nic = graph.getByRole('group', { name: /^Device 00:02\.0 / });
  await nic.click();
  await expect(nic).toHaveClass(/\bselected\b/);
  const group = graph.getByRole('group', { name: /^IOMMU group \d+/ }).first();
  await group.focus();
  await page.keyboard.press('Enter');
  await expect(group).toHaveClass(/\bselected\b/);
  await expect(nic).not.toHaveClass(/\bselected\b/);
  // From the keyboard a node is picked, never moved: the arrows leave it where the layout put it.
  await nic.focus();
  await page.keyboard.press('Enter');
  const before = await positionOf(nic);
  for (const key of ['ArrowRight', 'ArrowDown', 'ArrowRight']) await page.keyboard.press(key);
  expect(await positionOf(nic)).toEqual(before);
});

test('a zoom the user chose stays when a panel over the graph opens or closes', async ({ page }) => {
  const graph = await openGraph(page);
  const zoom = () =>
    graph
      .locator('.react-flow__viewport')
      .evaluate((el) => Number(/scale\(([\d.]+)\)/.exec((el as HTMLElement).style.transform)?.[1]));
  const before = await zoom();
  const box = (await graph.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 4; i++) await page.mouse.wheel(0, 120);
  await page.waitForTimeout(400);
  const chosen = await zoom();
  expect(chosen).toBeLessThan(before * 0.8);
  await graph.getByRole('button', { name: 'Legend', exact: true }).click();
  await page.waitForTimeout(600);
  await graph.getByRole('button', { name: 'Legend', exact: true }).click();
  await page.waitForTimeout(600);
  expect(await zoom()).toBeCloseTo(chosen, 3);
});

test('a graph the legend made smaller takes its room back when the legend closes', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const graph = await openGraph(page);
  const zoom = () =>
    graph
      .locator('.react-flow__viewport')
      .evaluate((el) => Number(/scale\(([\d.]+)\)/.exec((el as HTMLElement).style.transform)?.[1]));
  await graph.getByRole('button', { name: 'Fit view' }).click();
  await page.waitForTimeout(600);
  const fitted = await zoom();
  await graph.getByRole('button', { name: 'Legend', exact: true }).click();
  await expect.poll(zoom).toBeLessThan(fitted * 0.9);
  await graph.getByRole('button', { name: 'Legend', exact: true }).click();
  await expect.poll(zoom).toBeCloseTo(fitted, 2);
});

test('Tab reaches Fit view, Re-layout, the legend beside them and the skip link past the graph before the nodes', async ({
  page,
}) => {
  const graph = await openGraph(page);
  // A big machine's nodes are hundreds of Tab stops: the toolbar must not come after them.
  await graph.getByRole('group').first().focus();
  await page.keyboard.press('Shift+Tab');
  await expect(graph.getByRole('button', { name: 'Skip past the graph' })).toBeFocused();
  // The legend (folded at this width) is drawn at the top right, beside the toolbar: it comes with it.
  await page.keyboard.press('Shift+Tab');
  await expect(graph.getByRole('button', { name: 'Legend', exact: true })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(graph.getByRole('button', { name: 'Re-layout' })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(graph.getByRole('button', { name: 'Fit view' })).toBeFocused();
});

test('in a narrow window, picking a node brings the inspector, stacked below, into view', async ({
  page,
}) => {
  await page.setViewportSize({ width: 900, height: 900 });
  const graph = await openGraph(page);
  await graph.getByRole('group', { name: /^Device 02:00\.0 / }).click();
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await expect(inspector.getByRole('heading', { name: /02:00\.0/ })).toBeInViewport();
});

test('E3: the 32-bit function has a private edge to its own domain', async ({ page }) => {
  const graph = await openGraph(page, linkTo('e03-32bit-function-in-two-function-group.v5.3.json', 2));
  await expect(graph.getByRole('group', { name: /^Domain d\d+, DMA/ }).first()).toBeVisible();
  await expect(graph.locator('.edge-driver-view')).toHaveCount(1);
  await graph.screenshot({ path: 'test-results/graph-e03.png' });
});

test('a step glows where it changed things; an event chosen in the log marks its nodes', async ({ page }) => {
  const graph = await openGraph(page, linkTo('e03-32bit-function-in-two-function-group.v5.3.json', 1));
  await expect(graph.locator('.edge-driver-view')).toHaveCount(0);
  await page.getByRole('button', { name: 'Step forward', exact: true }).click();
  const f1 = graph.getByRole('group', { name: /^Device 01:00\.1 ctl-f1, / });
  await expect(f1).toHaveClass(/\bchanged\b/);
  await expect(graph.getByRole('group', { name: /^Device 00:1c\.0, / })).not.toHaveClass(/\bchanged\b/);
  await expect(graph.locator('.edge-driver-view')).toHaveCount(1);

  const log = page.getByRole('region', { name: 'Event log' });
  await log
    .getByRole('button', { name: /01:00\.1/ })
    .first()
    .click();
  await expect(f1).toHaveClass(/\bfocused\b/);
});

test('E7 without the guard: si_domain freed and faults marked in red', async ({ page }) => {
  const graph = await openGraph(page, linkTo('e07-si-domain-freed-on-group-release.no-si-guard.v5.3.json'));
  await expect(
    graph.getByRole('group', { name: /^Domain d\d+, identity, si_domain, freed at step \d+/ }),
  ).toBeVisible();
  await expect(graph.locator('.fault-badge').first()).toBeVisible();
  await graph.screenshot({ path: 'test-results/graph-e07.png' });
});

test('E8 kdump: devices show their deferred attach', async ({ page }) => {
  const graph = await openGraph(page, linkTo('e08-kdump-deferred-attach.v5.7.json', 0));
  await expect(graph.getByRole('group', { name: /^Device 00:03\.0 nvme, .*attach deferred/ })).toBeVisible();
  await graph.screenshot({ path: 'test-results/graph-e08.png' });
});

test('a node picked in the graph comes into view in the inspector’s list', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const graph = await openGraph(page);
  const list = page.getByRole('complementary', { name: 'Inspector' }).getByRole('navigation');
  const last = list.getByRole('button').last();
  await expect(last).not.toBeInViewport();
  // The list's last entry is the last domain: pick its node in the graph.
  const id = ((await last.textContent()) ?? '').trim().split(/\s/)[0]!;
  await graph.getByRole('group', { name: new RegExp(`^Domain ${id},`) }).click();
  await expect(last).toBeInViewport();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
});

test('a kernel panic is said under the graph, covering none of its nodes', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page);
  const actions = page.getByRole('group', { name: 'Machine actions' });
  await actions.getByRole('button', { name: 'Crash', exact: true }).click();
  await actions.getByRole('button', { name: 'Crash', exact: true }).click();
  const graph = page.getByRole('region', { name: 'Graph', exact: true });
  const banner = graph
    .getByRole('alert')
    .filter({ hasText: 'Kernel panic: the machine is dead until Reboot.' });
  await expect(banner).toBeVisible();
  const b = (await banner.boundingBox())!;
  const nodes = graph.getByRole('group', { name: /^(Device|IOMMU group|Domain)/ });
  expect(await nodes.count()).toBeGreaterThan(10);
  for (const box of await nodes.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()))) {
    const apart =
      box.bottom <= b.y || box.top >= b.y + b.height || box.right <= b.x || box.left >= b.x + b.width;
    expect(apart, JSON.stringify(box)).toBe(true);
  }
});

test('on a laptop the event log folds to its title row and the graph takes its height, also after a reload', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp(page);
  const graph = page.getByRole('region', { name: 'Graph', exact: true });
  const log = page.getByRole('region', { name: 'Event log' });
  const lines = log.getByRole('button', { name: 'Lines' });
  const height = async () => (await graph.boundingBox())?.height ?? 0;
  const node = graph.getByRole('group', { name: /^Device 00:14\.0/ });
  const nodeHeight = async () => (await node.boundingBox())?.height ?? 0;
  const before = await height();
  const unfolded = await nodeHeight();
  await expect(lines).toHaveAttribute('aria-expanded', 'true');
  await lines.click();
  await expect(lines).toHaveAttribute('aria-expanded', 'false');
  await expect(log.getByRole('list', { name: 'Kernel messages' })).toBeHidden();
  await expect(log.getByText('5 of 5')).toBeVisible();
  await expect.poll(height).toBeGreaterThan(before + 150);
  // The graph is fitted to the taller canvas, not left at the size it had: drawn bigger.
  await expect.poll(nodeHeight).toBeGreaterThan(unfolded * 1.04);
  await page.reload();
  await expect(lines).toHaveAttribute('aria-expanded', 'false');
  // Unfolded, the graph is fitted to the shorter canvas again.
  await lines.click();
  await expect(log.getByRole('list', { name: 'Kernel messages' })).toBeVisible();
  await expect.poll(nodeHeight).toBeLessThan(unfolded * 1.02);
});
