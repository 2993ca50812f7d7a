import json from '../../scenarios/lessons/l05-two-needs.json';
import {
  bootedWith,
  byHandNudge,
  groupTypeOf,
  identityByDefault,
  oldDriverNudge,
  otherDmaNudge,
  requestedByHand,
} from './machine';
import { lessonScenario } from './scenario';
import type { Lesson } from './types';

const IDE = '01:00.1';
const SATA = '01:00.0';

export const twoNeeds: Lesson = {
  id: 'two-needs',
  title: 'Two devices with different needs in one group (Linux 5.3)',
  intro: [
    'A group has one default domain, shared by all its devices. What happens when two devices in the same group need different kinds of domain?',
    'This disk controller has two functions without ACS, so they share group 1, which is identity under iommu=pt. The IDE function’s driver has a 32-bit DMA mask: in the previous lesson such a device got its group switched to a DMA domain.',
  ],
  scenario: lessonScenario(json),
  goal: 'Make the IDE function (01:00.1) do its first DMA, and find out where its DMA goes now.',
  check({ machine, scenario }) {
    if (requestedByHand(scenario)) return false;
    const d = machine.devices[IDE];
    const own = d?.driverDomain ? machine.domains[d.driverDomain] : undefined;
    return (
      d?.dmaStarted === true &&
      own?.kind === 'private' &&
      !own.freed &&
      groupTypeOf(machine, IDE) === 'identity'
    );
  },
  nudge({ machine, scenario }) {
    if (!machine.booted) return null;
    const byHand = byHandNudge(scenario);
    if (byHand) return byHand;
    if (!identityByDefault(machine))
      return `Booted with ${bootedWith(machine)}, group 1 is translated from the start, so the two functions want the same kind of domain: put \`iommu=pt\` back on the command line and click **Boot**.`;
    if (!machine.devices[SATA])
      return `${SATA} is gone, so the group has one device and its default domain can simply be replaced: the lesson needs both functions. Click **Start again** (or **Rescan**).`;
    return (
      oldDriverNudge(machine, IDE, 'pata_jmicron') ??
      otherDmaNudge(
        machine,
        IDE,
        [SATA],
        'its 64-bit mask needs nothing: the IDE function 01:00.1 is the one with a 32-bit mask.',
      )
    );
  },
  hints: [
    'The kernel can replace a group’s default domain only when the group has a single device.',
    'After the IDE function’s first DMA, its facts in the inspector give two answers: **Driver view** (where its DMA really goes) and **Core view (group)** (what the group says).',
    'In **Devices and groups**, click **01:00.1 Controller IDE function**, then click **First DMA**.',
  ],
  success: [
    '`iommu_request_dma_domain_for_dev()` failed with -EBUSY because group 1 has two devices, so the Intel driver fell back to `get_private_domain_for_dev()`: a private DMA domain for this one function. The group’s default domain is still `si_domain`.',
    'Now the core and the driver disagree about the IDE function: the group says identity, its DMA goes through the private domain. This split was one of the problems of the 2019 review; from 5.8 on there are no private domains, and the kernel asks every device of a group for its needs before it picks the group’s type. A 32-bit mask is not one of those needs there: on 5.8 the IDE function stays identity, and its buffers above 4 GiB bounce through swiotlb (choose v5.8 and click **Boot** to see).',
  ],
  // The goal's "find out where its DMA goes": the two views, asked rather than assumed read.
  explain: {
    question: 'Group 1 still says identity. Where does the IDE function’s DMA go now?',
    choices: [
      {
        text: 'Through a DMA domain of its own, which the Intel driver gave it when the group’s default could not change.',
        correct: true,
        feedback:
          'Right: that is the driver view, and the hardware follows it. The core view, the group’s identity default, is what sysfs shows, and no longer says where this device’s DMA goes.',
      },
      {
        text: 'Through si_domain, untranslated, like the SATA function’s: the group is identity.',
        correct: false,
        feedback:
          'That is the core view, the group’s default. Select 01:00.1 and compare its Driver view with its Core view: its context entry points at another domain.',
      },
      {
        text: 'Nowhere: the request for a DMA domain failed, so its DMA faults.',
        correct: false,
        feedback:
          'The request failed with -EBUSY, but the driver had a fallback: a private DMA domain, which translates the DMA within the 32-bit mask.',
      },
    ],
  },
};
