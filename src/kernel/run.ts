/**
 * The core's entry points: a machine from a scenario, one step applied to a machine (returning the
 * new machine and its events, never mutating the old one), and a whole scenario run to a result.
 */
import { fullBdf } from './bdf';
import { bootKernel } from './boot';
import { kconfigDefaults } from './config';
import { resolveFixes } from './fixes';
import { crash } from './ops/crash';
import { bindDriver, unbindDriver } from './ops/driver';
import { hotAdd, hotRemove, rescan } from './ops/hotplug';
import { requestDomain } from './ops/request';
import { setGroupType } from './ops/sysfs-type';
import { vfioClaim, vfioRelease } from './ops/vfio';
import { policyFor } from './policies';
import { type Answer, refuse } from './policies/policy';
import { snapshot } from './snapshot';
import { Tx } from './tx';
import type { Machine, MachineSpec, ResultEvent, RunResult, Scenario, Step, StepOutcome } from './types';
import { policyOf } from './versions';

/** Defaults of the scenario format's `machine` object. */
export function machineDefaults(m: MachineSpec = {}): Required<MachineSpec> {
  const kdump = m.kdump ?? false;
  return {
    ramAbove4G: m.ramAbove4G ?? true,
    hwPassThrough: m.hwPassThrough ?? true,
    cachingMode: m.cachingMode ?? false,
    gfxOnlyUnit: m.gfxOnlyUnit ?? false,
    kdump,
    translationPreEnabled: m.translationPreEnabled ?? kdump,
    copyTablesFails: m.copyTablesFails ?? false,
  };
}

/** A powered-off machine: the scenario's devices, kernel and configuration; nothing booted. */
export function createMachine(s: Scenario): Machine {
  const devices: Machine['devices'] = {};
  for (const spec of s.devices)
    devices[spec.bdf] = {
      bdf: spec.bdf,
      spec,
      group: null,
      driverDomain: null,
      deferred: false,
      hw: { kind: 'none' },
      driver: null,
      dmaOps: 'none',
      dmaStarted: false,
      inheritedDma: false,
      noIommu: false,
      untrusted: false,
    };
  return {
    kernel: s.kernel,
    policy: policyOf(s.kernel),
    fixes: resolveFixes(s.kernel, s.fixes),
    cmdline: s.cmdline ?? '',
    kconfig: { ...kconfigDefaults(), ...(s.kconfig ?? {}) },
    machine: machineDefaults(s.machine),
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
    bootCount: 0,
  };
}

function needDevice(tx: Tx, bdf: string): Answer | null {
  return tx.m.devices[bdf] ? null : refuse(`-ENODEV: no device ${fullBdf(bdf)} on the bus`);
}

function dma(tx: Tx, bdf: string): Answer {
  const d = tx.dev(bdf);
  if (!d.driver)
    return refuse(`-ENODEV: no driver is bound to ${fullBdf(bdf)}; only a driver makes DMA API calls`);
  if (d.driver.managedDma)
    return refuse(
      `-EINVAL: ${d.driver.name} does not use the DMA API for ${fullBdf(bdf)} (its DMA, if any, is user space's)`,
    );
  const answer = policyFor(tx.m.kernel).dmaCall(tx, bdf);
  if (answer.ok) {
    const md = tx.mdev(bdf);
    md.dmaStarted = true;
    const hw = md.hw;
    const dom = hw.kind === 'domain' ? tx.m.domains[hw.domain] : undefined;
    if (
      tx.m.config?.enabled &&
      !md.noIommu &&
      (hw.kind === 'cleared' || (hw.kind === 'none' && md.group !== null) || dom?.freed)
    )
      tx.fault({
        kind: 'dma-fault',
        fn: 'dmar_fault',
        device: bdf,
        ...(dom ? { domain: dom.id } : {}),
        message: `DMAR: [DMA Read] Request device [${bdf}] fault: ${dom?.freed ? `its domain ${dom.name ?? dom.id} was freed` : 'context entry not present'}`,
      });
  }
  return answer;
}

function dispatch(tx: Tx, step: Step): Answer {
  const m = tx.m;
  if (step.op === 'boot') {
    bootKernel(tx, null);
    return { ok: true };
  }
  if (step.op === 'crash') {
    if (!m.booted) return refuse('-ENODEV: no kernel is running to crash (boot first)');
    return crash(tx, step.cmdline);
  }
  if (!m.booted) return refuse('-ENODEV: the machine has not booted yet (add a boot step first)');
  if (m.panicked)
    return refuse('-EIO: the kernel has crashed; only crash (boot the kdump kernel) or boot go on');
  switch (step.op) {
    case 'bind':
      return needDevice(tx, step.device) ?? bindDriver(tx, step.device, step.driver);
    case 'unbind':
      return needDevice(tx, step.device) ?? unbindDriver(tx, step.device);
    case 'dma':
      return needDevice(tx, step.device) ?? dma(tx, step.device);
    case 'hot-add':
      return hotAdd(tx, step.device);
    case 'hot-remove':
      return needDevice(tx, step.device) ?? hotRemove(tx, step.device);
    case 'rescan':
      return rescan(tx);
    case 'set-group-type':
      return setGroupType(tx, step.group, step.value);
    case 'request-domain':
      return needDevice(tx, step.device) ?? requestDomain(tx, step.device, step.type);
    case 'vfio-claim':
      return vfioClaim(tx, step.group);
    case 'vfio-release':
      return vfioRelease(tx, step.group);
  }
}

/** Apply one step to a machine: the previous machine is left untouched. */
export function applyStep(prev: Machine, step: Step): StepOutcome {
  const tx = new Tx(prev, prev.step + 1);
  const answer = dispatch(tx, step);
  if (!answer.ok && tx.events.length === 0 && tx.faults.length === 0 && !tx.m.panicked) {
    // A refused step changes nothing: hand back the same machine, one step further.
    return {
      machine: { ...prev, step: prev.step + 1 },
      ok: false,
      error: answer.error,
      events: [],
      faults: [],
    };
  }
  return {
    machine: tx.finish(),
    ok: answer.ok,
    error: answer.ok ? null : answer.error,
    events: tx.events,
    faults: tx.faults,
  };
}

/** Events as the result format lists them. */
export function resultEvents(events: StepOutcome['events']): ResultEvent[] {
  return events.map((e) => ({
    fn: e.fn,
    ...(e.device ? { device: e.device } : {}),
    message: e.message,
    why: e.why,
    kind: e.kind,
    level: e.level,
    ...(e.group !== undefined ? { group: e.group } : {}),
    ...(e.domain ? { domain: e.domain } : {}),
    ...(e.inferred ? { inferred: true } : {}),
    ...(e.silent ? { silent: true } : {}),
    ...(e.prefix ? { prefix: e.prefix } : {}),
    ...(e.driverName ? { driverName: e.driverName } : {}),
  }));
}

/** Run a whole scenario (iommu-sandbox/result@1). */
export function runScenario(s: Scenario): RunResult {
  let m = createMachine(s);
  const steps: RunResult['steps'] = [];
  for (const step of s.steps) {
    const out = applyStep(m, step);
    m = out.machine;
    steps.push({
      op: step.op,
      ok: out.ok,
      error: out.error,
      events: resultEvents(out.events),
      state: snapshot(m),
    });
  }
  return { format: 'iommu-sandbox/result@1', kernel: s.kernel, steps, faults: m.faults };
}
