/**
 * A step's working copy of the machine. The previous Machine is never mutated: a record (devices,
 * groups, domains) is shallow-copied the first time the step writes to it, and a device, group or
 * domain is copied the first time the step writes it, so everything the step does not touch keeps
 * its identity (cheap diffs, memoised views) — records included. Unless the caller hands the
 * previous machine over (`consumes`): then the records are written in place, and only the
 * devices, groups and domains are copied.
 */
import { acpiNameIn } from './acpiName';
import { recordChanges } from './changes';
import { faultEvent } from './faultWhy';
import { GroupIds } from './groupIds';
import { HwUsers } from './hwUsers';
import { keptMessage } from './keptMessage';
import { addedKey, copyRecord, deletedKey, emptyRecord, recordKeys } from './records';
import type { Topology } from './topology';
import {
  indexTopology,
  keepTopologies,
  knownTopology,
  recentTopologies,
  rememberTopology,
} from './topologyCache';
import type {
  DeviceSpec,
  DeviceState,
  Domain,
  EventKind,
  Fault,
  GroupState,
  HwContext,
  KernelEvent,
  LogLevel,
  Machine,
} from './types';

// The domain users count of a machine made by a step that consumed its predecessor: the next
// step, consuming it in turn, carries the count on instead of counting 20,000 devices again.
const keptHwUsers = new WeakMap<Machine, HwUsers>();

export class Tx {
  readonly m: Machine;
  readonly events: KernelEvent[] = [];
  readonly faults: Fault[] = [];
  // What the step wrote, added or removed: each device and domain with what it was before
  // (undefined: absent), each group by id (as numbers, ids index the record without a
  // conversion). The step owns those it wrote (changes them without another copy), and they are
  // its StepChanges (changes.ts): what a snapshot redoes, read instead of the previous machine's
  // records, which a consuming step writes in place.
  private readonly devicesBefore = new Map<string, DeviceState | undefined>();
  private readonly domainsBefore = new Map<string, Domain | undefined>();
  private readonly touchedGroups = new Set<number>();
  // The records are shared with the previous machine until the step first writes one: copying
  // 20,000 devices for a step that only touches groups costs more than the step itself.
  private readonly copied = new Set<'devices' | 'groups' | 'domains'>();
  private faultsCopied = false;
  private topo: Topology | null = null;
  // The run's recent topologies, newest first (topologyCache.ts).
  private readonly recent: Topology[];
  // After a reset (a boot), every device, group or domain present is one this step put there:
  // its own, without asking the sets (20,000 string lookups per field written).
  private devicesReset = false;
  private groupsReset = false;
  private domainsReset = false;
  /** The group a device is in now (null: none, or no such device): pci_device_group's question. */
  readonly groupOf = (bdf: string): number | null => this.m.devices[bdf]?.group ?? null;
  /** The machine's group ids (iommu_group_alloc / release). */
  readonly groupIds = new GroupIds(() => Object.keys(this.m.groups).map(Number));
  // Which domains devices point at (hwUsers.ts): kept by setHw/putDevice/dropDevice once built.
  private hwUsers: HwUsers | null = null;

  /**
   * Whether the step words pci_device_group's reasons, the sentences of why a device is in its
   * group (`linesOnly` runs leave them empty: nothing they show reads them, and for a boot of
   * 20,000 devices they were a sixth of the work).
   */
  readonly explains: boolean;

  /** Silent events (the sandbox's explanations) the step emitted but did not keep (`linesOnly`). */
  unkept = 0;

  /**
   * `linesOnly`: keep only the events that are kernel lines (not silent). For callers that show
   * nothing else (dmesg, the CLI without --explain): a boot of 20,000 devices explains itself in
   * ~60,000 silent events, and keeping them to the end of the step made them garbage the
   * collector had to copy.
   */
  constructor(
    private readonly prev: Machine,
    step: number,
    private readonly linesOnly = false,
    /**
     * The caller hands `prev` over and never reads it again (a run that keeps only its latest
     * machine): its records are written in place instead of copied. A step that changes one
     * device of 20,000 then costs what that device costs, not a copy of the record.
     */
    private readonly consumes = false,
  ) {
    this.explains = !linesOnly;
    this.m = { ...prev, removed: [...prev.removed], step };
    if (consumes) {
      this.copied.add('devices');
      this.copied.add('groups');
      this.copied.add('domains');
      this.hwUsers = keptHwUsers.get(prev) ?? null;
    }
    this.topo = knownTopology(prev) ?? null;
    this.recent = [...recentTopologies(prev)];
  }

  /** The step's machine, remembered with its topology and its changes for the next step. */
  finish(): Machine {
    if (this.topo) rememberTopology(this.m, this.topo);
    this.handOver(this.m);
    keepTopologies(this.m, this.topo ? [this.topo, ...this.recent] : this.recent);
    recordChanges(this.m, {
      prev: new WeakRef(this.prev),
      devices: this.devicesReset ? null : this.devicesBefore,
      groups: this.groupsReset ? null : this.touchedGroups,
      domains: this.domainsReset ? null : this.domainsBefore,
    });
    return this.m;
  }

  /** `m` reads as this step's machine: what a consuming step kept for it carries on to `m`. */
  handOver(m: Machine): void {
    if (this.consumes && this.hwUsers) keptHwUsers.set(m, this.hwUsers);
  }

  /**
   * Whether the step wrote any device, group or domain: a refused step that did cannot be undone
   * by handing back its predecessor (whose records a consuming step wrote in place).
   */
  get wrote(): boolean {
    return (
      this.devicesBefore.size > 0 ||
      this.domainsBefore.size > 0 ||
      this.touchedGroups.size > 0 ||
      this.devicesReset ||
      this.groupsReset
    );
  }

  // The device or domain at `key` before the step first replaced it.
  private beforeDevice(bdf: string, d: DeviceState | undefined): void {
    if (!this.devicesReset && !this.devicesBefore.has(bdf)) this.devicesBefore.set(bdf, d);
  }
  private beforeDomain(id: string, d: Domain | undefined): void {
    if (!this.domainsReset && !this.domainsBefore.has(id)) this.domainsBefore.set(id, d);
  }

  // A record this step may write: copied on the first write (boot replaces it instead).
  private w<K extends 'devices' | 'groups' | 'domains'>(key: K): Machine[K] {
    if (!this.copied.has(key)) {
      this.m[key] = copyRecord(this.m[key] as Record<string, unknown>) as Machine[K];
      this.copied.add(key);
    }
    return this.m[key];
  }

  // The device asked for last (and whether this step owns it): a step asks about one device
  // many times in a row, and each lookup in a record of 20,000 addresses costs two hash probes.
  private lastBdf: string | null = null;
  private lastDev: DeviceState | undefined;
  private lastOwn = false;

  /** A device of the machine; throws only on a core bug (callers check presence first). */
  dev(bdf: string): DeviceState {
    if (bdf === this.lastBdf && this.lastDev) return this.lastDev;
    const d = this.m.devices[bdf];
    if (!d) throw new Error(`core bug: no device ${bdf}`);
    this.lastBdf = bdf;
    this.lastDev = d;
    this.lastOwn = false;
    return d;
  }

  /** A device this step may change. */
  mdev(bdf: string): DeviceState {
    const d = this.dev(bdf);
    if (this.lastOwn) return d;
    this.lastOwn = true;
    if (this.devicesReset || this.devicesBefore.has(bdf)) return d;
    const copy = { ...d };
    this.devicesBefore.set(bdf, d);
    this.w('devices')[bdf] = copy;
    this.lastDev = copy;
    return copy;
  }

  /** Point a device's context entry somewhere (always through here: it keeps the users count). */
  setHw(bdf: string, hw: HwContext): DeviceState {
    const d = this.mdev(bdf);
    this.hwUsers?.add(d.hw, -1);
    this.hwUsers?.add(hw, 1);
    d.hw = hw;
    return d;
  }

  /** Whether any present device's context entry points at `domain`. */
  hasHwUsers(domain: string): boolean {
    this.hwUsers ??= new HwUsers(this.m.devices);
    return this.hwUsers.has(domain);
  }

  /**
   * Put a new device state in place (boot, hot-add). `after`: the topology of the devices present
   * once it is in, when the caller has it (a boot or a rescan, with its last device).
   */
  putDevice(d: DeviceState, after: Topology | null = null): void {
    const devices = this.w('devices');
    const old = devices[d.bdf];
    this.beforeDevice(d.bdf, old);
    if (old) this.hwUsers?.add(old.hw, -1);
    else addedKey(devices, d.bdf);
    this.hwUsers?.add(d.hw, 1);
    devices[d.bdf] = d;
    this.lastBdf = d.bdf;
    this.lastDev = d;
    this.lastOwn = true;
    this.topo = after;
  }

  dropDevice(bdf: string): void {
    const devices = this.w('devices');
    const old = devices[bdf];
    this.beforeDevice(bdf, old);
    if (old) {
      this.hwUsers?.add(old.hw, -1);
      deletedKey(devices, bdf);
    }
    delete devices[bdf];
    if (bdf === this.lastBdf) this.lastBdf = null;
    this.topo = null;
  }

  /** Forget every device (a new kernel boots): as dropDevice on each, without 20,000 deletes. */
  dropAllDevices(): void {
    this.m.devices = emptyRecord();
    this.copied.add('devices');
    this.devicesReset = true;
    this.devicesBefore.clear();
    this.lastBdf = null;
    this.hwUsers = null;
    this.topo = null;
  }

  grp(id: number): GroupState {
    const g = this.m.groups[id];
    if (!g) throw new Error(`core bug: no group ${id}`);
    return g;
  }

  mgrp(id: number): GroupState {
    const g = this.grp(id);
    if (this.groupsReset || this.touchedGroups.has(id)) return g;
    const copy = { ...g, devices: [...g.devices] };
    this.touchedGroups.add(id);
    this.w('groups')[id] = copy;
    return copy;
  }

  putGroup(g: GroupState): void {
    if (!this.groupsReset) this.touchedGroups.add(g.id);
    const groups = this.w('groups');
    if (groups[g.id] === undefined) addedKey(groups, String(g.id));
    groups[g.id] = g;
  }

  dropGroup(id: number): void {
    if (!this.groupsReset) this.touchedGroups.add(id);
    const groups = this.w('groups');
    if (Object.hasOwn(groups, id)) deletedKey(groups, String(id));
    delete groups[id];
  }

  dom(id: string): Domain {
    const d = this.m.domains[id];
    if (!d) throw new Error(`core bug: no domain ${id}`);
    return d;
  }

  mdom(id: string): Domain {
    const d = this.dom(id);
    if (this.domainsReset || this.domainsBefore.has(id)) return d;
    const copy = { ...d };
    this.domainsBefore.set(id, d);
    this.w('domains')[id] = copy;
    return copy;
  }

  putDomain(d: Domain): void {
    const domains = this.w('domains');
    const old = domains[d.id];
    this.beforeDomain(d.id, old);
    if (old === undefined) addedKey(domains, d.id);
    domains[d.id] = d;
  }

  /** Forget every domain (a new kernel boots). */
  resetDomains(): void {
    this.m.domains = emptyRecord();
    this.copied.add('domains');
    this.domainsReset = true;
    this.domainsBefore.clear();
  }

  /** Forget every group (a new kernel boots). */
  resetGroups(): void {
    this.m.groups = {};
    this.copied.add('groups');
    this.groupsReset = true;
    this.touchedGroups.clear();
    this.groupIds.reset();
  }

  /** The PCI topology of the devices present now (rebuilt after hot-add/remove). */
  topology(): Topology {
    if (!this.topo) this.topo = this.topologyOf(this.deviceStates().map((d) => d.spec));
    return this.topo;
  }

  /** Object.values(m.devices), from the record's remembered key list (records.ts). */
  deviceStates(): DeviceState[] {
    const devices = this.m.devices;
    return recordKeys(devices).map((k) => devices[k]!);
  }

  /** The topology of these specs, built or (the same specs seen recently in this run) reused. */
  topologyOf(specs: DeviceSpec[]): Topology {
    const t = indexTopology(specs, this.recent);
    if (this.recent[0] !== t) this.recent.unshift(t);
    return t;
  }

  /**
   * Whether a silent event (an explanation) may be left unbuilt: with `linesOnly` it is counted
   * as said and the caller skips building it. For the few emitted once per device at boot, whose
   * sentences are most of a boot's garbage.
   */
  skipsSilent(): boolean {
    if (!this.linesOnly) return false;
    this.unkept += 1;
    return true;
  }

  /** Record what the kernel did; `e` must be the caller's own new object (it is kept, not copied). */
  emit(e: Omit<KernelEvent, 'level'> & { level?: LogLevel }): void {
    if (this.linesOnly && e.silent) {
      this.unkept += 1;
      return;
    }
    // Every caller passes a fresh literal: completed in place rather than copied (a boot emits
    // an event per device, and the copy doubled what the collector had to move).
    const event = e as KernelEvent;
    if (event.level === undefined) event.level = 'info';
    const d = e.device ? this.m.devices[e.device] : undefined;
    const driverName = d?.driver?.name;
    if (driverName) event.driverName = driverName;
    if (d?.spec.type === 'acpi') event.devName = acpiNameIn(this.topology(), this.m.removed, d.spec);
    event.message = keptMessage(event);
    this.events.push(event);
  }

  /** Events made elsewhere (the command line's, the configuration's), as emit would keep them. */
  keep(events: readonly KernelEvent[]): void {
    for (const e of events) {
      if (this.linesOnly && e.silent) this.unkept += 1;
      else {
        const message = keptMessage(e);
        this.events.push(message === e.message ? e : { ...e, message });
      }
    }
  }

  /** Shorthand for a device event. */
  devEvent(
    kind: EventKind,
    fn: string,
    device: string,
    message: string,
    why: string,
    extra: Partial<KernelEvent> = {},
  ) {
    this.emit({ kind, fn, device, message, why, ...extra });
  }

  /** Record something that would crash or corrupt a real machine. */
  /** Records a fault; `why` in place of its kind's sentence when this one needs its own. */
  fault(f: Omit<Fault, 'step'>, why?: string): void {
    const full = { step: this.m.step, ...f };
    this.faults.push(full);
    if (!this.faultsCopied) {
      this.m.faults = [...this.m.faults];
      this.faultsCopied = true;
    }
    this.m.faults.push(full);
    this.emit(why ? { ...faultEvent(f), why } : faultEvent(f));
  }
}
