import json from '../../scenarios/lessons/l02-acs-hotplug.json';
import { addedDevices, groupOf } from './machine';
import { lessonScenario } from './scenario';
import type { Lesson } from './types';

const scenario = lessonScenario(json);

export const acsHotplug: Lesson = {
  id: 'acs-hotplug',
  title: 'Why do devices share a group? Plug in a card',
  intro: [
    'Whether a device gets a group of its own depends on the bridges between it and the IOMMU. A PCIe port with ACS (Access Control Services) promises to send every DMA request up to the IOMMU; a port without ACS may let the devices below it reach each other directly, so the kernel groups them together.',
    'This board has two empty slots, one below a root port with ACS and one below a port without it. You will plug a card in while the machine runs (hot-plug).',
  ],
  scenario,
  goal: 'Plug a new card into one of the empty slots so that it gets an IOMMU group of its own.',
  check({ machine }) {
    return addedDevices(machine, scenario).some(
      (d) => d.spec.parent !== undefined && groupOf(machine, d.bdf)?.devices.length === 1,
    );
  },
  nudge({ machine, reachedBefore }) {
    for (const d of addedDevices(machine, scenario)) {
      if (d.spec.parent === undefined)
        return `${d.bdf} was added on the root bus, not into a slot: **Hot-remove** it and add a card whose **Parent** is one of the two root ports.`;
      const g = groupOf(machine, d.bdf);
      if (g && g.devices.length > 1) {
        const others = g.devices.filter((b) => b !== d.bdf);
        const why = `nothing above it stops its DMA from reaching ${others.length === 1 ? 'it' : 'them'} directly`;
        // Done already: the reader is trying the other slot, as the success text suggests.
        if (reachedBefore)
          return `as expected, the card ${d.bdf} joined IOMMU group ${g.id} with ${others.join(' and ')}: ${why}.`;
        return `The card ${d.bdf} joined IOMMU group ${g.id} with ${others.join(' and ')}: ${why}. **Hot-remove** it and try the other slot.`;
      }
    }
    return null;
  },
  hints: [
    'Read the labels of the two root ports, Slot A and Slot B, in **Devices and groups**. A card below the port without ACS would share that port’s group.',
    'Slot A is root port 00:1c.0, which has ACS. A card plugged in below it sits on bus 01, so its address is 01:00.0.',
    'Click **Add device** above the graph. Type `01:00.0` into **BDF**, choose `00:1c.0 Slot A: ACS` as **Parent**, type `New card` into **Label**, and click **Add**.',
  ],
  success: [
    'The new card got an IOMMU group to itself. When it appeared, `iommu_probe_device()` asked `pci_device_group()` for its group. Walking up from the card, the first bridge is root port 00:1c.0, and its ACS guarantees that the card’s DMA can only go up to the IOMMU, so the card can be isolated.',
    'Below slot B’s port it would have joined the port’s group instead. Try it: **Hot-remove** the card, then add one at `02:00.0` below `00:1d.0`.',
  ],
};
