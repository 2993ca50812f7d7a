// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { selectMachine, useSandbox } from '../store';
import { Inspector } from './Inspector';
import { NoticeBar } from './NoticeBar';
import { resetStore } from './ui.helpers';

beforeEach(() => resetStore());
afterEach(cleanup);

function setup() {
  const user = userEvent.setup();
  render(
    <>
      <Inspector />
      <NoticeBar />
    </>,
  );
  const inspector = screen.getByRole('complementary', { name: 'Inspector' });
  return { user, inspector };
}

const lastStep = () => useSandbox.getState().scenario.steps.at(-1);
const device = (bdf: string) => selectMachine(useSandbox.getState()).devices[bdf]!;

describe('Inspector', () => {
  it('selects devices and groups from its keyboard-reachable list', async () => {
    const { user, inspector } = setup();
    const list = within(inspector).getByRole('navigation', { name: 'Devices and groups' });
    await user.click(within(list).getByRole('button', { name: /00:02\.0 nic/ }));
    expect(useSandbox.getState().selection).toEqual({ kind: 'device', id: '00:02.0' });
    expect(await within(inspector).findByText('0000:00:02.0')).toBeTruthy();
    expect(within(inspector).getByText('64-bit')).toBeTruthy();
    expect(within(inspector).getByText('attached')).toBeTruthy();
  });

  it('says why an unused si_domain exists at all', async () => {
    const { inspector } = setup();
    const si = selectMachine(useSandbox.getState()).siDomain!;
    useSandbox.getState().select({ kind: 'domain', id: si });
    expect(
      await within(inspector).findByText(/Nothing uses it now: the Intel driver builds si_domain at boot/),
    ).toBeTruthy();
  });

  it('marks a live domain nothing uses as unused in the list, and no other', async () => {
    const { inspector } = setup();
    const m = selectMachine(useSandbox.getState());
    const nav = within(inspector).getByRole('navigation', { name: 'Devices and groups' });
    const item = (id: string) => within(nav).getByRole('button', { name: new RegExp(`\\(${id}\\)|^${id} `) });
    expect(item(m.siDomain!).textContent).toMatch(/unused$/);
    const used = m.groups['0']!.domain!;
    expect(item(used).textContent).not.toMatch(/unused/);
  });

  it('before 5.8 an identity-mapped device keeps intel_dma_ops; from 5.8 it has dma-direct', async () => {
    const { inspector } = setup();
    for (const [kernel, ops] of [
      ['v5.3', 'intel_dma_ops (an identity-mapped device’s maps go on to dma-direct)'],
      ['v5.8', 'dma-direct'],
    ] as const) {
      const s = useSandbox.getState().scenario;
      useSandbox
        .getState()
        .load({ ...s, kernel, cmdline: 'intel_iommu=on iommu=pt', steps: [{ op: 'boot' }] });
      useSandbox.getState().select({ kind: 'device', id: '00:02.0' });
      const row = (await within(inspector).findByRole('rowheader', { name: /DMA ops/ })).closest('tr')!;
      expect(within(row).getByRole('cell').textContent, kernel).toBe(ops);
    }
  });

  it('says a DMA-FQ domain flushes lazily, and a strict DMA domain does not', async () => {
    const { inspector } = setup();
    for (const [cmdline, type, lazy] of [
      ['', 'DMA-FQ', 'yes (flush queue)'],
      ['iommu.strict=1', 'DMA', 'no'],
    ] as const) {
      const s = useSandbox.getState().scenario;
      useSandbox.getState().load({ ...s, kernel: 'v6.1', cmdline, steps: [{ op: 'boot' }] });
      const m = selectMachine(useSandbox.getState());
      const dom = Object.values(m.domains).find((d) => d.type === type && d.kind === 'default');
      useSandbox.getState().select({ kind: 'domain', id: dom!.id });
      const row = (await within(inspector).findByRole('rowheader', { name: /Lazy flush/ })).closest('tr')!;
      expect(within(row).getByRole('cell').textContent).toBe(lazy);
    }
  });

  it('names an ACPI device as the kernel logs it, its platform device', async () => {
    const s = useSandbox.getState().scenario;
    useSandbox.getState().load({
      ...s,
      devices: [...s.devices, { bdf: '00:15.0', type: 'acpi', hid: 'INT33C4', label: 'UART' }],
      steps: [{ op: 'boot' }],
    });
    const { inspector } = setup();
    useSandbox.getState().select({ kind: 'device', id: '00:15.0' });
    const name = (await within(inspector).findByText('Kernel name')).nextElementSibling;
    expect(name?.textContent).toBe('platform INT33C4:00');
  });

  it('unbinds and binds a driver with a DMA mask through store.act', async () => {
    const { user, inspector } = setup();
    useSandbox.getState().select({ kind: 'device', id: '00:02.0' });
    await user.click(await within(inspector).findByRole('button', { name: 'Unbind driver' }));
    expect(lastStep()).toEqual({ op: 'unbind', device: '00:02.0' });
    expect(device('00:02.0').driver).toBeNull();
    expect(within(inspector).getByText('unknown until a driver binds')).toBeTruthy();
    // Nothing is bound now: there is no unbind file to write.
    const unbind = within(inspector).getByRole('button', { name: 'Unbind driver' });
    expect(unbind.getAttribute('aria-disabled')).toBe('true');
    const steps = useSandbox.getState().scenario.steps.length;
    await user.click(unbind);
    expect(useSandbox.getState().scenario.steps).toHaveLength(steps);
    expect(document.getElementById(unbind.getAttribute('aria-describedby')!)?.textContent).toBe(
      'No driver is bound.',
    );

    const mask = within(inspector).getByRole('textbox', { name: 'DMA mask (bits)' });
    await user.clear(mask);
    await user.type(mask, '32');
    await user.click(within(inspector).getByRole('button', { name: 'Bind driver' }));
    expect(lastStep()).toEqual({ op: 'bind', device: '00:02.0', driver: { name: 'e1000e', dmaMask: 32 } });
    expect(device('00:02.0').driver?.dmaMask).toBe(32);
  });

  it('shows a refused step as an alert with the errno, and the state stays', async () => {
    const { user, inspector } = setup();
    useSandbox.getState().act({ op: 'unbind', device: '00:02.0' });
    useSandbox.getState().select({ kind: 'device', id: '00:02.0' });
    const before = selectMachine(useSandbox.getState());
    // No driver: no DMA API call to make.
    await user.click(await within(inspector).findByRole('button', { name: 'First DMA' }));
    // The notice's text loads with the first notice.
    await screen.findByText(/The kernel refused the step/);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toMatch(/The kernel refused the step/);
    expect(alert.textContent).toMatch(/-E[A-Z]+:/);
    const after = selectMachine(useSandbox.getState());
    expect(after.groups).toEqual(before.groups);
    expect(after.domains).toEqual(before.domains);
  });

  it('offers iommu_request_dm_for_dev() and its DMA twin only on the kernels that have them (5.3, 5.7)', async () => {
    const { inspector } = setup();
    useSandbox.getState().select({ kind: 'device', id: '00:02.0' });
    await within(inspector).findByRole('button', { name: 'First DMA' });
    expect(within(inspector).queryByRole('button', { name: 'Request identity domain' })).toBeNull();
    useSandbox.getState().editDraft({ kernel: 'v5.3' });
    useSandbox.getState().boot();
    expect(await within(inspector).findByRole('button', { name: 'Request identity domain' })).toBeTruthy();
    expect(within(inspector).getByRole('button', { name: 'Request DMA domain' })).toBeTruthy();
  });

  it('writes a group type as any text, as the sysfs file takes it', async () => {
    const { user, inspector } = setup();
    const g = device('00:02.0').group!;
    useSandbox.getState().select({ kind: 'group', id: g });
    const field = await within(inspector).findByRole('combobox', { name: /iommu_groups\/\d+\/type/ });
    await user.clear(field);
    await user.type(field, 'passthrough');
    await user.click(within(inspector).getByRole('button', { name: 'Set type' }));
    expect(lastStep()).toEqual({ op: 'set-group-type', group: g, value: 'passthrough' });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/-EINVAL/));
  });

  it('gives a group to VFIO and back', async () => {
    const { user, inspector } = setup();
    useSandbox.getState().act({ op: 'unbind', device: '00:02.0' });
    useSandbox.getState().act({ op: 'bind', device: '00:02.0', driver: 'vfio-pci' });
    const g = device('00:02.0').group!;
    useSandbox.getState().select({ kind: 'group', id: g });
    await user.click(await within(inspector).findByRole('button', { name: 'Give to VFIO' }));
    expect(lastStep()).toEqual({ op: 'vfio-claim', group: g });
    expect(within(inspector).getByText('user space (vfio)')).toBeTruthy();
    await user.click(within(inspector).getByRole('button', { name: 'Return from VFIO' }));
    expect(lastStep()).toEqual({ op: 'vfio-release', group: g });
    expect(within(inspector).getByText('kernel')).toBeTruthy();
  });

  it('hot-removes a device and says it is gone at this step', async () => {
    const { user, inspector } = setup();
    useSandbox.getState().select({ kind: 'device', id: '01:00.1' });
    await user.click(await within(inspector).findByRole('button', { name: 'Hot-remove' }));
    expect(lastStep()).toEqual({ op: 'hot-remove', device: '01:00.1' });
    expect(within(inspector).getByText(/not present at the viewed step/)).toBeTruthy();
  });

  it('shows the chain of reasons with kernel functions', async () => {
    setup();
    useSandbox.getState().select({ kind: 'device', id: '01:00.1' });
    const inspector = screen.getByRole('complementary', { name: 'Inspector' });
    const why = await within(inspector).findByRole('region', { name: 'Why' });
    expect(within(why).getAllByText(/^\w+\(\)$/).length).toBeGreaterThan(0);
    expect(within(why).getByText('Group:')).toBeTruthy();
  });

  it('a kdump kernel’s identity-default device: never attached (dma-direct), its first DMA faults on the copied context', async () => {
    const { inspector } = setup();
    const store = useSandbox.getState();
    // The crashed kernel translated (DMA-FQ); the kdump kernel identity-maps by default.
    store.act({ op: 'crash', cmdline: 'iommu=pt' });
    store.select({ kind: 'device', id: '00:02.0' });
    expect(
      await within(inspector).findByText(
        /maps with dma-direct \(an identity default\), so it never attaches/,
      ),
    ).toBeTruthy();
    store.act({ op: 'dma', device: '00:02.0' });
    expect(
      await within(inspector).findByText(
        /copied context does not map the physical addresses dma-direct uses/,
      ),
    ).toBeTruthy();
  });

  it('explains DMA ops and owner_cnt through the glossary', async () => {
    const { inspector } = setup();
    const tip = async (name: string) => {
      const term = await within(inspector).findByRole('button', { name });
      await waitFor(() => expect(term.getAttribute('aria-describedby')).toBeTruthy());
      return document.getElementById(term.getAttribute('aria-describedby')!)?.textContent;
    };
    useSandbox.getState().select({ kind: 'device', id: '00:02.0' });
    expect(await tip('DMA ops')).toMatch(/^The code a driver’s DMA API calls run/);
    useSandbox.getState().select({ kind: 'group', id: device('00:02.0').group! });
    expect(await tip('owner_cnt')).toMatch(/How many users a group’s DMA has/);
  });

  it('says whether user space could take a group now, in the kernel’s own answer', async () => {
    const { inspector } = setup();
    const store = useSandbox.getState();
    const group = device('00:02.0').group!;
    store.select({ kind: 'group', id: group });
    expect(await within(inspector).findByText(/^not now: -ENOENT: no \/dev\/vfio\//)).toBeTruthy();
    store.act({ op: 'unbind', device: '00:02.0' });
    store.act({ op: 'bind', device: '00:02.0', driver: 'vfio-pci' });
    store.select({ kind: 'group', id: group });
    expect(await within(inspector).findByText('can be given to user space now')).toBeTruthy();
    store.act({ op: 'vfio-claim', group });
    expect(await within(inspector).findByText('held by user space')).toBeTruthy();
  });
});
