import json from '../../scenarios/lessons/l06-vfio.json';
import { VFIO_SAFE_DRIVERS } from '../kernel/ops/driver';
import { code, faultNudge, groupOf } from './machine';
import { lessonScenario } from './scenario';
import type { Lesson } from './types';

const GPU = '01:00.0';
const VFIO = 'vfio-pci';

export const vfio: Lesson = {
  id: 'vfio',
  title: 'Give a graphics card to a virtual machine (VFIO)',
  intro: [
    'To pass a device through to a virtual machine, Linux hands its IOMMU group to user space through VFIO. The virtual machine then decides where the device’s DMA may go, so the host must stop using every device in the group: VFIO takes whole groups only.',
    'Here the graphics card and its HDMI sound share group 3, and both are in use by host drivers (amdgpu and snd_hda_intel).',
  ],
  scenario: lessonScenario(json),
  goal: 'Make the graphics card’s group viable for VFIO, and give it to VFIO.',
  check({ machine }) {
    return groupOf(machine, GPU)?.owner === 'user' && machine.faults.length === 0;
  },
  nudge({ machine }) {
    const fault = faultNudge(machine);
    if (fault) return fault;
    const g = groupOf(machine, GPU);
    if (!g || g.owner === 'user') return null;
    const claimed = Object.values(machine.groups).find((o) => o.owner === 'user');
    if (claimed)
      return `Group ${claimed.id} (${claimed.devices.join(', ')}) went to VFIO, not the graphics card's group ${g.id}: give it back (**Return from VFIO**) and give group ${g.id} instead.`;
    const members = g.devices.flatMap((b) => machine.devices[b] ?? []);
    const typo = members.find((d) => d.driver && d.driver.name !== VFIO && d.driver.name.includes('vfio'));
    if (typo)
      return `${typo.bdf} is bound to ${code(typo.driver?.name ?? '')}, not \`${VFIO}\`: replace the whole **Driver name** before clicking **Bind driver**.`;
    // What vfio accepts in a viable group: vfio-pci, pci-stub, or nothing.
    const held = members.filter((d) => d.driver?.name === VFIO).map((d) => d.bdf);
    const used = members.filter((d) => d.driver && !VFIO_SAFE_DRIVERS.includes(d.driver.name));
    // Untouched, every member has its host driver: the hints say what to do.
    if (held.length === 0 && used.length === members.length) return null;
    if (used.length > 0)
      return `Next: ${used.map((d) => `${d.bdf} still has its host driver ${code(d.driver?.name ?? '')}`).join(' and ')}; VFIO takes group ${g.id} only once no device in it has one.`;
    if (held.length === 0)
      return `No device of group ${g.id} has a host driver now, but the group appears under /dev/vfio only once \`${VFIO}\` holds one of them: bind \`${VFIO}\`.`;
    return null;
  },
  hints: [
    'Select **IOMMU group 3** and click **Give to VFIO**: the kernel refuses. A group appears under /dev/vfio only once `vfio-pci` holds one of its devices, and the group is taken only when no device in it is used by a host driver.',
    'A group is viable when no device in it is used by an ordinary host driver. Unbind the host drivers and bind `vfio-pci`, the driver that holds devices for VFIO, to both functions.',
    'Click **01:00.0 Graphics card (GPU)**, click **Unbind driver**, replace `amdgpu` in **Driver name** with `vfio-pci` and click **Bind driver**. Do the same for **01:00.1 HDMI sound** (its field says `snd_hda_intel`). Then click **IOMMU group 3** and click **Give to VFIO**.',
  ],
  success: [
    '`iommu_group_claim_dma_owner()` accepted group 3 because no device in it used the kernel’s DMA API any more (its owner_cnt was 0; vfio-pci leaves DMA to user space). The group first moved to an empty blocking domain, then `vfio_iommu_type1_attach_group()` attached an unmanaged domain whose mappings the virtual machine controls.',
    'While user space owns the group, no host driver may take a device in it: a driver’s probe calls `iommu_device_use_default_domain()`, which answers -EBUSY for a claimed group. Nor can vfio-pci be unbound while the virtual machine has the device open: the unbind waits in `vfio_unregister_group_dev()` until user space lets go (the sandbox refuses it instead, with the request the kernel relays).',
  ],
};
