import json from '../../scenarios/lessons/l01-first-group.json';
import { groupOf } from './machine';
import { lessonScenario } from './scenario';
import type { Lesson } from './types';

const SOUND = '01:00.1';

export const firstGroup: Lesson = {
  id: 'first-group',
  title: 'What is an IOMMU group?',
  intro: [
    'Graphics cards, network cards and disks read and write the computer’s memory on their own (DMA, direct memory access); the IOMMU sits between them and the memory and decides which memory each device may reach.',
    'It cannot always tell devices apart, so Linux sorts them into IOMMU groups: the smallest sets of devices it can keep apart. A group is protected as a whole, and can only be given to a virtual machine as a whole.',
    'This desktop is switched off: boot it and find out which devices share a group.',
  ],
  scenario: lessonScenario(json),
  goal: 'Boot the machine, then select the IOMMU group that the HDMI sound device (01:00.1) is in.',
  check({ machine, selection }) {
    const g = groupOf(machine, SOUND);
    return machine.booted && g !== undefined && selection?.kind === 'group' && selection.id === g.id;
  },
  nudge({ machine, selection }) {
    if (!machine.booted || !selection) return null;
    const g = groupOf(machine, SOUND);
    if (!g)
      return machine.devices[SOUND]
        ? null
        : `${SOUND} is not in the machine any more: click **Start again**.`;
    if (selection.kind === 'device')
      return selection.id === SOUND
        ? 'You selected the HDMI sound device itself; the goal is the group it is in. Its **Group** fact in the inspector names it.'
        : `You selected ${selection.id}; the goal is the group of the HDMI sound device, ${SOUND}.`;
    if (selection.kind === 'group' && selection.id !== g.id) {
      const devices = machine.groups[String(selection.id)]?.devices ?? [];
      return `IOMMU group ${selection.id} holds ${devices.join(' and ') || 'no device'}, not the HDMI sound device 01:00.1.`;
    }
    if (selection.kind === 'domain')
      return 'That is a domain, the address map a group’s DMA goes through; the goal asks for a group.';
    return null;
  },
  hints: [
    'The machine is off, so nothing has a group yet: the **Devices and groups** list in the **Inspector** says **Not booted yet**. Booting runs the kernel, and the kernel forms the groups.',
    'After booting, **Devices and groups** lists every group with its devices under it. Find `01:00.1 HDMI sound`: the group line above it is the one you want.',
    'Click **Boot** at the bottom of the **Kernel and boot** panel on the left. Then, in the Inspector’s **Devices and groups** list, click **IOMMU group 3**.',
  ],
  success: [
    'IOMMU group 3 holds both the graphics card 01:00.0 and its HDMI sound 01:00.1. They are two functions of one card, and the card lacks ACS, the PCIe feature that makes functions send their DMA up to the IOMMU instead of straight to each other.',
    'So when the kernel added the sound function, `pci_device_group()` found its sister function and put it in the same group (the event log shows “Adding to iommu group 3” twice). The network card, alone behind its own root port, got group 4 to itself.',
  ],
};
