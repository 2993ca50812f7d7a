/** The Kernel select: the seven simulated kernels, each with what sets it apart. */
import { useId } from 'react';
import { KERNELS, type KernelId } from '../kernel/types';
import type { Draft, SandboxState } from '../store';
import { Glossed } from './teach/Glossed';
import { nameSuffix, type Side, useWorld, useWorldState } from './world';

/** One line per kernel: the option text, then the longer description shown under the select. */
export const KERNEL_INFO: Record<KernelId, { short: string; long: string }> = {
  'v5.1': {
    short: 'v5.1 — before the default-domain series (A)',
    long: 'Policy A (v5.1): groups have no default domain; the Intel driver decides identity vs DMA per device, at boot and at the first DMA map.',
  },
  'v3-sewart': {
    short: 'v3-sewart — James Sewart v3, review only (B)',
    long: 'Policy B (the v3 series, known from the review thread): a device that needs identity is moved into a group of its own.',
  },
  'v5.3': {
    short: 'v5.3 — the series as merged (C)',
    long: 'Policy C (v5.3): groups get a default domain; the driver swaps it (iommu_request_dm_for_dev, iommu_request_dma_domain_for_dev) or falls back to a private domain.',
  },
  'v5.7': {
    short: 'v5.7 — C with the 5.7 changes',
    long: 'Policy C (v5.7): iommu=pt sets the core default type; the deferred attach happens before the identity check.',
  },
  'v5.8': {
    short: 'v5.8 — def_domain_type (D)',
    long: 'Policy D (v5.8): the core asks every member for its type before allocating the default domain; no DMA-mask rule.',
  },
  'v5.11': {
    short: 'v5.11 — writable group type (D)',
    long: 'Policy D (v5.11): /sys/kernel/iommu_groups/N/type accepts writes; untrusted devices are checked by the core.',
  },
  'v6.1': {
    short: 'v6.1 — Debian bookworm (D)',
    long: 'Policy D (Debian 6.1.192): DMA-FQ domain type, DMA ownership (owner_cnt, blocking domain), Debian’s intgpu default.',
  },
};

/**
 * The draft for another kernel. On the page, that kernel runs with its own fixes (a switch turned
 * off for the one before would show its bug in a run meant to show how the next behaves), or the
 * scenario's when it is the scenario's kernel again. In a comparison's pane the fixes stay: they
 * are what the comparison is about.
 */
function kernelDraft(kernel: KernelId, s: SandboxState, side: Side | null): Partial<Draft> {
  if (side) return { kernel };
  return { kernel, fixes: kernel === s.scenario.kernel ? { ...s.scenario.fixes } : {} };
}

/** The kernel the next Boot runs. */
export function KernelSelect() {
  const { store, side } = useWorld();
  const kernel = useWorldState((s) => s.draft.kernel);
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Kernel</label>
      <select
        id={id}
        className="input"
        value={kernel}
        aria-label={side ? `Kernel${nameSuffix(side)}` : undefined}
        aria-describedby={`${id}-desc`}
        // The compare column is narrow: a pointer shows the whole name that the select cuts.
        title={KERNEL_INFO[kernel].short}
        onChange={(e) =>
          store.getState().editDraft(kernelDraft(e.target.value as KernelId, store.getState(), side))
        }
      >
        {KERNELS.map((k) => (
          <option key={k} value={k}>
            {KERNEL_INFO[k].short}
          </option>
        ))}
      </select>
      <p id={`${id}-desc`} className="hint">
        <Glossed text={KERNEL_INFO[kernel].long} />
      </p>
    </div>
  );
}
