/**
 * Every lesson: its machine is a valid scenario, its goal is not reached when it starts, and it is
 * reached after exactly what the last hint says to do, done the way the page's controls do it.
 */
import { describe, expect, it } from 'vitest';
import { groupType } from '../kernel/snapshot';
import { parseScenario } from '../scenario/validate';
import { createSandboxStore, selectMachine } from '../store/sandbox';
import { dmaWhy } from '../teach/dmaWhy';
import { glossary } from '../teach/glossary';
import { LESSONS } from './catalog';
import { goalReached } from './goal';
import { type Learner, learner, lesson, started } from './learner.testkit';
import { dmaOf } from './machine';
import { startLesson } from './start';

/** What each lesson's last hint says to do. */
const SOLUTIONS: Record<string, (l: Learner) => void> = {
  'first-group': (l) => {
    l.clickBoot();
    l.selectGroup(3);
  },
  'acs-hotplug': (l) => l.addDevice({ bdf: '01:00.0', parent: '00:1c.0', label: 'New card' }),
  'iommu-pt': (l) => {
    l.typeCmdline('ro quiet iommu=pt');
    l.clickBoot();
  },
  'dma-mask-32': (l) => {
    l.selectDevice('00:03.0');
    l.act({ op: 'dma', device: '00:03.0' });
  },
  'two-needs': (l) => {
    l.selectDevice('01:00.1');
    l.act({ op: 'dma', device: '01:00.1' });
  },
  vfio: (l) => {
    for (const bdf of ['01:00.0', '01:00.1']) {
      l.selectDevice(bdf);
      l.act({ op: 'unbind', device: bdf });
      l.bind(bdf, 'vfio-pci');
    }
    l.selectGroup(3);
    l.act({ op: 'vfio-claim', group: 3 });
  },
  'sysfs-type': (l) => {
    l.selectDevice('00:03.0');
    l.act({ op: 'unbind', device: '00:03.0' });
    l.selectGroup(2);
    l.act({ op: 'set-group-type', group: 2, value: 'DMA' });
    l.selectDevice('00:03.0');
    l.bind('00:03.0', 'sata_sil');
  },
  kdump: (l) => {
    l.act({ op: 'crash' });
    l.selectDevice('00:03.0');
    l.act({ op: 'dma', device: '00:03.0' });
    l.selectDevice('00:02.0');
  },
  'si-domain-freed': (l) => {
    l.uncheckFix('si-domain-free-guard');
    l.clickBoot();
    l.selectDevice('00:02.0');
    l.act({ op: 'hot-remove', device: '00:02.0' });
  },
};

describe('the lessons', () => {
  it('are at least eight, with unique ids and machine names', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(8);
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
    expect(new Set(LESSONS.map((l) => l.scenario.name)).size).toBe(LESSONS.length);
    expect(Object.keys(SOLUTIONS).sort()).toEqual(LESSONS.map((l) => l.id).sort());
  });

  describe.each(LESSONS.map((l) => [l.id, l] as const))('%s', (_, l) => {
    it('starts from a valid scenario, with a short intro and two or three hints', () => {
      const r = parseScenario(JSON.stringify(l.scenario));
      expect(r.ok ? [] : r.problems).toEqual([]);
      const sentences = l.intro.join(' ').split(/(?<=[.!?])\s+/).length;
      expect(sentences).toBeGreaterThanOrEqual(2);
      expect(sentences).toBeLessThanOrEqual(4);
      expect(l.hints.length).toBeGreaterThanOrEqual(2);
      expect(l.hints.length).toBeLessThanOrEqual(3);
      expect(l.success.join(' ')).toMatch(/`[a-z_]+\(\)`/);
    });

    it('is not reached at the start, and is reached after what the last hint says', () => {
      const { l: learnerOf, reached, store } = started(l);
      expect(reached()).toBe(false);
      SOLUTIONS[l.id]?.(learnerOf);
      expect(store.getState().runs.every((r) => r.ok)).toBe(true);
      expect(reached()).toBe(true);
    });
  });

  it('never counts another machine, even one where the same state is reached', () => {
    const l = lesson('iommu-pt');
    const store = createSandboxStore({ ...structuredClone(l.scenario), name: 'Someone else’s server' });
    learner(store).typeCmdline('iommu=pt');
    learner(store).clickBoot();
    expect(groupType(selectMachine(store.getState()), selectMachine(store.getState()).groups['1']!)).toBe(
      'identity',
    );
    expect(goalReached(l, store.getState())).toBe(false);
  });
});

describe('goals follow the machine, not the clicks', () => {
  it('first group: another group, or the right one before booting, does not count', () => {
    const { l, reached } = started(lesson('first-group'));
    l.selectGroup(3);
    expect(reached()).toBe(false);
    l.clickBoot();
    l.selectGroup(4);
    expect(reached()).toBe(false);
  });

  it('ACS: a card behind the port without ACS shares its group, so it does not count', () => {
    const { l, reached } = started(lesson('acs-hotplug'));
    l.addDevice({ bdf: '02:00.0', parent: '00:1d.0', label: 'New card' });
    expect(reached()).toBe(false);
    l.act({ op: 'hot-remove', device: '02:00.0' });
    l.addDevice({ bdf: '01:00.0', parent: '00:1c.0', label: 'New card' });
    expect(reached()).toBe(true);
  });

  it('iommu=pt: writing identity to the group type is not the setting asked for', () => {
    const { l, reached } = started(lesson('iommu-pt'));
    l.act({ op: 'unbind', device: '00:02.0' });
    l.act({ op: 'set-group-type', group: 1, value: 'identity' });
    expect(l.lastRun()?.ok).toBe(true);
    expect(reached()).toBe(false);
  });

  it('VFIO: the kernel refuses the group while host drivers use it', () => {
    const { l, reached } = started(lesson('vfio'));
    l.act({ op: 'vfio-claim', group: 3 });
    expect(l.lastRun()?.error).toMatch(/^-ENOENT: no \/dev\/vfio\/3/);
    l.act({ op: 'unbind', device: '01:00.0' });
    l.act({ op: 'bind', device: '01:00.0', driver: 'vfio-pci' });
    l.act({ op: 'vfio-claim', group: 3 });
    expect(l.lastRun()?.error).toMatch(/^-EPERM: .*01:00\.1 is bound to snd_hda_intel/);
    expect(reached()).toBe(false);
  });

  it('sysfs type: the write is refused while the driver is bound; rebooting without iommu=pt does not count', () => {
    const { l, reached } = started(lesson('sysfs-type'));
    l.act({ op: 'set-group-type', group: 2, value: 'DMA' });
    expect(l.lastRun()?.error).toMatch(/^-EBUSY/);
    l.typeCmdline('');
    l.clickBoot();
    expect(reached()).toBe(false);
  });

  it('sysfs type: the new type alone is not the goal; the driver bound again is', () => {
    const { l, reached } = started(lesson('sysfs-type'));
    l.act({ op: 'unbind', device: '00:03.0' });
    l.act({ op: 'set-group-type', group: 2, value: 'DMA' });
    expect(l.lastRun()?.ok).toBe(true);
    expect(reached()).toBe(false);
    l.bind('00:03.0', 'sata_sil');
    expect(reached()).toBe(true);
  });

  it('kdump: before the NVMe driver’s first DMA, or with the idle host bridge picked, it is not reached', () => {
    const { l, reached } = started(lesson('kdump'));
    l.act({ op: 'crash' });
    l.selectDevice('00:02.0');
    expect(reached()).toBe(false);
    l.act({ op: 'dma', device: '00:03.0' });
    l.selectDevice('00:03.0');
    expect(reached()).toBe(false);
    l.selectDevice('00:02.0');
    expect(reached()).toBe(true);
  });

  it('kdump under iommu=pt: the deferred attach moves the NVMe drive to si_domain, which counts too', () => {
    const { l, store, reached } = started(lesson('kdump'));
    l.typeCmdline(`${store.getState().draft.cmdline} iommu=pt`.trim());
    l.clickBoot();
    l.act({ op: 'crash' });
    l.act({ op: 'dma', device: '00:03.0' });
    expect(['identity', 'passthrough']).toContain(dmaOf(selectMachine(store.getState()), '00:03.0'));
    l.selectDevice('00:02.0');
    expect(reached()).toBe(true);
  });

  it('sysfs type: the bouncing the intro speaks of is in the controller’s DMA reason, until the goal', () => {
    const l7 = lesson('sysfs-type');
    expect(l7.intro.join(' ')).toMatch(/bounce buffers \(swiotlb\).*\*\*DMA\*\* line under \*\*Why\*\*/);
    const { l, store } = started(l7);
    const sata = () =>
      dmaWhy(selectMachine(store.getState()), selectMachine(store.getState()).devices['00:03.0']!);
    expect(sata().text).toMatch(/swiotlb bounce buffer/);
    SOLUTIONS['sysfs-type']?.(l);
    expect(sata().text).not.toMatch(/swiotlb/);
  });

  it('kdump: the success text’s experiment (fix off, Boot) crashes once and faults the network card', () => {
    const k = lesson('kdump');
    const { l, store } = started(k);
    SOLUTIONS.kdump?.(l);
    const text = k.success.join(' ');
    // Boot runs the steps again, the crash with them: a second Crash would crash the kdump kernel.
    expect(text).not.toMatch(/\*\*Crash\*\* again/);
    expect(text).toContain('uncheck it and click **Boot**');
    store.getState().editDraft({ fixes: { 'defer-attach-in-kdump': false } });
    l.clickBoot();
    const s = store.getState();
    expect(s.scenario.steps.filter((st) => st.op === 'crash')).toHaveLength(1);
    const m = selectMachine(s);
    expect(m.config?.kdump).toBe(true);
    expect(dmaOf(m, '00:02.0')).toBe('faults');
  });

  it('si_domain: with the guard on, the same removal frees nothing', () => {
    const { l, reached } = started(lesson('si-domain-freed'));
    l.act({ op: 'hot-remove', device: '00:02.0' });
    expect(reached()).toBe(false);
    // Switching the guard off and booting runs the same steps again: now si_domain is freed.
    l.uncheckFix('si-domain-free-guard');
    l.clickBoot();
    expect(reached()).toBe(true);
  });

  it('every lesson question has exactly one right answer (lessons 5 and 9 ask one)', () => {
    const asking = LESSONS.filter((l) => l.explain).map((l) => l.id);
    expect(asking).toEqual(['two-needs', 'si-domain-freed']);
    for (const l of LESSONS)
      if (l.explain)
        expect(
          l.explain.choices.filter((c) => c.correct),
          l.id,
        ).toHaveLength(1);
  });

  it('si_domain: no wrong answer is something the glossary teaches as true', () => {
    // The glossary says si_domain must never be freed; a wrong answer saying so would mark a true
    // statement wrong.
    expect(glossary('si-domain').short).toContain('must never be freed');
    const wrong = (lesson('si-domain-freed').explain?.choices ?? []).filter((c) => !c.correct);
    for (const c of wrong) expect(c.text).not.toMatch(/never be freed/i);
    for (const c of wrong) expect(c.feedback).not.toMatch(/would be fine/i);
  });

  it('stepping back in the timeline shows the goal as not reached there', () => {
    const { l, reached, store } = started(lesson('dma-mask-32'));
    l.act({ op: 'dma', device: '00:03.0' });
    expect(reached()).toBe(true);
    store.getState().stepBack();
    expect(reached()).toBe(false);
  });
});

describe('starting a lesson', () => {
  it('shows its whole log: the filters left from before are cleared', async () => {
    const store = createSandboxStore(LESSONS[0]!.scenario);
    store.getState().filterLog({ device: '00:02.0', kind: 'fault', upTo: true });
    startLesson(store, LESSONS[1]!);
    expect(store.getState().logFilter).toEqual({ device: '', kind: '', upTo: false });
  });
});
