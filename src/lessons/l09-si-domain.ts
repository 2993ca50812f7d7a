import json from '../../scenarios/lessons/l09-si-domain.json';
import type { Machine } from '../kernel/types';
import { bootedWith, identityByDefault } from './machine';
import { lessonScenario } from './scenario';
import type { Lesson } from './types';

const NIC = '00:02.0';
/** The devices that must still use si_domain when it is freed: the question is about them. */
const OTHERS = ['00:00.0', '00:03.0'] as const;

// The path the goal names and the question explains: the network card removed, the host bridge
// and the NVMe SSD still there (removing another device, or Request DMA domain, frees si_domain
// too, but the success text and the question would not describe what happened).
const onTheLessonsPath = (m: Machine) => !m.devices[NIC] && OTHERS.every((b) => m.devices[b] !== undefined);

const labelOf = (bdf: string) => json.devices.find((d) => d.bdf === bdf)?.label ?? '';

export const siDomainFreed: Lesson = {
  id: 'si-domain-freed',
  title: 'The shared si_domain gets freed (a 2019 review bug, Linux 5.3)',
  intro: [
    'With iommu.passthrough=1 every group’s default domain is identity, and the Intel driver hands out the same object to all of them: its single si_domain.',
    'When the last device of a group goes away, the group is released and the kernel frees its default domain. Linux 5.3 as merged refuses to free si_domain, but the series reviewed in 2019 did not: switch that guard off and see why it matters.',
  ],
  scenario: lessonScenario(json),
  goal: 'Switch off the review fix that protects si_domain, boot, and hot-remove the network card (00:02.0) so that si_domain gets freed. Then explain why that is a bug.',
  check({ machine }) {
    const si = machine.siDomain;
    return (
      onTheLessonsPath(machine) &&
      !machine.fixes['si-domain-free-guard'] &&
      si !== null &&
      machine.domains[si]?.freed === true &&
      machine.faults.some((f) => f.kind === 'use-after-free' && f.domain === si)
    );
  },
  nudge({ machine, reachedBefore }) {
    if (!machine.booted) return null;
    // What the success text predicts, tried: a rescan brings the card back into the freed
    // si_domain, a later release frees it again.
    if (reachedBefore)
      return 'as the success text says, the freed si_domain goes on doing harm: the **Event log** names the use-after-free or double free of this step.';
    if (!machine.siDomain || !identityByDefault(machine))
      return `Booted with ${bootedWith(machine)}, the groups are not identity-mapped, so none of them uses si_domain: put \`iommu.passthrough=1\` back on the command line and click **Boot**.`;
    const si = machine.siDomain;
    if (machine.domains[si]?.freed && !onTheLessonsPath(machine)) {
      // Undo takes back one action at a time, the boot without the guard stays.
      const gone = OTHERS.filter((b) => !machine.devices[b]).map((b) => `${b} ${labelOf(b)}`);
      return gone.length > 0
        ? `si_domain was freed, but ${gone.join(' and ')} ${gone.length > 1 ? 'were' : 'was'} removed; the goal is to remove the network card (00:02.0) alone, while the other devices still use si_domain: click **Undo** until ${gone.length > 1 ? 'they are' : 'it is'} back, then hot-remove only 00:02.0.`
        : 'si_domain was freed, but not by removing the network card (00:02.0): click **Undo** to take back what freed it, then hot-remove only 00:02.0.';
    }
    if (machine.fixes['si-domain-free-guard'] && machine.removed.length > 0)
      return 'A group was released, and si_domain survived: the guard **si_domain is never freed** is still on. Uncheck it in **Kernel and boot** and click **Boot**: the steps run again without it.';
    return null;
  },
  hints: [
    'Select **IOMMU group 1** and **IOMMU group 2**: both have the same **Default domain**, si_domain. A group is released when its last device goes away.',
    'The guard is the review fix **si_domain is never freed** in the **Kernel and boot** panel. Settings there take effect when you boot.',
    'In **Kernel and boot**, uncheck **si_domain is never freed** and click **Boot**. Then click **00:02.0 Network card** in **Devices and groups** and click **Hot-remove**.',
  ],
  success: [
    'Removing the network card released group 1, and `iommu_group_release()` called `iommu_domain_free()` on the group’s default domain: si_domain. Without the guard in `intel_iommu_domain_free()`, `domain_exit()` detached every device still using si_domain (their context entries are cleared, so their DMA now faults) and freed it while groups 0 and 2 still point at it.',
    'The next identity group would be handed the freed memory (use-after-free), and releasing another group would free it again (double free). As merged, `intel_iommu_domain_free()` simply skips si_domain.',
  ],
  explain: {
    question: 'Why is freeing si_domain here a bug, when the network card really is gone?',
    choices: [
      {
        text: 'si_domain is shared: the host bridge and the NVMe SSD in the other groups still use it.',
        correct: true,
        feedback:
          'Right. Domains have no reference count: the released group freed its default domain as if it owned it alone, under the feet of every other identity group.',
      },
      {
        text: 'The network card’s driver was still bound when it was removed.',
        correct: false,
        feedback:
          'Not that: hot-remove unbinds the driver first, and removing a device is normal. The trouble is what got freed.',
      },
      {
        // A misconception about sharing, not a rule: "an identity domain must never be freed" would
        // be true on Intel (si_domain is static and the only one), so it cannot be the wrong answer.
        text: 'Each identity group has its own copy of si_domain, and the release freed the wrong copy.',
        correct: false,
        feedback:
          'There are no copies: the Intel driver hands the same si_domain to every identity group. That is why freeing it for one group pulls it from under the others.',
      },
    ],
  },
};
