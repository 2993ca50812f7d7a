/** A learner driving the sandbox store the way the page's controls do, for the lessons' tests. */
import { expect } from 'vitest';
import type { Step } from '../kernel/types';
import { createSandboxStore, type SandboxStore, selectMachine } from '../store/sandbox';
import { bindStep } from '../ui/DeviceActions';
import { checkNewDevice, EMPTY_FORM, type NewDeviceForm, toSpec } from '../ui/newDevice';
import { LESSONS, lessonById } from './catalog';
import { goalReached, lessonNudge } from './goal';
import { startLesson } from './start';
import type { Lesson } from './types';

/** The page's controls, as the hints name them. */
export function learner(store: SandboxStore) {
  const s = () => store.getState();
  const machine = () => selectMachine(s());
  return {
    clickBoot: () => s().boot(),
    typeCmdline: (text: string) => s().editDraft({ cmdline: text }),
    uncheckFix: (id: 'si-domain-free-guard') => s().editDraft({ fixes: { ...s().draft.fixes, [id]: false } }),
    selectGroup: (id: number) => s().select({ kind: 'group', id }),
    selectDevice: (bdf: string) => s().select({ kind: 'device', id: bdf }),
    act: (step: Step) => s().act(step),
    /** The Bind driver form of the selected device, with `name` typed into Driver name. */
    bind(bdf: string, name: string) {
      const d = machine().devices[bdf];
      s().act(bindStep(bdf, d?.spec.driver, name, d?.spec.driver?.dmaMask ?? 64));
    },
    /** Add device: the form's checks must pass, as they must before the dialog adds anything. */
    addDevice(fields: Partial<NewDeviceForm>) {
      const form = { ...EMPTY_FORM, ...fields };
      const present = Object.values(machine().devices).map((d) => d.spec);
      expect(checkNewDevice(form, present)).toEqual({});
      s().act({ op: 'hot-add', device: toSpec(form) });
    },
    lastRun: () => s().runs.at(-1),
  };
}

export type Learner = ReturnType<typeof learner>;

/** A sandbox on the page's usual machine, where the learner then starts `lesson`. */
export function started(lesson: Lesson) {
  const store = createSandboxStore(structuredClone(LESSONS[1]?.scenario ?? lesson.scenario));
  startLesson(store, lesson);
  return {
    store,
    l: learner(store),
    reached: () => goalReached(lesson, store.getState()),
    nudge: () => lessonNudge(lesson, store.getState()),
  };
}

export const lesson = (id: string): Lesson => {
  const found = lessonById(id);
  if (!found) throw new Error(`no lesson ${id}`);
  return found;
};
