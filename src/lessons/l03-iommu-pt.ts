import json from '../../scenarios/lessons/l03-iommu-pt.json';
import { bootedWith, groupOf, groupTypeOf } from './machine';
import { lessonScenario } from './scenario';
import type { Lesson } from './types';

const NIC = '00:02.0';

export const iommuPt: Lesson = {
  id: 'iommu-pt',
  title: 'Translated or identity? The iommu=pt setting',
  intro: [
    'Each group is attached to a domain: the address map its devices’ DMA goes through. A translated domain (type DMA or DMA-FQ) lets a device reach only the memory its driver mapped for it (with DMA-FQ, until the next batched IOTLB flush); an identity domain maps every address to itself, which is faster but protects nothing.',
    'On this server every group is translated (DMA-FQ, Debian’s default), and you will find the kernel command-line option that makes identity the type groups get by default, with the IOMMU still on.',
  ],
  scenario: lessonScenario(json),
  goal: 'Find the kernel command-line option that gives the network card’s group (00:02.0) an identity domain by default, and boot with it.',
  check({ machine }) {
    return machine.config?.defaultType === 'identity' && groupTypeOf(machine, NIC) === 'identity';
  },
  nudge({ machine }) {
    if (!machine.booted || machine.config?.defaultType === 'identity') return null;
    if (groupTypeOf(machine, NIC) === 'identity')
      return `Group ${groupOf(machine, NIC)?.id} is identity because its type was written while the machine runs; the goal is the type every group gets by default at boot, from the kernel command line.`;
    if (machine.cmdline !== json.cmdline)
      return `The kernel booted with ${bootedWith(machine)}, and the default domain type is still translated (the log’s “Default domain type” line says so).`;
    return null;
  },
  hints: [
    'Select **IOMMU group 1** in **Devices and groups**: its **sysfs type** is DMA-FQ, and the **Type** line under **Why** says where that default came from (so does the log’s “Default domain type” line): from no command-line choice. The option you need makes that choice; it takes effect when you boot.',
    'The option is `iommu=` with the value `pt`, short for pass-through. (`iommu.passthrough=1` does the same.)',
    'In the **Kernel and boot** panel, add `iommu=pt` to the **Kernel command line** after `ro quiet`, then click **Boot**.',
  ],
  success: [
    'With `iommu=pt` (or `iommu.passthrough=1`) the kernel called `iommu_set_default_passthrough()`, so the default domain type became identity (the log says “Default domain type: Passthrough (set via kernel command line)”). When each group was set up, `iommu_group_alloc_default_domain()` asked the Intel driver for an identity domain and got its single shared `si_domain`.',
    'The network card’s DMA now reaches memory untranslated. That is faster, but the IOMMU no longer stops a faulty or malicious device from writing anywhere in memory.',
  ],
};
