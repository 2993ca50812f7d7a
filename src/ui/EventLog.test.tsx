// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useSandbox } from '../store';
import { EventLog } from './EventLog';
import { resetStore } from './ui.helpers';

beforeEach(() => resetStore());
afterEach(cleanup);

// The refusal heading the viewed step's lines.
const refusal = () => screen.getByRole('list', { name: 'Kernel messages' }).querySelector('.log-refusal')!;

describe("EventLog's refusal line", () => {
  it('names the kernel function that gave the errno, as an event names its own', () => {
    const store = useSandbox.getState();
    const group = store.runs.at(-1)!.machine.devices['00:02.0']!.group!;
    // A bound device, or a group of several: iommu_group_store_type refuses either.
    store.act({ op: 'set-group-type', group, value: 'identity' });
    render(<EventLog />);
    expect(refusal().textContent).toMatch(
      /^The kernel refused the step: -E[A-Z]+: .* iommu_group_store_type\(\)$/,
    );
    const fn = refusal().querySelector('code.fn');
    expect(fn?.textContent).toBe('iommu_group_store_type()');
    expect(refusal().querySelector('.log-note-tag')).toBeNull();
  });

  it("tags a refusal of the sandbox's own as its notes are, with the function the step stands for", () => {
    const store = useSandbox.getState();
    store.act({ op: 'unbind', device: '00:02.0' });
    store.act({ op: 'dma', device: '00:02.0' });
    render(<EventLog />);
    expect(refusal().querySelector('.log-note-tag')?.textContent).toBe('sandbox note');
    expect(refusal().querySelector('code.fn')?.textContent).toBe('dma_map_page_attrs()');
  });
});
