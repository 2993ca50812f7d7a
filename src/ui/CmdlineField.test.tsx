// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useSandbox } from '../store';
import { BootPanel } from './BootPanel';
import { resetStore } from './ui.helpers';

beforeEach(() => resetStore());
afterEach(cleanup);

async function typeCmdline(text: string) {
  const user = userEvent.setup();
  render(<BootPanel />);
  const input = screen.getByRole('textbox', { name: 'Kernel command line' });
  await user.clear(input);
  await user.type(input, text);
  return { user, input };
}

describe('Kernel command line field', () => {
  it('shows recognised parameters as chips', async () => {
    await typeCmdline('quiet iommu=pt');
    const chips = screen.getByRole('list', { name: 'Parsed parameters' });
    expect(within(chips).getByText('iommu=pt')).toBeTruthy();
    expect(within(chips).getByText('quiet')).toBeTruthy();
    // The parser loads lazily (after the first paint in the page): its reading comes when it is there.
    expect(await within(chips).findByText(/: applied/)).toBeTruthy();
  });

  it('lists a word the kernel reads as a shorter keyword (iommu=ptfoo is pt), saying so', async () => {
    await typeCmdline('iommu=ptfoo');
    const problems = await screen.findByRole('list', { name: 'Command-line problems' });
    expect(within(problems).getByText(/applied as a shorter keyword/)).toBeTruthy();
    expect(within(problems).getByText(/prefix match of 'ptfoo'/)).toBeTruthy();
  });

  it('flags a malformed value with the exact message the kernel prints', async () => {
    await typeCmdline('iommu.passthrough=maybe');
    const problems = await screen.findByRole('list', { name: 'Command-line problems' });
    expect(within(problems).getByText("Malformed early option 'iommu.passthrough'")).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Kernel command line' }).getAttribute('aria-invalid')).toBe(
      'true',
    );
  });

  it("prints 6.1's Unknown option message for an unknown intel_iommu= option", async () => {
    await typeCmdline('intel_iommu=on,foo');
    const problems = await screen.findByRole('list', { name: 'Command-line problems' });
    expect(within(problems).getByText("DMAR: Unknown option - 'foo'")).toBeTruthy();
  });

  it('suggests the parameter a near miss was meant to be', async () => {
    await typeCmdline('intel_iomu=on');
    const problems = await screen.findByRole('list', { name: 'Command-line problems' });
    expect(within(problems).getByText('intel_iommu')).toBeTruthy();
    expect(within(problems).getByText(/Did you mean/)).toBeTruthy();
  });

  it('parses as the draft kernel does (5.3 ignores unknown intel_iommu options silently)', async () => {
    useSandbox.getState().editDraft({ kernel: 'v5.3' });
    await typeCmdline('intel_iommu=on,foo');
    const problems = await screen.findByRole('list', { name: 'Command-line problems' });
    expect(within(problems).queryByText(/Unknown option/)).toBeNull();
    expect(within(problems).getByText(/partly applied/)).toBeTruthy();
  });

  it('announces the problems once typing pauses, not each half-typed word', async () => {
    await typeCmdline('intel_iommu=o');
    const live = document.querySelector('p[aria-live]');
    expect(live?.textContent).toBe('');
    // The visible list follows each keystroke; nothing else in it is a live region.
    expect(
      (await screen.findByRole('list', { name: 'Command-line problems' })).closest('[aria-live]'),
    ).toBeNull();
    await waitFor(() => expect(live?.textContent).toBe('Command line: intel_iommu=o — ignored'), {
      timeout: 2000,
    });
  });

  it('never blocks Boot: a garbled line boots and the kernel logs its complaint', async () => {
    const { user } = await typeCmdline('iommu.passthrough=maybe');
    const boot = screen.getByRole('button', { name: 'Boot' });
    expect((boot as HTMLButtonElement).disabled).toBe(false);
    await user.click(boot);
    const s = useSandbox.getState();
    expect(s.scenario.cmdline).toBe('iommu.passthrough=maybe');
    const messages = s.runs[0]?.events.map((e) => e.message) ?? [];
    expect(messages).toContain("Malformed early option 'iommu.passthrough'");
  });
});
