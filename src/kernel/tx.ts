/**
 * A step's working copy of the machine. The previous Machine is never mutated: records are
 * shallow-copied once, and a device, group or domain is copied the first time the step writes it,
 * so everything the step does not touch keeps its identity (cheap diffs, memoised views).
 */
import { buildTopology, type Topology } from './topology';
import type {
  DeviceState,
  Domain,
  EventKind,
  Fault,
  GroupState,
  KernelEvent,
  LogLevel,
  Machine,
} from './types';

// The topology only changes when devices come or go; a step inherits its predecessor's.
const topologyOf = new WeakMap<Machine, Topology>();

export class Tx {
  readonly m: Machine;
  readonly events: KernelEvent[] = [];
  readonly faults: Fault[] = [];
  private readonly ownDevices = new Set<string>();
  private readonly ownGroups = new Set<string>();
  private readonly ownDomains = new Set<string>();
  private topo: Topology | null = null;
  private usedIds: Set<number> | null = null;
  private lowFree = 0;

  constructor(prev: Machine, step: number) {
    this.m = {
      ...prev,
      devices: { ...prev.devices },
      groups: { ...prev.groups },
      domains: { ...prev.domains },
      removed: [...prev.removed],
      faults: [...prev.faults],
      step,
    };
    this.topo = topologyOf.get(prev) ?? null;
  }

  /** The step's machine, remembered with its topology for the next step. */
  finish(): Machine {
    if (this.topo) topologyOf.set(this.m, this.topo);
    return this.m;
  }

  /** A device of the machine; throws only on a core bug (callers check presence first). */
  dev(bdf: string): DeviceState {
    const d = this.m.devices[bdf];
    if (!d) throw new Error(`core bug: no device ${bdf}`);
    return d;
  }

  /** A device this step may change. */
  mdev(bdf: string): DeviceState {
    const d = this.dev(bdf);
    if (this.ownDevices.has(bdf)) return d;
    const copy = { ...d };
    this.m.devices[bdf] = copy;
    this.ownDevices.add(bdf);
    return copy;
  }

  /** Put a new device state in place (boot, hot-add). */
  putDevice(d: DeviceState): void {
    this.m.devices[d.bdf] = d;
    this.ownDevices.add(d.bdf);
    this.topo = null;
  }

  dropDevice(bdf: string): void {
    delete this.m.devices[bdf];
    this.ownDevices.delete(bdf);
    this.topo = null;
  }

  grp(id: number): GroupState {
    const g = this.m.groups[String(id)];
    if (!g) throw new Error(`core bug: no group ${id}`);
    return g;
  }

  mgrp(id: number): GroupState {
    const key = String(id);
    const g = this.grp(id);
    if (this.ownGroups.has(key)) return g;
    const copy = { ...g, devices: [...g.devices] };
    this.m.groups[key] = copy;
    this.ownGroups.add(key);
    return copy;
  }

  putGroup(g: GroupState): void {
    this.m.groups[String(g.id)] = g;
    this.ownGroups.add(String(g.id));
  }

  dropGroup(id: number): void {
    delete this.m.groups[String(id)];
    this.ownGroups.delete(String(id));
  }

  dom(id: string): Domain {
    const d = this.m.domains[id];
    if (!d) throw new Error(`core bug: no domain ${id}`);
    return d;
  }

  mdom(id: string): Domain {
    const d = this.dom(id);
    if (this.ownDomains.has(id)) return d;
    const copy = { ...d };
    this.m.domains[id] = copy;
    this.ownDomains.add(id);
    return copy;
  }

  putDomain(d: Domain): void {
    this.m.domains[d.id] = d;
    this.ownDomains.add(d.id);
  }

  /** iommu_group_alloc → ida_alloc: the lowest free group id. */
  allocGroupId(): number {
    if (!this.usedIds) this.usedIds = new Set(Object.keys(this.m.groups).map(Number));
    while (this.usedIds.has(this.lowFree)) this.lowFree += 1;
    const id = this.lowFree;
    this.usedIds.add(id);
    return id;
  }

  /** ida_free on group release. */
  freeGroupId(id: number): void {
    if (!this.usedIds) this.usedIds = new Set(Object.keys(this.m.groups).map(Number));
    this.usedIds.delete(id);
    if (id < this.lowFree) this.lowFree = id;
  }

  /** Forget every group (a new kernel boots). */
  resetGroups(): void {
    this.m.groups = {};
    this.ownGroups.clear();
    this.usedIds = new Set();
    this.lowFree = 0;
  }

  /** The PCI topology of the devices present now (rebuilt after hot-add/remove). */
  topology(): Topology {
    if (!this.topo) this.topo = buildTopology(Object.values(this.m.devices).map((d) => d.spec));
    return this.topo;
  }

  /** Record what the kernel did. */
  emit(e: Omit<KernelEvent, 'level'> & { level?: LogLevel }): void {
    const driverName = e.device ? this.m.devices[e.device]?.driver?.name : undefined;
    this.events.push({ level: 'info', ...(driverName ? { driverName } : {}), ...e });
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
  fault(f: Omit<Fault, 'step'>): void {
    const full = { step: this.m.step, ...f };
    this.faults.push(full);
    this.m.faults.push(full);
    this.emit({
      kind: 'fault',
      fn: f.fn,
      message: f.message,
      why: faultWhy(f.kind),
      level: 'err',
      prefix: 'sandbox',
      silent: true,
      ...(f.device ? { device: f.device } : {}),
      ...(f.domain ? { domain: f.domain } : {}),
      ...(f.group !== undefined ? { group: f.group } : {}),
      ...(f.inferred ? { inferred: true } : {}),
    });
  }
}

function faultWhy(kind: Fault['kind']): string {
  switch (kind) {
    case 'use-after-free':
      return 'Memory that was freed is used again: on a real machine this corrupts whatever was allocated there since.';
    case 'double-free':
      return 'The same memory is freed twice, corrupting the allocator.';
    case 'dma-fault':
      return 'The IOMMU blocked a DMA or the DMA hit memory it was never meant to reach.';
    case 'kernel-crash':
      return 'The kernel hit a BUG_ON or dereferenced a bad pointer.';
    case 'leak':
      return 'Memory that can never be freed again.';
    case 'isolation-broken':
      return 'Devices the hardware cannot isolate from each other were put in different groups.';
  }
}
