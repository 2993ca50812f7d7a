import json from '../../scenarios/lessons/l06-vfio.json';
import { groupOf } from './machine';
import { lessonScenario } from './scenario';
import type { Lesson } from './types';

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
    return groupOf(machine, '01:00.0')?.owner === 'user' && machine.faults.length === 0;
  },
  hints: [
    'Select **IOMMU group 3** and click **Give to VFIO**: the kernel refuses. A group appears under /dev/vfio only once `vfio-pci` holds one of its devices, and the group is taken only when no device in it is used by a host driver.',
    'A group is viable when no device in it is used by an ordinary host driver. Unbind the host drivers and bind `vfio-pci`, the driver that holds devices for VFIO, to both functions.',
    'Click **01:00.0 Graphics card (GPU)**, click **Unbind driver**, replace `amdgpu` in **Driver name** with `vfio-pci` and click **Bind driver**. Do the same for **01:00.1 HDMI sound** (its field says `snd_hda_intel`). Then click **IOMMU group 3** and click **Give to VFIO**.',
  ],
  success: [
    '`iommu_group_claim_dma_owner()` accepted group 3 because no device in it used the kernel’s DMA API any more (its owner_cnt was 0; vfio-pci leaves DMA to user space). The group first moved to an empty blocking domain, then `vfio_iommu_type1_attach_group()` attached an unmanaged domain whose mappings the virtual machine controls.',
    'While user space owns the group, no host driver may bind to either function: unbind vfio-pci from the graphics card and try to bind `amdgpu`; the kernel answers -EBUSY (`iommu_device_use_default_domain()`).',
  ],
};
