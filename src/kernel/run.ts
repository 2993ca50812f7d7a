/**
 * The core's entry points: a machine from a scenario, one step applied to a machine (returning the
 * new machine and its events, never mutating the old one), and a whole scenario run to a result.
 */
import { fullBdf } from './bdf';
import { bootKernel } from './boot';
import { recordNoChanges } from './changes';
import { newDeviceState } from './device';
import { dmesgText } from './dmesgLog';
import { resolveFixes } from './fixes';
import { machineDefaults } from './machineDefaults';
import { crash } from './ops/crash';
import { dma } from './ops/dmaCall';
import { bindDriver, heldByUserSpace, unbindDriver } from './ops/driver';
import { hotAdd, hotRemove, rescan } from './ops/hotplug';
import { requestDomain, requestFn } from './ops/request';
import { setGroupType } from './ops/sysfs-type';
import { vfioClaim, vfioRelease } from './ops/vfio';
import { type Answer, refuse, sandboxRefuses } from './policies/policy';
import { snapshot } from './snapshot';
import { KernelStopped } from './stop';
import { seedTopology, shareTopology } from './topologyCache';
import { Tx } from './tx';
import type {
  KernelEvent,
  Machine,
  ResultEvent,
  RunResult,
  Scenario,
  Step,
  StepOutcome,
  StepResult,
} from './types';
import { policyOf } from './versions';

export { machineDefaults };

/** A powered-off machine: the scenario's devices, kernel and configuration; nothing booted. */
export function createMachine(s: Scenario): Machine {
  const devices: Machine['devices'] = {};
  for (let i = 0; i < s.devices.length; i++) devices[s.devices[i]!.bdf] = newDeviceState(s.devices[i]!);
  const cmdline = s.cmdline ?? '';
  const machine = machineDefaults(s.machine);
  const m: Machine = {
    kernel: s.kernel,
    policy: policyOf(s.kernel),
    fixes: resolveFixes(s.kernel, s.fixes),
    cmdline,
    // As the scenario wrote it: the boot applies the defaults with the choices' rules (a member set
    // y deselects the default one), which merging the defaults in here would defeat.
    kconfig: { ...(s.kconfig ?? {}) },
    machine,
    booted: false,
    panicked: false,
    config: null,
    devices,
    removed: [],
    groups: {},
    domains: {},
    domainSeq: 0,
    siDomain: null,
    faults: [],
    step: -1,
    bootWith: { cmdline, machine },
  };
  seedTopology(m, s.devices);
  return m;
}

/**
 * A step on a device no longer on the bus. bind_store and unbind_store look the name up
 * (bus_find_device_by_name) and answer -ENODEV themselves; the other steps have no such answer
 * (the device's sysfs files and its driver are gone with it), so the errno is the sandbox's.
 */
function needDevice(tx: Tx, step: Extract<Step, { device: string }>): Answer | null {
  const bdf = step.device;
  if (tx.m.devices[bdf]) return null;
  const removed = tx.m.removed.some((s) => s.bdf === bdf);
  const error = `-ENODEV: no device ${fullBdf(bdf)} on the bus${removed ? ' (it was hot-removed, and no rescan or boot has brought it back)' : ''}`;
  switch (step.op) {
    case 'bind':
      return refuse(error, 'bind_store');
    case 'unbind':
      return refuse(error, 'unbind_store');
    case 'dma':
      return sandboxRefuses(error, 'dma_map_page_attrs');
    case 'hot-remove':
      return sandboxRefuses(error, 'remove_store');
    case 'request-domain':
      return sandboxRefuses(error, requestFn(step.type));
  }
}

function dispatch(tx: Tx, step: Step): Answer {
  const m = tx.m;
  if (step.op === 'boot') {
    // A cold reboot: the scenario's own command line and switches, not a crash's kdump ones.
    m.cmdline = m.bootWith.cmdline;
    m.machine = m.bootWith.machine;
    bootKernel(tx, null);
    return { ok: true };
  }
  // No kernel to answer: before a boot nothing has run (start_kernel stands for it), and a kernel
  // that died stays in panic(), which never returns.
  if (step.op === 'crash') {
    if (!m.booted)
      return sandboxRefuses('-ENODEV: no kernel is running to crash (boot first)', 'start_kernel');
    return crash(tx, step.cmdline);
  }
  if (!m.booted)
    return sandboxRefuses('-ENODEV: the machine has not booted yet (add a boot step first)', 'start_kernel');
  if (m.panicked)
    return sandboxRefuses(
      m.machine.kdump
        ? '-EIO: the kdump kernel has crashed; only boot (a reboot) goes on'
        : m.noCrashKernel
          ? '-EIO: the kernel has crashed with no crash kernel loaded; only boot (a reboot) goes on'
          : '-EIO: the kernel has crashed; only crash (boot the kdump kernel) or boot go on',
      'panic',
    );
  switch (step.op) {
    case 'bind':
      return needDevice(tx, step) ?? bindDriver(tx, step.device, step.driver);
    case 'unbind':
      return (
        needDevice(tx, step) ??
        heldByUserSpace(tx, step.device, 'the unbind') ??
        unbindDriver(tx, step.device)
      );
    case 'dma':
      return needDevice(tx, step) ?? dma(tx, step.device);
    case 'hot-add':
      return hotAdd(tx, step.device);
    case 'hot-remove':
      return needDevice(tx, step) ?? hotRemove(tx, step.device);
    case 'rescan':
      return rescan(tx);
    case 'set-group-type':
      return setGroupType(tx, step.group, step.value);
    case 'request-domain':
      return needDevice(tx, step) ?? requestDomain(tx, step.device, step.type);
    case 'vfio-claim':
      return vfioClaim(tx, step.group);
    case 'vfio-release':
      return vfioRelease(tx, step.group);
  }
}

/** How applyStep reports a step. */
export interface StepOptions {
  /**
   * Only the events that are kernel lines (dmesg's): silent events are left out of `events`, and
   * the sentences of why (a device's groupWhy, the `why` of its iommu_group_add_device line) are
   * left empty. For callers that show nothing else (the CLI without --explain); the machine is
   * otherwise the same.
   */
  linesOnly?: boolean;
  /**
   * The caller never reads the machine it passes again (it keeps only the one returned): the
   * step writes that machine's records in place rather than copying them. forEachStep runs so.
   */
  consumes?: boolean;
}

/** Apply one step to a machine: the previous machine is left untouched (unless `consumes`). */
export function applyStep(prev: Machine, step: Step, options: StepOptions = {}): StepOutcome {
  const tx = new Tx(prev, prev.step + 1, options.linesOnly === true, options.consumes === true);
  let answer: Answer;
  try {
    answer = dispatch(tx, step);
  } catch (e) {
    if (!(e instanceof KernelStopped)) throw e;
    answer = refuse(e.error, e.fn);
  }
  const answeredBy = answer.ok ? null : refusedBy(answer);
  const said = tx.events.length + tx.unkept;
  if (!answer.ok && said === 0 && tx.faults.length === 0 && !tx.m.panicked && !tx.wrote) {
    // A refused step changes nothing: hand back the same machine, one step further (with the
    // same devices, so the next step need not index the topology again).
    const machine = { ...prev, step: prev.step + 1 };
    shareTopology(prev, machine);
    tx.handOver(machine);
    recordNoChanges(prev, machine);
    return {
      machine,
      ok: false,
      error: answer.error,
      ...answeredBy,
      ...(machine.panicked ? { panicked: true as const } : {}),
      events: [],
      faults: [],
    };
  }
  const machine = tx.finish();
  return {
    machine,
    ok: answer.ok,
    error: answer.ok ? null : answer.error,
    ...answeredBy,
    ...(machine.panicked ? { panicked: true as const } : {}),
    events: tx.events,
    faults: tx.faults,
  };
}

/** A refusal's errorFn, and errorBy when the sandbox made it. */
function refusedBy(a: Extract<Answer, { ok: false }>): Pick<StepOutcome, 'errorFn' | 'errorBy'> {
  return a.bySandbox ? { errorFn: a.fn, errorBy: 'sandbox' } : { errorFn: a.fn };
}

/** A step's answer as the result format lists it: errorFn (and errorBy) only on a refusal, panicked only when set. */
export function stepAnswer(out: Pick<StepOutcome, 'ok' | 'error' | 'errorFn' | 'errorBy' | 'panicked'>) {
  const r: Pick<StepResult, 'ok' | 'error' | 'errorFn' | 'errorBy' | 'panicked'> = {
    ok: out.ok,
    error: out.error,
  };
  if (out.errorFn !== undefined) r.errorFn = out.errorFn;
  if (out.errorBy) r.errorBy = out.errorBy;
  if (out.panicked) r.panicked = true;
  return r;
}

/** Events as the result format lists them. */
export function resultEvents(events: StepOutcome['events']): ResultEvent[] {
  const out: ResultEvent[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) out[i] = resultEvent(events[i]!);
  return out;
}

// The result format's keys in its order (fn, device, message, line, why, kind, ...), assigned one
// by one rather than spread, because a boot of 20,000 devices has 100,000 events and the spreads
// allocated up to seven throwaway objects for each.
function resultEvent(e: KernelEvent): ResultEvent {
  const r = { fn: e.fn } as ResultEvent;
  if (e.device) r.device = e.device;
  r.message = e.message;
  if (!e.silent) r.line = dmesgText(e);
  r.why = e.why;
  r.kind = e.kind;
  r.level = e.level;
  if (e.group !== undefined) r.group = e.group;
  if (e.domain) r.domain = e.domain;
  if (e.inferred) r.inferred = true;
  if (e.silent) r.silent = true;
  if (e.prefix) r.prefix = e.prefix;
  if (e.driverName) r.driverName = e.driverName;
  if (e.devName) r.devName = e.devName;
  return r;
}

/**
 * Runs the scenario's steps in order, handing each step and its outcome (the kernel's own events,
 * the machine after it) to `visit`; returns the last machine. For callers that turn each step into
 * something else at once (the CLI serialises it) instead of keeping runScenario's whole result:
 * a machine handed to `visit` reads as that step left it only until the next step runs.
 */
export function forEachStep(
  s: Scenario,
  visit: (step: Step, out: StepOutcome) => void,
  options: StepOptions = {},
): Machine {
  let m = createMachine(s);
  // Each machine is dropped for the next: its records need not be copied.
  const stepOptions = { ...options, consumes: true };
  for (const step of s.steps) {
    const out = applyStep(m, step, stepOptions);
    m = out.machine;
    visit(step, out);
  }
  return m;
}

/** Run a whole scenario (iommu-sandbox/result@1). */
export function runScenario(s: Scenario): RunResult {
  const steps: RunResult['steps'] = [];
  const m = forEachStep(s, (step, out) => {
    steps.push({
      op: step.op,
      ...stepAnswer(out),
      events: resultEvents(out.events),
      state: snapshot(out.machine),
    });
  });
  return { format: 'iommu-sandbox/result@1', kernel: s.kernel, steps, faults: m.faults };
}
