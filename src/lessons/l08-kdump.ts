import json from '../../scenarios/lessons/l08-kdump.json';
import type { DmaBehaviour } from '../kernel/types';
import { dmaOf, selectedDevice } from './machine';
import { lessonScenario } from './scenario';
import type { Lesson } from './types';

const NVME = '00:03.0';
const MOVED: readonly DmaBehaviour[] = ['translated', 'identity', 'passthrough'];

const DMA_WORDS: Partial<Record<DmaBehaviour, string>> = {
  translated: 'translated through this kernel’s own domain',
  identity: 'identity-mapped by this kernel',
  passthrough: 'passed through by this kernel',
  faults: 'faulting',
  blocked: 'blocked',
  physical: 'untranslated (no IOMMU)',
  user: 'in user space’s hands (VFIO)',
};

export const kdump: Lesson = {
  id: 'kdump',
  title: 'The kdump kernel and the crashed kernel’s tables (Linux 5.7)',
  intro: [
    'When Linux crashes it can start a small second kernel, the kdump kernel, to save a copy of memory for debugging. The hardware is not reset: devices that were doing DMA carry on, with addresses set up by the kernel that crashed.',
    'If the new kernel replaced the IOMMU’s tables straight away, those DMAs would fail. So the kdump kernel copies the old tables, and moves each device to its own tables only when the device’s driver takes over.',
  ],
  scenario: lessonScenario(json),
  goal: 'Crash into the kdump kernel, let the NVMe drive’s driver do its first DMA, then select the device that is still using the crashed kernel’s tables.',
  check({ machine, selection }) {
    const picked = selectedDevice(machine, selection);
    return (
      machine.config?.kdump === true &&
      // Moved to this kernel's own domain: translated, or under iommu=pt si_domain.
      MOVED.includes(dmaOf(machine, NVME) ?? 'old-kernel') &&
      picked?.inheritedDma === true &&
      dmaOf(machine, picked.bdf) === 'old-kernel'
    );
  },
  nudge({ machine, selection, scenario }) {
    if (!machine.config?.kdump) return null;
    if (!scenario.steps.some((st) => st.op === 'crash'))
      return 'This kdump kernel was booted directly (**kdump kernel** is checked), with no kernel crashing before it, so no device carries anything over: uncheck it, click **Boot**, then **Crash**.';
    if (!machine.fixes['defer-attach-in-kdump'])
      return 'With the review fix **attach is deferred in a kdump kernel** switched off, the kdump kernel attached every device at boot, so none is left on the crashed kernel’s tables: check it again and click **Boot** (the steps, the crash too, run again).';
    const picked = selectedDevice(machine, selection);
    if (!picked) return null;
    const nvme = dmaOf(machine, NVME);
    // The NVMe drive is selected to do what the goal asks of it: no wrong turn. Before its first
    // DMA the status says what comes next; after it, nothing (the next step is another device).
    if (picked.bdf === NVME)
      return nvme === 'old-kernel'
        ? 'Next: click **First DMA** for the NVMe drive (it uses the crashed kernel’s tables only until then), then select the device that stays on them.'
        : null;
    const dma = dmaOf(machine, picked.bdf);
    if (dma === 'old-kernel')
      return MOVED.includes(nvme ?? 'old-kernel')
        ? null
        : `Yes, ${picked.bdf} is on the crashed kernel’s tables; the goal also asks for the NVMe drive’s first DMA in the kdump kernel: click **00:03.0 NVMe SSD**, then **First DMA**.`;
    return `${picked.bdf}’s DMA is ${(dma && DMA_WORDS[dma]) ?? dma}: it no longer uses the crashed kernel’s tables.`;
  },
  hints: [
    '**Crash** (above the graph) makes the running kernel panic and boots the kdump kernel. Afterwards, select each device and read its **Attach** and **DMA** facts.',
    'In the kdump kernel every device’s attach is deferred: it stays on the copied tables until its driver does its first DMA (in a real kdump kernel moments after the driver probes, when nvme’s reset work allocates its queues; here a step of its own, to see before and after). The kdump kernel has a driver for the NVMe drive, but none for the network card.',
    'Click **Crash** above the graph. In **Devices and groups**, click **00:03.0 NVMe SSD** and click **First DMA**. Then click **00:02.0 Network card**: its **DMA** fact says it still uses the crashed kernel’s copied translations.',
  ],
  success: [
    'The kdump kernel found translation still on and copied the crashed kernel’s tables (`copy_translation_tables()`). Because `intel_iommu_is_attach_deferred()` said yes, it skipped every attach at boot; the NVMe driver’s first DMA map ran `do_deferred_attach()`, which moved the drive to its new domain.',
    'The network card has no driver in the kdump kernel, so nothing resets it: it keeps receiving packets into the crashed kernel’s buffers through the copied tables. Without the deferral (a review fix you can switch off in **Kernel and boot**: uncheck it and click **Boot**: the steps run again, the crash too), its DMA would fault as soon as the kdump kernel booted.',
  ],
};
