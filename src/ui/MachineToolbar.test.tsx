// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { selectMachine, useSandbox } from '../store';
import { MachineToolbar } from './MachineToolbar';
import { resetStore } from './ui.helpers';

beforeEach(() => resetStore());
afterEach(cleanup);

async function openDialog() {
  const user = userEvent.setup();
  render(<MachineToolbar />);
  await user.click(screen.getByRole('button', { name: 'Add device' }));
  const dialog = await screen.findByRole('dialog', { name: /Add device/ });
  return { user, dialog };
}

describe('Add device', () => {
  it('refuses a BDF already in use, with the message next to the field, and adds nothing', async () => {
    const { user, dialog } = await openDialog();
    const steps = useSandbox.getState().scenario.steps.length;
    await user.type(within(dialog).getByRole('textbox', { name: 'BDF' }), '00:02.0');
    await user.click(within(dialog).getByRole('button', { name: 'Add' }));
    const bdf = within(dialog).getByRole('textbox', { name: 'BDF' });
    expect(bdf.getAttribute('aria-invalid')).toBe('true');
    expect(within(dialog).getByText('00:02.0 is already in use by nic.')).toBeTruthy();
    expect(useSandbox.getState().scenario.steps.length).toBe(steps);
  });

  it('takes the suggested free address when the BDF is left empty', async () => {
    const { user, dialog } = await openDialog();
    const bdf = within(dialog).getByRole('textbox', { name: 'BDF' }) as HTMLInputElement;
    const suggested = bdf.placeholder;
    expect(suggested).toMatch(/^[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/);
    await user.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(useSandbox.getState().scenario.steps.at(-1)).toMatchObject({
      op: 'hot-add',
      device: { bdf: suggested },
    });
  });

  it('an empty address below a port whose link is taken is another function: Multifunction is ticked', async () => {
    const { user, dialog } = await openDialog();
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Parent' }), '00:1c.0');
    const bdf = within(dialog).getByRole('textbox', { name: 'BDF' }) as HTMLInputElement;
    expect(bdf.placeholder).toBe('01:00.2');
    await user.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(useSandbox.getState().scenario.steps.at(-1)).toMatchObject({
      op: 'hot-add',
      device: { bdf: '01:00.2', multifunction: true },
    });
  });

  it('refuses a malformed BDF', async () => {
    const { user, dialog } = await openDialog();
    await user.type(within(dialog).getByRole('textbox', { name: 'BDF' }), '00:20.9');
    await user.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(within(dialog).getByText(/is not a PCI address/)).toBeTruthy();
  });

  it('refuses a class code of an odd number of digits, which an exported scenario could not hold', async () => {
    const { user, dialog } = await openDialog();
    await user.type(within(dialog).getByRole('textbox', { name: 'BDF' }), '00:05.0');
    await user.type(within(dialog).getByRole('textbox', { name: 'Class' }), '010');
    await user.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(within(dialog).getByText(/2, 4 or 6 hex digits/)).toBeTruthy();
  });

  it('refuses a PCIe endpoint placed on the wrong bus for its parent', async () => {
    const { user, dialog } = await openDialog();
    await user.type(within(dialog).getByRole('textbox', { name: 'BDF' }), '05:00.0');
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Parent' }), '00:1c.0');
    await user.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(within(dialog).getByRole('combobox', { name: 'Parent' }).getAttribute('aria-invalid')).toBe(
      'true',
    );
  });

  it("says that ACS is the new device's own capability, not the slot's", async () => {
    const { dialog } = await openDialog();
    const acs = within(dialog).getByRole('checkbox', { name: 'ACS' });
    const description = document.getElementById(acs.getAttribute('aria-describedby') ?? '')?.textContent;
    expect(description).toMatch(/^The new device’s own ACS capability\./);
    expect(description).toMatch(/root or downstream port .* several functions/);
    expect(description).toMatch(/does not give the port above it ACS/);
  });

  it('says what the chosen type means to the grouping code, and what each box does', async () => {
    const { user, dialog } = await openDialog();
    const type = within(dialog).getByRole('combobox', { name: 'Type' });
    const said = (el: HTMLElement) =>
      document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent;
    expect(said(type)).toMatch(/depends on the ACS of the bridges above/);
    await user.selectOptions(type, 'pcie-to-pci-bridge');
    expect(said(type)).toMatch(/DMA alias.*share its group/);
    await user.selectOptions(type, 'acpi');
    expect(said(type)).toMatch(/in 5\.7 and later a group of its own/);
    expect(said(within(dialog).getByRole('checkbox', { name: 'External-facing' }))).toMatch(/untrusted/);
    expect(said(within(dialog).getByRole('checkbox', { name: 'RMRR' }))).toMatch(
      /vfio refuses it \(-EPERM\)/,
    );
    expect(said(within(dialog).getByRole('textbox', { name: 'DMA mask (bits)' }))).toMatch(
      /Learned when the driver binds/,
    );
  });

  it('hot-adds a valid device below a port with its driver', async () => {
    const { user, dialog } = await openDialog();
    await user.type(within(dialog).getByRole('textbox', { name: 'BDF' }), '01:00.2');
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Parent' }), '00:1c.0');
    await user.type(within(dialog).getByRole('textbox', { name: 'Label' }), 'new function');
    await user.type(within(dialog).getByRole('textbox', { name: 'Driver name' }), 'igb');
    await user.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    const step = useSandbox.getState().scenario.steps.at(-1);
    expect(step).toMatchObject({
      op: 'hot-add',
      device: {
        bdf: '01:00.2',
        parent: '00:1c.0',
        label: 'new function',
        driver: { name: 'igb', dmaMask: 64 },
      },
    });
    expect(selectMachine(useSandbox.getState()).devices['01:00.2']?.group).not.toBeNull();
  });
});

describe('Crash with…', () => {
  async function openCrash() {
    const user = userEvent.setup();
    render(<MachineToolbar />);
    await user.click(screen.getByRole('button', { name: 'Crash with…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Crash into the kdump kernel' });
    return {
      user,
      dialog,
      field: within(dialog).getByRole('textbox', { name: 'kdump kernel command line' }),
    };
  }

  it('starts from the running kernel’s command line, and Cancel crashes nothing', async () => {
    const { user, dialog, field } = await openCrash();
    expect((field as HTMLInputElement).value).toBe(selectMachine(useSandbox.getState()).cmdline);
    const steps = useSandbox.getState().scenario.steps.length;
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(useSandbox.getState().scenario.steps.length).toBe(steps);
  });

  it('crashes into a kdump kernel booted with the line given, garbled or not', async () => {
    const { user, dialog, field } = await openCrash();
    await user.clear(field);
    await user.type(field, 'intel_iommu=off iommu.passthrough=maybe');
    await user.click(within(dialog).getByRole('button', { name: 'Crash' }));
    expect(useSandbox.getState().scenario.steps.at(-1)).toEqual({
      op: 'crash',
      cmdline: 'intel_iommu=off iommu.passthrough=maybe',
    });
    const m = selectMachine(useSandbox.getState());
    expect(m.config?.kdump).toBe(true);
    expect(m.config?.enabled).toBe(false);
  });
});

/** The text a screen reader gives as the button's description (its aria-describedby). */
function description(name: string): string | null {
  const ids = screen.getByRole('button', { name }).getAttribute('aria-describedby');
  return ids
    ? ids
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ')
    : null;
}

describe('before the first boot', () => {
  it('offers only Reboot: hot-plug, rescan and crash need a running kernel', async () => {
    useSandbox.getState().seek(-1);
    render(<MachineToolbar />);
    expect(screen.getByRole('status').textContent).toBe('Powered off');
    for (const name of ['Add device', 'Rescan', 'Crash', 'Crash with…'])
      expect((screen.getByRole('button', { name }) as HTMLButtonElement).disabled, name).toBe(true);
    expect((screen.getByRole('button', { name: 'Reboot' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('says why on the page, and each disabled button has the reason as its description', () => {
    useSandbox.getState().seek(-1);
    render(<MachineToolbar />);
    expect(screen.getByText('No kernel is running: boot first.')).toBeTruthy();
    for (const name of ['Add device', 'Rescan', 'Crash', 'Crash with…'])
      expect(description(name), name).toBe('No kernel is running: boot first.');
    expect(description('Reboot')).toBeNull();
  });
});

describe('once the kernel has crashed', () => {
  it('with no crash kernel loaded, says so on Add device, Rescan and both crashes', () => {
    // A crash kernel whose command line is too long for the bzImage is never loaded.
    useSandbox.getState().act({ op: 'crash', cmdline: 'x'.repeat(2100) });
    render(<MachineToolbar />);
    const reason = 'The kernel has crashed with no crash kernel loaded: reboot.';
    expect(screen.getByText(reason)).toBeTruthy();
    for (const name of ['Add device', 'Rescan', 'Crash', 'Crash with…']) {
      expect((screen.getByRole('button', { name }) as HTMLButtonElement).disabled, name).toBe(true);
      expect(description(name), name).toBe(reason);
    }
  });

  it('into a running kdump kernel, gives no reason: every action goes on', () => {
    useSandbox.getState().act({ op: 'crash' });
    render(<MachineToolbar />);
    expect(screen.queryByText(/reboot\.$|boot first\.$/)).toBeNull();
    for (const name of ['Add device', 'Rescan', 'Crash', 'Crash with…'])
      expect(description(name), name).toBeNull();
  });
});

describe('once the kdump kernel has crashed too', () => {
  it('offers only Reboot: nothing runs to hot-plug or rescan, and no crash kernel is left to start', async () => {
    useSandbox.getState().act({ op: 'crash' });
    useSandbox.getState().act({ op: 'crash' });
    render(<MachineToolbar />);
    expect(screen.getByRole('status').textContent).toMatch(/^Kernel crashed/);
    for (const name of ['Add device', 'Rescan', 'Crash', 'Crash with…'])
      expect((screen.getByRole('button', { name }) as HTMLButtonElement).disabled, name).toBe(true);
    expect((screen.getByRole('button', { name: 'Reboot' }) as HTMLButtonElement).disabled).toBe(false);
    for (const name of ['Add device', 'Rescan', 'Crash', 'Crash with…'])
      expect(description(name), name).toBe(
        'The kdump kernel has crashed and has no crash kernel to start: reboot.',
      );
  });
});

describe('machine status', () => {
  it('reads the fault count as its own words after the kernel version', async () => {
    const file = 'scenarios/examples/e07-si-domain-freed-on-group-release.no-si-guard.v5.3.json';
    const e7 = JSON.parse(readFileSync(join(import.meta.dirname, '../..', file), 'utf8'));
    useSandbox.getState().load(e7);
    render(<MachineToolbar />);
    const status = screen.getAllByRole('status').find((s) => s.textContent?.startsWith('Running'));
    expect(status?.textContent).toMatch(/^Running v5\.3, \d+ faults?$/);
  });
});
