// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useSandbox } from '../store';
import { App } from './App';
import { Timeline } from './Timeline';
import { resetStore } from './ui.helpers';

// The page loads these after its first paint; loaded here first, so that no import is still under
// way when the test environment is torn down. A returning visitor: no tour.
beforeAll(async () => {
  localStorage.setItem('iommu-sandbox/tour@1', 'seen');
  await Promise.all([import('../store/library'), import('./InspectorDetail')]);
});

beforeEach(() => {
  resetStore();
  useSandbox.getState().act({ op: 'unbind', device: '00:02.0' });
  useSandbox.getState().act({ op: 'dma', device: '00:02.0' }); // refused: no driver
});
afterEach(cleanup);

describe('Timeline', () => {
  it('labels each step with its op, target and answer, and moves between them', async () => {
    const user = userEvent.setup();
    render(<App />);
    const timeline = screen.getByRole('region', { name: 'Timeline' });
    expect(timeline.textContent).toMatch(/unbind 00:02\.0 ok/);
    expect(timeline.textContent).toMatch(/dma 00:02\.0 refused/);
    const slider = screen.getByRole('slider', { name: 'Step' });
    expect(slider.getAttribute('aria-valuetext')).toMatch(/2: dma 00:02\.0 — refused/);
    await user.click(screen.getByRole('button', { name: 'Step back' }));
    expect(useSandbox.getState().cursor).toBe(1);
    await user.click(screen.getByRole('button', { name: 'Reset' }));
    expect(useSandbox.getState().cursor).toBe(0);
    await user.click(screen.getByRole('button', { name: 'Step forward' }));
    expect(useSandbox.getState().cursor).toBe(1);
    fireEvent.change(slider, { target: { value: '2' } });
    expect(useSandbox.getState().cursor).toBe(2);
  });

  it('undoes with Ctrl+Z and redoes with Ctrl+Shift+Z and Ctrl+Y, but not while typing', async () => {
    const user = userEvent.setup();
    render(<App />);
    expect(useSandbox.getState().scenario.steps).toHaveLength(3);
    await user.keyboard('{Control>}z{/Control}');
    expect(useSandbox.getState().scenario.steps).toHaveLength(2);
    await user.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
    expect(useSandbox.getState().scenario.steps).toHaveLength(3);
    await user.keyboard('{Control>}z{/Control}');
    await user.keyboard('{Control>}y{/Control}');
    expect(useSandbox.getState().scenario.steps).toHaveLength(3);

    await user.click(screen.getByRole('textbox', { name: 'Kernel command line' }));
    await user.keyboard('{Control>}z{/Control}');
    expect(useSandbox.getState().scenario.steps).toHaveLength(3);
  });

  it('a refused step viewed later says in the log what the kernel answered', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click(screen.getByRole('button', { name: 'Step back' }));
    await user.click(screen.getByRole('button', { name: 'Step forward' }));
    const log = screen.getByRole('list', { name: 'Kernel messages' });
    expect(log.textContent).toMatch(/The kernel refused the step: -\w+/);
    expect(log.textContent).not.toMatch(/No messages in this step/);
  });

  it('names a crash with a very long command line in a chip of ordinary width', () => {
    const store = useSandbox.getState();
    store.boot();
    store.act({ op: 'crash', cmdline: `quiet ${'x'.repeat(2100)}` });
    render(<Timeline />);
    const chip = screen.getByRole('button', { name: /crash cmdline=/ });
    expect(chip.textContent!.length).toBeLessThan(80);
    expect(chip.textContent).toContain('…');
  });

  it('says a step in which the kernel died crashed, not that it was refused', async () => {
    const store = useSandbox.getState();
    // 5.3: binding a host driver inside a group vfio holds hits BUG_ON (E9). The two functions
    // share a group: one goes to vfio-pci, the other is left without a driver.
    store.editDraft({ kernel: 'v5.3' });
    store.boot();
    const machine = () => useSandbox.getState().runs.at(-1)!.machine;
    const group = machine().devices['01:00.0']!.group!;
    for (const bdf of machine().groups[String(group)]!.devices)
      if (machine().devices[bdf]!.driver) store.act({ op: 'unbind', device: bdf });
    store.act({ op: 'bind', device: '01:00.0', driver: 'vfio-pci' });
    store.act({ op: 'vfio-claim', group });
    store.act({ op: 'bind', device: '01:00.1', driver: 'igb' });
    render(<App />);
    const timeline = screen.getByRole('region', { name: 'Timeline' });
    expect(timeline.textContent).toMatch(/bind 01:00\.1 igb crashed/);
    expect(useSandbox.getState().notice?.title).toBe('The kernel crashed in this step');
  });
});
