/**
 * The lessons' nudges: silent on an untouched machine and once the goal is reached, and on a
 * wrong turn a sentence that names what is off — the slot, the driver, the kernel, the step.
 */

import { describe, expect, it } from 'vitest';
import { selectMachine } from '../store/sandbox';
import { LESSONS } from './catalog';
import { lessonNudge } from './goal';
import { lesson, started } from './learner.testkit';

describe('lesson nudges', () => {
  it.each(LESSONS.map((l) => [l.id, l] as const))('%s: none on the untouched machine', (_, l) => {
    expect(started(l).nudge()).toBeNull();
  });

  it('none for a lesson whose machine is not the one shown (its status says to press Start lesson)', () => {
    const { l, store } = started(lesson('vfio'));
    l.act({ op: 'unbind', device: '01:00.0' });
    expect(lessonNudge(lesson('vfio'), store.getState())).not.toBeNull();
    expect(lessonNudge(lesson('sysfs-type'), store.getState())).toBeNull();
  });

  it('an earlier step viewed: sent forward only when the last step reaches the goal', () => {
    const { l, store, nudge, reached } = started(lesson('dma-mask-32'));
    l.act({ op: 'dma', device: '00:03.0' });
    expect(reached()).toBe(true);
    expect(nudge()).toBeNull();
    store.getState().stepBack();
    expect(reached()).toBe(false);
    expect(nudge()).toMatch(
      /shows step 0, not the last one \(step 1\), where the goal is reached.*\*\*Step forward\*\*/,
    );

    const acs = started(lesson('acs-hotplug'));
    acs.l.addDevice({ bdf: '02:00.0', parent: '00:1d.0', label: 'New card' });
    acs.store.getState().stepBack();
    // Forward would not help: nothing about the step, and the viewed step itself has no wrong turn.
    expect(acs.nudge()).toBeNull();
  });

  it('a refused step: the kernel’s answer says why', () => {
    const { l, nudge } = started(lesson('sysfs-type'));
    l.act({ op: 'set-group-type', group: 2, value: 'DMA' });
    expect(nudge()).toBe(
      'The kernel refused the last step with `-EBUSY`: its answer, under the graph’s toolbar and in the **Event log**, says why.',
    );
  });

  it('the IOMMU switched off, in any lesson', () => {
    const { l, nudge } = started(lesson('si-domain-freed'));
    l.typeCmdline('iommu.passthrough=1 intel_iommu=off');
    l.clickBoot();
    expect(nudge()).toMatch(/^Booted with `iommu\.passthrough=1 intel_iommu=off`, the IOMMU is off/);
  });

  it('si_domain: a rescan after the goal, as the success text predicts, is a use-after-free, not a wrong turn', () => {
    const { l, reached, nudge } = started(lesson('si-domain-freed'));
    l.uncheckFix('si-domain-free-guard');
    l.clickBoot();
    l.act({ op: 'hot-remove', device: '00:02.0' });
    expect(reached()).toBe(true);
    l.act({ op: 'rescan' });
    expect(reached()).toBe(false);
    expect(nudge()).toMatch(/^as the success text says, the freed si_domain goes on doing harm/);
  });

  it('another kernel never reaches the goal: the success text names the lesson kernel’s functions', () => {
    const { l, store, reached, nudge } = started(lesson('si-domain-freed'));
    store.getState().editDraft({ kernel: 'v5.7' });
    l.uncheckFix('si-domain-free-guard');
    l.clickBoot();
    l.act({ op: 'hot-remove', device: '00:02.0' });
    const freed = selectMachine(store.getState()).faults.some((f) => f.kind === 'use-after-free');
    expect(freed).toBe(true);
    expect(reached()).toBe(false);
    expect(nudge()).toMatch(/^This lesson is about `v5\.3`, and the machine now runs `v5\.7`/);
  });

  it('iommu=pt: a group type written at run time is not the default at boot', () => {
    const { l, nudge } = started(lesson('iommu-pt'));
    l.act({ op: 'unbind', device: '00:02.0' });
    l.act({ op: 'set-group-type', group: 1, value: 'identity' });
    expect(nudge()).toMatch(/^Group 1 is identity because its type was written while the machine runs/);
  });

  it('5.3 lessons: a domain switched by hand, or the first DMA of the wrong device', () => {
    const mask = started(lesson('dma-mask-32'));
    mask.l.act({ op: 'dma', device: '00:02.0' });
    expect(mask.nudge()).toMatch(/^00:02\.0 did its first DMA, and its 64-bit mask reaches all of memory/);
    mask.l.act({ op: 'request-domain', device: '00:03.0', type: 'DMA' });
    mask.l.act({ op: 'dma', device: '00:03.0' });
    expect(mask.reached()).toBe(false);
    expect(mask.nudge()).toMatch(
      /^\*\*Request DMA domain\*\* \(or \*\*Request identity domain\*\*\) switched a domain by hand/,
    );

    const two = started(lesson('two-needs'));
    two.l.act({ op: 'dma', device: '01:00.0' });
    expect(two.nudge()).toMatch(/^01:00\.0 did its first DMA, and its 64-bit mask needs nothing/);
    two.l.act({ op: 'hot-remove', device: '01:00.0' });
    expect(two.nudge()).toMatch(/^01:00\.0 is gone, so the group has one device/);
  });

  it('VFIO: pci-stub is no host driver; another group given to VFIO is named', () => {
    const { l, nudge, reached } = started(lesson('vfio'));
    l.act({ op: 'unbind', device: '01:00.0' });
    l.bind('01:00.0', 'vfio-pci');
    l.act({ op: 'unbind', device: '01:00.1' });
    l.bind('01:00.1', 'pci-stub');
    expect(nudge()).toBeNull();
    l.act({ op: 'vfio-claim', group: 3 });
    expect(reached()).toBe(true);

    const other = started(lesson('vfio'));
    other.l.act({ op: 'unbind', device: '00:02.0' });
    other.l.bind('00:02.0', 'vfio-pci');
    other.l.act({ op: 'vfio-claim', group: 2 });
    expect(other.nudge()).toMatch(/^Group 2 \(00:02\.0\) went to VFIO, not the graphics card's group 3/);
  });

  it("sysfs type: the network card's group changed instead", () => {
    const { l, nudge } = started(lesson('sysfs-type'));
    l.act({ op: 'unbind', device: '00:02.0' });
    l.act({ op: 'set-group-type', group: 1, value: 'DMA' });
    expect(nudge()).toMatch(/^Group 1 is the network card’s; the old SATA controller is in group 2/);
  });

  it('kdump: booted as a kdump kernel without a crash; the old-tables device picked before the NVMe DMA', () => {
    const { l, nudge } = started(lesson('kdump'));
    l.act({ op: 'crash' });
    l.selectDevice('00:02.0');
    expect(nudge()).toMatch(
      /^Yes, 00:02\.0 is on the crashed kernel’s tables; the goal also asks for the NVMe drive’s first DMA/,
    );

    const direct = started(lesson('kdump'));
    direct.store.getState().editDraft({ machine: { kdump: true } });
    direct.l.clickBoot();
    expect(direct.nudge()).toMatch(/^This kdump kernel was booted directly/);
  });

  it('si_domain: freed another way than removing the network card', () => {
    const { l, nudge, reached, store } = started(lesson('si-domain-freed'));
    l.uncheckFix('si-domain-free-guard');
    l.clickBoot();
    l.act({ op: 'hot-remove', device: '00:03.0' });
    expect(reached()).toBe(false);
    const said = nudge();
    expect(said).toBe(
      'si_domain was freed, but 00:03.0 NVMe SSD was removed; the goal is to remove the network card (00:02.0) alone, while the other devices still use si_domain: click **Undo** until it is back, then hot-remove only 00:02.0.',
    );
    // It names nothing the learner has not seen yet (the success text and the question come after).
    expect(said).not.toMatch(/success text|question/);
    // What it says works: Undo once (the guard stays off), then remove the network card.
    store.getState().undo();
    l.act({ op: 'hot-remove', device: '00:02.0' });
    expect(reached()).toBe(true);

    const both = started(lesson('si-domain-freed'));
    both.l.uncheckFix('si-domain-free-guard');
    both.l.clickBoot();
    both.l.act({ op: 'hot-remove', device: '00:00.0' });
    both.l.act({ op: 'hot-remove', device: '00:02.0' });
    both.l.act({ op: 'hot-remove', device: '00:03.0' });
    expect(both.nudge()).toMatch(
      /^si_domain was freed, but 00:00\.0 Host bridge and 00:03\.0 NVMe SSD were removed.*\*\*Undo\*\* until they are back/,
    );

    const asked = started(lesson('si-domain-freed'));
    asked.l.uncheckFix('si-domain-free-guard');
    asked.l.clickBoot();
    asked.l.act({ op: 'request-domain', device: '00:02.0', type: 'DMA' });
    expect(asked.nudge()).toMatch(
      /^si_domain was freed, but not by removing the network card \(00:02\.0\): click \*\*Undo\*\*/,
    );
  });

  it('another kernel booted: names both kernels', () => {
    const { store, nudge } = started(lesson('two-needs'));
    store.getState().editDraft({ kernel: 'v6.1' });
    expect(nudge()).toMatch(/not running yet.*\*\*Boot\*\*/);
    store.getState().boot();
    expect(nudge()).toMatch(/about `v5\.3`, and the machine now runs `v6\.1`/);
    // Boot renames the scenario after each kernel it runs on: it is still the lesson's machine.
    store.getState().editDraft({ kernel: 'v5.8' });
    store.getState().boot();
    expect(store.getState().scenario.name).not.toBe(lesson('two-needs').scenario.name);
    expect(nudge()).toMatch(/about `v5\.3`, and the machine now runs `v5\.8`/);
  });

  it('first group: the device itself, another group, or a domain is not its group', () => {
    const { l, nudge } = started(lesson('first-group'));
    l.clickBoot();
    expect(nudge()).toBeNull();
    l.selectDevice('01:00.1');
    expect(nudge()).toMatch(/HDMI sound device itself.*\*\*Group\*\* fact/);
    l.selectGroup(4);
    expect(nudge()).toMatch(/^IOMMU group 4 holds 02:00\.0, not the HDMI sound device/);
    l.selectDevice('01:00.0');
    expect(nudge()).toBe('You selected 01:00.0; the goal is the group of the HDMI sound device, 01:00.1.');
    l.typeCmdline('ro quiet intel_iommu=off');
    l.clickBoot();
    expect(nudge()).toMatch(/^Booted with `ro quiet intel_iommu=off`, the IOMMU is off: no groups/);
  });

  it('ACS: a card below the port without ACS, or on the root bus', () => {
    const { l, nudge } = started(lesson('acs-hotplug'));
    l.addDevice({ bdf: '02:00.0', parent: '00:1d.0', label: 'New card' });
    expect(nudge()).toMatch(/The card 02:00\.0 joined IOMMU group \d+ with 00:1d\.0.*try the other slot/);
    l.act({ op: 'hot-remove', device: '02:00.0' });
    expect(nudge()).toBeNull();
    l.addDevice({ bdf: '00:05.0', label: 'New card' });
    expect(nudge()).toMatch(/00:05\.0 was added on the root bus/);
  });

  it('ACS: once the goal is reached, trying the other slot as the success text says is no wrong turn', () => {
    const { l, nudge } = started(lesson('acs-hotplug'));
    l.addDevice({ bdf: '01:00.0', parent: '00:1c.0', label: 'New card' });
    expect(nudge()).toBeNull();
    l.act({ op: 'hot-remove', device: '01:00.0' });
    l.addDevice({ bdf: '02:00.0', parent: '00:1d.0', label: 'New card' });
    expect(nudge()).toMatch(
      /^as expected, the card 02:00\.0 joined IOMMU group \d+ with 00:1d\.0: nothing above/,
    );
    expect(nudge()).not.toMatch(/try the other slot/);
  });

  it('iommu=pt: another option booted, or the IOMMU switched off', () => {
    const { l, nudge } = started(lesson('iommu-pt'));
    l.typeCmdline('ro quiet iommu.strict=1');
    l.clickBoot();
    expect(nudge()).toMatch(
      /booted with `ro quiet iommu\.strict=1`, and the default domain type is still translated/,
    );
    l.typeCmdline('ro quiet intel_iommu=off');
    l.clickBoot();
    expect(nudge()).toMatch(/the IOMMU is off: no groups/);
  });

  it('32-bit DMA (5.3): the driver unbound, or bound with a 64-bit mask', () => {
    const { l, nudge } = started(lesson('dma-mask-32'));
    l.act({ op: 'unbind', device: '00:03.0' });
    expect(nudge()).toMatch(/00:03\.0 has no driver now.*`sata_sil`/);
    l.act({ op: 'bind', device: '00:03.0', driver: { name: 'sata_sil', dmaMask: 64 } });
    expect(nudge()).toMatch(/now has a 64-bit DMA mask/);
    l.typeCmdline('');
    l.clickBoot();
    expect(nudge()).toMatch(/Booted with `\(empty\)`, every group is translated from the start/);
  });

  it('32-bit DMA (5.3): a first DMA without iommu=pt, or under a freed si_domain, is no goal', () => {
    // Every group translated from the start: the first DMA changes nothing to see.
    const plain = started(lesson('dma-mask-32'));
    plain.l.typeCmdline('');
    plain.l.clickBoot();
    plain.l.act({ op: 'dma', device: '00:03.0' });
    expect(plain.reached()).toBe(false);
    expect(plain.nudge()).toMatch(/every group is translated from the start/);
    // The guard off: the first DMA frees si_domain under the other groups.
    const unguarded = started(lesson('dma-mask-32'));
    unguarded.l.uncheckFix('si-domain-free-guard');
    unguarded.l.clickBoot();
    unguarded.l.act({ op: 'dma', device: '00:03.0' });
    expect(unguarded.reached()).toBe(false);
    expect(unguarded.nudge()).toMatch(/^The kernel recorded a fault \(use-after-free/);
  });

  it('sysfs type (6.1): a 64-bit rebind is no goal, and a reboot undoes the write', () => {
    const { l, nudge, reached } = started(lesson('sysfs-type'));
    l.act({ op: 'unbind', device: '00:03.0' });
    l.act({ op: 'set-group-type', group: 2, value: 'DMA' });
    l.act({ op: 'bind', device: '00:03.0', driver: { name: 'sata_sil', dmaMask: 64 } });
    expect(reached()).toBe(false);
    expect(nudge()).toMatch(/now has a 64-bit DMA mask/);
    l.act({ op: 'unbind', device: '00:03.0' });
    l.bind('00:03.0', 'sata_sil');
    expect(reached()).toBe(true);
    l.act({ op: 'boot' });
    expect(reached()).toBe(false);
    expect(nudge()).toMatch(/^This boot gave group 2 identity again: a write to its `type` file lasts until/);
  });

  it('two needs: the IDE function removed', () => {
    const { l, nudge } = started(lesson('two-needs'));
    l.act({ op: 'hot-remove', device: '01:00.1' });
    expect(nudge()).toMatch(/01:00\.1 is not in the machine any more/);
  });

  it('VFIO: one function left to its host driver, a mistyped driver name, no vfio-pci at all', () => {
    const { l, nudge, reached } = started(lesson('vfio'));
    l.act({ op: 'unbind', device: '01:00.0' });
    l.bind('01:00.0', 'amdgpuvfio-pci');
    expect(nudge()).toMatch(/01:00\.0 is bound to `amdgpuvfio-pci`, not `vfio-pci`: replace the whole/);
    l.act({ op: 'unbind', device: '01:00.0' });
    expect(nudge()).toMatch(
      /^Next: 01:00\.1 still has its host driver `snd_hda_intel`; VFIO takes group 3 only once/,
    );
    l.act({ op: 'unbind', device: '01:00.1' });
    expect(nudge()).toMatch(/No device of group 3 has a host driver now.*bind `vfio-pci`/);
    l.bind('01:00.0', 'vfio-pci');
    l.bind('01:00.1', 'vfio-pci');
    expect(nudge()).toBeNull();
    l.act({ op: 'vfio-claim', group: 3 });
    expect(reached()).toBe(true);
    expect(nudge()).toBeNull();
  });

  it('sysfs type: the type changed but the driver not bound again; iommu=pt dropped', () => {
    const { l, nudge } = started(lesson('sysfs-type'));
    l.act({ op: 'unbind', device: '00:03.0' });
    l.act({ op: 'set-group-type', group: 2, value: 'DMA' });
    expect(nudge()).toMatch(/^Next: group 2 is translated now; bind the controller’s driver again/);
    l.typeCmdline('');
    l.clickBoot();
    expect(nudge()).toMatch(/booted with `\(empty\)`, so groups are not identity by default/);
  });

  it('kdump: the NVMe drive picked before its first DMA; a device on this kernel’s tables; the fix off', () => {
    const { l, nudge, store } = started(lesson('kdump'));
    l.act({ op: 'crash' });
    l.selectDevice('00:03.0');
    expect(nudge()).toMatch(/^Next: click \*\*First DMA\*\* for the NVMe drive/);
    l.act({ op: 'dma', device: '00:03.0' });
    // The NVMe drive is the device the goal asks to use: still selected after its DMA, no nudge.
    expect(nudge()).toBeNull();
    // Another device moved off the copied tables is a wrong turn.
    l.bind('00:02.0', 'e1000e');
    l.act({ op: 'dma', device: '00:02.0' });
    l.selectDevice('00:02.0');
    expect(nudge()).toMatch(/^00:02\.0’s DMA is translated through this kernel’s own domain/);
    store.getState().editDraft({ fixes: { 'defer-attach-in-kdump': false } });
    l.clickBoot();
    expect(nudge()).toMatch(/\*\*attach is deferred in a kdump kernel\*\* switched off/);
  });

  it('si_domain: the guard still on when a group is released; not booted identity', () => {
    const { l, nudge } = started(lesson('si-domain-freed'));
    l.act({ op: 'hot-remove', device: '00:02.0' });
    expect(nudge()).toMatch(/si_domain survived: the guard \*\*si_domain is never freed\*\* is still on/);
    l.typeCmdline('');
    l.clickBoot();
    expect(nudge()).toMatch(/the groups are not identity-mapped/);
  });
});
