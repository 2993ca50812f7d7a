import { describe, expect, it } from 'vitest';
import type { Scenario } from '../kernel/types';
import { createSandboxStore, selectMachine } from './sandbox';

const siGuardOff: Scenario = {
  format: 'iommu-sandbox/scenario@1',
  kernel: 'v5.3',
  fixes: { 'si-domain-free-guard': false },
  cmdline: 'iommu.passthrough=1',
  devices: [
    { bdf: '00:00.0', type: 'host-bridge' },
    { bdf: '00:02.0', type: 'rc-endpoint', label: 'nic' },
    { bdf: '00:03.0', type: 'rc-endpoint', label: 'nvme' },
  ],
  steps: [{ op: 'boot' }],
};

describe('sandbox store', () => {
  it('opens booted, on the last step', () => {
    const store = createSandboxStore(siGuardOff, 'x');
    expect(store.getState().cursor).toBe(0);
    expect(store.getState().libraryId).toBe('x');
    expect(selectMachine(store.getState()).booted).toBe(true);
  });

  it('announces a refused step with the kernel error and keeps the machine', () => {
    const store = createSandboxStore(siGuardOff);
    const before = selectMachine(store.getState());
    store.getState().act({ op: 'dma', device: '00:02.0' }); // no driver bound: -ENODEV
    const s = store.getState();
    expect(s.notice).toMatchObject({ kind: 'error', title: 'The kernel refused the step' });
    expect(s.notice?.text).toMatch(/^-E[A-Z]+/);
    expect(selectMachine(s).groups).toEqual(before.groups);
    expect(s.runs.at(-1)?.ok).toBe(false);
  });

  it('a powered-off machine refuses an action without keeping it as a step a later Boot would replay', () => {
    const store = createSandboxStore({ ...siGuardOff, steps: [] });
    store.getState().act({ op: 'crash' });
    const s = store.getState();
    expect(s.notice?.text).toMatch(/^-ENODEV: no kernel is running/);
    expect(s.scenario.steps).toEqual([]);
    expect(s.runs).toEqual([]);
  });

  it('Reboot with edited settings reboots the scenario’s kernel and says Boot applies the edits', () => {
    const store = createSandboxStore(siGuardOff);
    store.getState().editDraft({ kernel: 'v6.1' });
    store.getState().act({ op: 'boot' });
    const s = store.getState();
    expect(selectMachine(s).kernel).toBe('v5.3');
    expect(s.notice).toMatchObject({
      kind: 'info',
      text: expect.stringMatching(/Boot applies the ones you edited/),
    });
  });

  it('announces the faults a successful step causes', () => {
    const store = createSandboxStore(siGuardOff);
    store.getState().act({ op: 'hot-remove', device: '00:02.0' });
    const n = store.getState().notice;
    expect(n?.kind).toBe('error');
    expect(n?.title).toMatch(/Use-after-free/);
    expect(n?.details?.[0]).toMatch(/^Use-after-free in \w+\(\): /);
  });

  it('acting on an earlier step replaces the later ones; undo brings them back', () => {
    const store = createSandboxStore(siGuardOff);
    store.getState().act({ op: 'unbind', device: '00:02.0' });
    store.getState().act({ op: 'unbind', device: '00:03.0' });
    store.getState().seek(0);
    store.getState().act({ op: 'rescan' });
    expect(store.getState().scenario.steps.map((s) => s.op)).toEqual(['boot', 'rescan']);
    store.getState().undo();
    expect(store.getState().scenario.steps.map((s) => s.op)).toEqual(['boot', 'unbind', 'unbind']);
    expect(store.getState().cursor).toBe(0);
  });

  it('undo and redo from an earlier step keep that step in view, and say which step went or came back', () => {
    const store = createSandboxStore(siGuardOff);
    store.getState().act({ op: 'unbind', device: '00:02.0' });
    store.getState().act({ op: 'unbind', device: '00:03.0' });
    store.getState().seek(1);
    store.getState().undo();
    expect(store.getState().scenario.steps).toHaveLength(2);
    expect(store.getState().cursor).toBe(1);
    expect(store.getState().notice).toEqual({ kind: 'info', text: 'Undone: step 2, unbind 00:03.0.' });
    store.getState().seek(0);
    store.getState().redo();
    expect(store.getState().scenario.steps).toHaveLength(3);
    expect(store.getState().cursor).toBe(0);
    expect(store.getState().notice).toEqual({ kind: 'info', text: 'Redone: step 2, unbind 00:03.0.' });
    // From the last step, undo goes back to the step the change was made from.
    store.getState().seek(2);
    store.getState().act({ op: 'rescan' });
    expect(store.getState().cursor).toBe(3);
    store.getState().undo();
    expect(store.getState().cursor).toBe(2);
  });

  it('Boot runs the scenario again with the edited configuration', () => {
    const store = createSandboxStore(siGuardOff);
    store.getState().editDraft({ kernel: 'v6.1', cmdline: 'iommu=pt' });
    store.getState().boot();
    const s = store.getState();
    expect(s.scenario.kernel).toBe('v6.1');
    expect(selectMachine(s).kernel).toBe('v6.1');
    expect(Object.values(selectMachine(s).groups).length).toBe(3);
    // On the boot step itself there is nothing to point at.
    expect(s.notice).toBeNull();
  });

  it('Boot while a later step is viewed says the boot’s own messages are on step 0', () => {
    const store = createSandboxStore(siGuardOff);
    store.getState().act({ op: 'unbind', device: '00:02.0' });
    store.getState().editDraft({ cmdline: 'iommu.passthrough=0' });
    store.getState().boot();
    const s = store.getState();
    expect(s.cursor).toBe(1);
    expect(s.notice).toMatchObject({ kind: 'info' });
    expect(s.notice?.text).toBe("Booted. The view stays on step 1; the boot's messages are on step 0.");
  });

  it('a fresh load forgets the undo history', () => {
    const store = createSandboxStore(siGuardOff);
    store.getState().act({ op: 'rescan' });
    store.getState().load(siGuardOff, { fresh: true });
    expect(store.getState().past).toEqual([]);
    store.getState().load(siGuardOff);
    expect(store.getState().past).toHaveLength(1);
  });

  it('undoing the pick of another scenario shows the earlier one in the Scenario select again', () => {
    const store = createSandboxStore(siGuardOff, 'library/laptop');
    store.getState().act({ op: 'rescan' });
    store.getState().load({ ...siGuardOff, name: 'other' }, { libraryId: 'library/other' });
    expect(store.getState().libraryId).toBe('library/other');
    store.getState().undo();
    expect(store.getState().libraryId).toBe('library/laptop');
    expect(store.getState().scenario.steps.map((s) => s.op)).toEqual(['boot', 'rescan']);
    store.getState().redo();
    expect(store.getState().libraryId).toBe('library/other');
  });

  it('Boot on another kernel names the scenario after it (its export is named so)', () => {
    const store = createSandboxStore({ ...siGuardOff, name: 'Two NICs (5.3)' }, 'x');
    store.getState().editDraft({ kernel: 'v6.1' });
    store.getState().boot();
    expect(store.getState().scenario).toMatchObject({ kernel: 'v6.1', name: 'Two NICs (Debian 6.1)' });
    store.getState().undo();
    expect(store.getState().scenario).toMatchObject({ kernel: 'v5.3', name: 'Two NICs (5.3)' });
  });
});
