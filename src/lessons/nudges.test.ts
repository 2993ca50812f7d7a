/**
 * The lessons' nudges: silent on an untouched machine and once the goal is reached, and on a
 * wrong turn a sentence that names what is off — the slot, the driver, the kernel, the step.
 */
import { describe, expect, it } from 'vitest';
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

  it('an earlier step viewed: the goal is checked on the step shown', () => {
    const { l, store, nudge, reached } = started(lesson('dma-mask-32'));
    l.act({ op: 'dma', device: '00:03.0' });
    expect(reached()).toBe(true);
    expect(nudge()).toBeNull();
    store.getState().stepBack();
    expect(reached()).toBe(false);
    expect(nudge()).toMatch(/earlier step \(1 of 2\).*\*\*Step forward\*\*/);
  });

  it('another kernel booted: names both kernels', () => {
    const { store, nudge } = started(lesson('two-needs'));
    store.getState().editDraft({ kernel: 'v6.1' });
    expect(nudge()).toMatch(/not running yet.*\*\*Boot\*\*/);
    store.getState().boot();
    expect(nudge()).toMatch(/about `v5\.3`, and the machine now runs `v6\.1`/);
  });

  it('first group: the device itself, another group, or a domain is not its group', () => {
    const { l, nudge } = started(lesson('first-group'));
    l.clickBoot();
    expect(nudge()).toBeNull();
    l.selectDevice('01:00.1');
    expect(nudge()).toMatch(/HDMI sound device itself.*\*\*Group\*\* fact/);
    l.selectGroup(4);
    expect(nudge()).toMatch(/^IOMMU group 4 holds 02:00\.0, not the HDMI sound device/);
    l.typeCmdline('ro quiet intel_iommu=off');
    l.clickBoot();
    expect(nudge()).toMatch(/Booted with `ro quiet intel_iommu=off`, the kernel made no IOMMU groups/);
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
    expect(nudge()).toMatch(/00:03\.0 has no driver now.*`sata_old`/);
    l.act({ op: 'bind', device: '00:03.0', driver: { name: 'sata_old', dmaMask: 64 } });
    expect(nudge()).toMatch(/now has a 64-bit DMA mask/);
    l.typeCmdline('');
    l.clickBoot();
    expect(nudge()).toMatch(/Booted with `\(empty\)`, every group is translated from the start/);
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
    expect(nudge()).toMatch(/^01:00\.1 is still used by `snd_hda_intel`: VFIO takes group 3 only when/);
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
    expect(nudge()).toMatch(/^Group 2 is translated now: bind the controller’s driver again/);
    l.typeCmdline('');
    l.clickBoot();
    expect(nudge()).toMatch(/booted with `\(empty\)`, so groups are not identity by default/);
  });

  it('kdump: the NVMe drive picked before its first DMA; a device on this kernel’s tables; the fix off', () => {
    const { l, nudge, store } = started(lesson('kdump'));
    l.act({ op: 'crash' });
    l.selectDevice('00:03.0');
    expect(nudge()).toMatch(/uses the crashed kernel’s tables too.*\*\*First DMA\*\*/);
    l.act({ op: 'dma', device: '00:03.0' });
    expect(nudge()).toMatch(/^00:03\.0’s DMA is translated through this kernel’s own domain/);
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
