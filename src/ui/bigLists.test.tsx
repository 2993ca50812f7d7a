// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateDevices } from '../bench/generate';
import type { Scenario } from '../kernel/types';
import { useSandbox } from '../store';
import { TREE_WINDOW } from './DeviceTree';
import { EventLog, LOG_PAGE } from './EventLog';
import { Inspector } from './Inspector';
import { resetStore } from './ui.helpers';

/** A generated machine big enough that both lists are drawn only in part. */
const BIG: Scenario = {
  format: 'iommu-sandbox/scenario@1',
  name: 'big',
  kernel: 'v6.1',
  cmdline: 'intel_iommu=on',
  devices: generateDevices(240),
  steps: [{ op: 'boot' }],
};

beforeEach(() => resetStore(BIG));
afterEach(cleanup);

describe('the lists of a big machine', () => {
  it('draws a window of the device list whose arrow keys, Home and End reach every item', async () => {
    const user = userEvent.setup();
    render(<Inspector />);
    const list = screen.getByRole('navigation', { name: 'Devices and groups' });
    const first = await within(list).findByRole('button', { name: /^IOMMU group 0/ });
    const drawn = () => list.querySelectorAll('[data-tree-key]').length;
    expect(drawn()).toBe(TREE_WINDOW);
    const active = () => (document.activeElement as HTMLElement).dataset.treeKey;
    first.focus();
    const seen = [active()];
    // One Tab stop at a time, and every ArrowDown reaches the next item, past the window's edge too.
    for (;;) {
      // fireEvent: hundreds of keystrokes through user-event would take seconds.
      await act(async () => {
        fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'ArrowDown' });
      });
      if (active() === seen.at(-1)) break;
      seen.push(active());
      expect(list.querySelectorAll('[tabindex="0"]').length).toBe(1);
    }
    const m = useSandbox.getState().runs.at(-1)!.machine;
    const devices = seen.filter((k) => k?.startsWith('device:'));
    expect(new Set(devices).size).toBe(Object.keys(m.devices).length);
    expect(seen.filter((k) => k?.startsWith('domain:')).length).toBe(Object.keys(m.domains).length);
    expect(drawn()).toBeLessThanOrEqual(TREE_WINDOW);
    await user.keyboard('{Home}');
    expect(active()).toBe('group:0');
    await user.keyboard('{End}');
    expect(active()).toBe(seen.at(-1));
    await user.keyboard('{Enter}');
    expect(useSandbox.getState().selection?.kind).toBe('domain');
  }, 30_000);

  it('follows a selection made elsewhere, and pages with its buttons', async () => {
    const user = userEvent.setup();
    render(<Inspector />);
    const list = screen.getByRole('navigation', { name: 'Devices and groups' });
    await within(list).findByRole('button', { name: /^IOMMU group 0/ });
    const m = useSandbox.getState().runs.at(-1)!.machine;
    const last = Object.values(m.devices).at(-1)!.bdf;
    useSandbox.getState().select({ kind: 'device', id: last });
    await waitFor(() => expect(list.querySelector(`[data-tree-key="device:${last}"]`)).toBeTruthy());
    await user.click(within(list).getByRole('button', { name: /items before/ }));
    expect(document.activeElement?.getAttribute('tabindex')).toBe('0');
    expect(list.querySelectorAll('[data-tree-key]').length).toBe(TREE_WINDOW);
  });

  it('draws the log a page at a time; Show more goes on to the first new line', async () => {
    const user = userEvent.setup();
    render(<EventLog />);
    const log = screen.getByRole('list', { name: 'Kernel messages' });
    const total = useSandbox.getState().runs.at(-1)!.events.length;
    expect(total).toBeGreaterThan(LOG_PAGE);
    expect(log.querySelectorAll('.log-row').length).toBe(LOG_PAGE);
    await user.click(within(log).getByRole('button', { name: /^Show \d+ more/ }));
    const rows = log.querySelectorAll('.log-row');
    expect(rows.length).toBe(Math.min(total, 2 * LOG_PAGE));
    expect(document.activeElement).toBe(rows[LOG_PAGE]);
    expect(screen.getByText(`${total} of ${total}`)).toBeTruthy();
  });

  it('filters the log by a device named in a field whose suggestions narrow as one types', async () => {
    const user = userEvent.setup();
    render(<EventLog />);
    const field = screen.getByRole('combobox', { name: 'Filter by device' });
    const suggested = () =>
      [...(field as HTMLInputElement).list!.querySelectorAll('option')].map((o) => o.value);
    const events = useSandbox.getState().runs.at(-1)!.events;
    const withDevice = [...new Set(events.flatMap((e) => (e.device ? [e.device] : [])))];
    expect(withDevice.length).toBeGreaterThan(100);
    expect(suggested().length).toBe(100);
    const count = () => screen.getByText(/^\d+ of \d+$/).textContent;

    // Part of an address: every device whose address holds it, in the log and among the suggestions.
    await user.type(field, '0001:02:00.');
    const part = withDevice.filter((d) => d.includes('0001:02:00.'));
    expect(part.length).toBeGreaterThan(1);
    expect(suggested()).toEqual(part.sort());
    const partLines = events.filter((e) => e.device && part.includes(e.device)).length;
    expect(count()).toBe(`${partLines} of ${events.length}`);

    // A whole address is that device only, not the device of another segment that ends the same.
    await user.clear(field);
    await user.type(field, '01:00.0');
    expect(withDevice).toContain('0001:01:00.0');
    expect(suggested()).toEqual(['01:00.0']);
    expect(count()).toBe(`${events.filter((e) => e.device === '01:00.0').length} of ${events.length}`);
  });
});
