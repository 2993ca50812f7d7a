import json from '../../scenarios/lessons/l07-sysfs-type.json';
import { bootedWith, faultNudge, groupOf, groupTypeOf, oldDriverNudge } from './machine';
import { lessonScenario } from './scenario';
import type { Lesson } from './types';

const SATA = '00:03.0';
const NIC = '00:02.0';

export const sysfsType: Lesson = {
  id: 'sysfs-type',
  title: 'Change a group’s type while the machine runs (Linux 6.1)',
  intro: [
    'From Linux 5.8 on, the Intel driver no longer moves a device out of the identity domain because of its DMA mask: under iommu=pt this old 32-bit SATA controller stays identity-mapped, and dma-direct copies its buffers above 4 GiB through bounce buffers (swiotlb), which is slow. Select the controller: the **DMA** line under **Why** in the inspector says so.',
    'Since 5.11 you can change the domain type of one group while the machine runs, by writing to the file /sys/kernel/iommu_groups/N/type.',
  ],
  scenario: lessonScenario(json),
  goal: 'Without changing the command line, give the old SATA controller’s group (00:03.0) a translated DMA domain, with its driver bound again.',
  check({ machine }) {
    const type = groupTypeOf(machine, SATA);
    return (
      machine.config?.defaultType === 'identity' &&
      (type === 'DMA' || type === 'DMA-FQ') &&
      (machine.devices[SATA]?.driver?.dmaMask ?? 64) <= 32 &&
      machine.faults.length === 0
    );
  },
  nudge({ machine, scenario, reachedBefore }) {
    if (!machine.booted) return null;
    const fault = faultNudge(machine);
    if (fault) return fault;
    if (machine.config?.defaultType !== 'identity')
      return `The kernel booted with ${bootedWith(machine)}, so groups are not identity by default any more: the lesson changes one group while the machine runs, with \`iommu=pt\` kept. Click **Start again**.`;
    const d = machine.devices[SATA];
    if (!d)
      return `${SATA} is not in the machine any more: click **Start again** (or **Rescan** to bring it back).`;
    const translated = (t: string | undefined) => t === 'DMA' || t === 'DMA-FQ';
    const own = groupOf(machine, SATA);
    if (translated(groupTypeOf(machine, SATA)))
      return d.driver
        ? oldDriverNudge(machine, SATA, 'sata_sil')
        : `Next: group ${own?.id} is translated now; bind the controller’s driver again (click **00:03.0 Old SATA controller**, then **Bind driver** with \`sata_sil\`).`;
    const ops = scenario.steps.map((st) => st.op);
    if (reachedBefore && ops.lastIndexOf('boot') > ops.lastIndexOf('set-group-type'))
      return `This boot gave group ${own?.id} identity again: a write to its \`type\` file lasts until the kernel reboots; only the command line is read at every boot.`;
    const nic = groupOf(machine, NIC);
    if (nic && translated(groupTypeOf(machine, NIC)))
      return `Group ${nic.id} is the network card’s; the old SATA controller is in group ${own?.id}. Bind the network card’s driver again and change group ${own?.id}.`;
    return null;
  },
  hints: [
    'The controller is in **IOMMU group 2**. Select the group: its **Actions** write to its `type` file. Try writing `DMA` now and read the kernel’s answer.',
    'The kernel refuses to change this group’s type while a driver is bound to its device (the one change 6.1 allows under a bound driver is DMA to DMA-FQ): unbind the driver first, and bind it again afterwards.',
    'Click **00:03.0 Old SATA controller** and click **Unbind driver**. Click **IOMMU group 2**, type `DMA` into **Write to /sys/kernel/iommu_groups/2/type** and click **Set type**. Then click **00:03.0 Old SATA controller** again and click **Bind driver**.',
  ],
  success: [
    '`iommu_group_store_type()` checked that group 2 has one device and no bound driver; then `iommu_change_dev_def_domain()` allocated a new DMA domain, attached the controller to it and switched its DMA API to iommu-dma. The old default, `si_domain`, was not freed: `intel_iommu_domain_free()` never frees it.',
    'With its driver bound again, the controller gets addresses below 4 GiB from the IOMMU and needs no bounce buffers. The other groups stay identity.',
  ],
};
