// @vitest-environment jsdom
/**
 * A DMA fault is shown as what became of the DMA: the kdump kernel of E8, without the deferred
 * attach and under iommu=pt, first has its devices' old IOVAs refused by their DMA domains, then
 * sends them through si_domain's pass-through context to the wrong memory, with no line in dmesg.
 */
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import e08Json from '../../scenarios/examples/e08-kdump-deferred-attach.no-defer.v5.3.json';
import type { Scenario } from '../kernel/types';
import { useSandbox } from '../store';
import { FaultBadge } from './graph/FaultBadge';
import { Inspector } from './Inspector';
import { NoticeBar } from './NoticeBar';
import { resetStore } from './ui.helpers';

beforeEach(() => resetStore());
afterEach(cleanup);

const NIC = '00:02.0';
const e08 = e08Json as Scenario;

describe('a DMA fault in words', () => {
  it('the inspector lists the device’s faults: blocked, then to the wrong memory with nothing logged', async () => {
    render(<Inspector />);
    useSandbox.getState().load({ ...e08, cmdline: 'intel_iommu=on iommu=pt' });
    useSandbox.getState().select({ kind: 'device', id: NIC });
    const inspector = screen.getByRole('complementary', { name: 'Inspector' });
    const row = (await within(inspector).findByRole('rowheader', { name: /Faults/ })).closest('tr')!;
    const items = within(row)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items).toEqual([
      'step 0: DMA fault: blocked by the IOMMU (DMAR fault) (dmar_fault())',
      'step 0: DMA to the wrong memory (no fault logged: memory corruption) (domain_context_mapping())',
    ]);
    // Its DMA is pass-through now (the format's value), and the words say to what effect.
    const dma = within(inspector).getByRole('rowheader', { name: /^DMA$/ }).closest('tr')!;
    expect(within(dma).getByRole('cell').textContent).toBe(
      'untranslated (hardware pass-through): the crashed kernel’s IOVAs reach the wrong memory',
    );
  });

  it('the notice after the crash names each fault by what became of the DMA', async () => {
    render(<NoticeBar />);
    const first: Scenario = {
      ...e08,
      machine: {},
      cmdline: 'intel_iommu=on',
      devices: e08.devices.map((d) => (d.bdf === NIC ? { ...d, driver: { name: 'e1000e' } } : d)),
      steps: [{ op: 'boot' }],
    };
    useSandbox.getState().load(first);
    useSandbox.getState().act({ op: 'crash', cmdline: 'intel_iommu=on iommu=pt' });
    const alert = await screen.findByRole('alert');
    expect(
      await within(alert).findByText('DMA blocked (DMAR fault), DMA to wrong memory (not logged)'),
    ).toBeTruthy();
    expect(
      within(alert).getByText(/^DMA to wrong memory \(not logged\) in domain_context_mapping\(\): /),
    ).toBeTruthy();
  });

  it('the badge on a node says it in a few words, each kind of harm once', () => {
    render(
      <FaultBadge
        marks={{
          names: ['DMA blocked (DMAR fault)', 'DMA to wrong memory (not logged)'],
          text: 'step 1: DMA to wrong memory (not logged) in intel_disable_iommus: …',
          when: 'step 1',
        }}
      />,
    );
    // Without the notes in parentheses, which the tooltip (every fault in full) keeps.
    expect(screen.getByTitle(/^step 1: DMA to wrong memory/).textContent).toBe(
      '!DMA blocked · DMA to wrong memory, step 1',
    );
  });
});
