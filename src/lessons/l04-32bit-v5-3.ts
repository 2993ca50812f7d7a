import json from '../../scenarios/lessons/l04-32bit-v5.3.json';
import {
  bootedWith,
  byHandNudge,
  dmaOf,
  faultNudge,
  groupTypeOf,
  identityByDefault,
  oldDriverNudge,
  otherDmaNudge,
  requestedByHand,
} from './machine';
import { lessonScenario } from './scenario';
import type { Lesson } from './types';

const SATA = '00:03.0';

export const dmaMask32: Lesson = {
  id: 'dma-mask-32',
  title: 'A 32-bit device under iommu=pt (Linux 5.3)',
  intro: [
    'A driver tells the kernel how many address bits its device can use, its DMA mask: an old device with a 32-bit mask can only reach the first 4 GiB of memory.',
    'This machine runs Linux 5.3 with iommu=pt, so every group is identity and devices use real memory addresses. At boot the IOMMU core first gave each group a DMA domain; the Intel driver, which reads iommu=pt, then swapped each for the one shared identity domain, `si_domain` (`iommu_request_dm_for_dev()`): the struck-through boxes are the DMA domains it let go. The old SATA controller cannot reach the memory above 4 GiB: watch what 5.3 does about it.',
  ],
  scenario: lessonScenario(json),
  goal: 'Make the old SATA controller (00:03.0) do its first DMA, so that its group stops being identity.',
  check({ machine, scenario }) {
    const d = machine.devices[SATA];
    // Booted with iommu=pt (so the group started identity), and nothing the kernel did went wrong.
    return (
      identityByDefault(machine) &&
      machine.faults.length === 0 &&
      !requestedByHand(scenario) &&
      d?.dmaStarted === true &&
      d.driver?.dmaMask === 32 &&
      groupTypeOf(machine, SATA) === 'DMA' &&
      dmaOf(machine, SATA) === 'translated'
    );
  },
  nudge({ machine, scenario }) {
    if (!machine.booted) return null;
    const byHand = byHandNudge(scenario) ?? faultNudge(machine);
    if (byHand) return byHand;
    if (!identityByDefault(machine))
      return `Booted with ${bootedWith(machine)}, every group is translated from the start, so there is nothing for the first DMA to change: put \`iommu=pt\` back on the command line and click **Boot**.`;
    return (
      oldDriverNudge(machine, SATA, 'sata_sil') ??
      otherDmaNudge(
        machine,
        SATA,
        ['00:02.0'],
        'its 64-bit mask reaches all of memory, so nothing changes: the lesson is about the old SATA controller, 00:03.0.',
      )
    );
  },
  hints: [
    'Linux 5.3 looks at a device’s DMA mask the first time its driver maps memory for DMA, not when the driver loads.',
    'Select the controller in **Devices and groups** and read its **DMA mask**: 32-bit. The **First DMA** action makes its driver map a buffer.',
    'In **Devices and groups**, click **00:03.0 Old SATA controller**, then click **First DMA** in its **Actions**.',
  ],
  success: [
    'At the first DMA map, `iommu_need_mapping()` saw that a 32-bit mask cannot cover all of memory and asked for a translated domain with `iommu_request_dma_domain_for_dev()`. The controller is alone in its group, so `request_default_domain_for_dev()` replaced the group’s identity default with a new DMA domain (the log says “32bit DMA uses non-identity mapping”).',
    'Now the IOMMU gives the controller addresses below 4 GiB and translates them to wherever the buffers really are. The other groups keep `si_domain`, which the driver never frees.',
  ],
};
