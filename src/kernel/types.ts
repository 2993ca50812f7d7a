/**
 * The simulation core's vocabulary: scenario input, machine state, events and faults.
 * Plain data only (records keyed by id, no Map/Set, no classes) so that every state can be
 * serialised, diffed and replayed. Nothing here imports React, zustand or the DOM.
 */

/** Kernels the sandbox runs, as named by the scenario format. */
export const KERNELS = ['v5.1', 'v3-sewart', 'v5.3', 'v5.7', 'v5.8', 'v5.11', 'v6.1'] as const;
export type KernelId = (typeof KERNELS)[number];

/** The four policies of kernel-model.md §0.3. */
export type Policy = 'A' | 'B' | 'C' | 'D';

export const DEVICE_TYPES = [
  'host-bridge',
  'root-port',
  'switch-upstream',
  'switch-downstream',
  'endpoint',
  'rc-endpoint',
  'legacy-endpoint',
  'pcie-to-pci-bridge',
  'pci-to-pcie-bridge',
  'pci-bridge',
  'pci',
  'acpi',
] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

export const ACS_FLAGS = ['SV', 'RR', 'CR', 'UF'] as const;
export type AcsFlag = (typeof ACS_FLAGS)[number];

export const DEVICE_QUIRKS = ['acs-isolated', 'pcie-bridge-alias', 'bridge-xlate-root'] as const;
export type DeviceQuirk = (typeof DEVICE_QUIRKS)[number];

/** A driver as the scenario names it. `dmaMask` is learned only when it binds. */
export interface DriverSpec {
  name: string;
  /** Bits the driver asks for with dma_set_mask(); absent = 64 (what most drivers ask for). */
  dmaMask?: number;
  /** driver_managed_dma: vfio-pci, pci-stub, pcieport. */
  managedDma?: boolean;
  /** Its probe makes the first DMA API call (ahci allocates its ports' memory there; nvme, from 6.2). */
  dmaAtProbe?: boolean;
}

/** One PCI function (or ACPI device) as the scenario describes it. */
export interface DeviceSpec {
  bdf: string;
  type: DeviceType;
  parent?: string;
  multifunction?: boolean;
  acs?: boolean | AcsFlag[];
  vendor?: string;
  /** Extension: the PCI device id, 4 hex digits, lower case; with `vendor` it selects the ACS quirks. */
  device?: string;
  class?: string;
  quirks?: DeviceQuirk[];
  aliases?: string[];
  externalFacing?: boolean;
  rmrr?: boolean;
  driver?: DriverSpec | null;
  /** Extension: a human name shown next to the BDF ("nic64"). */
  label?: string;
  /**
   * Extension, ACPI-namespace devices only: the _HID the device is enumerated with ("INT33C4"),
   * which names it in the kernel's log (acpiName.ts). Default: ACPI0000, a stand-in.
   */
  hid?: string;
  /**
   * Extension, kdump only: the device was doing DMA when the previous kernel crashed. Default: true
   * for devices that do DMA (endpoints and conventional devices that are not bridges). A function
   * that never masters the bus (a host bridge, a bridge or port, an SMBus controller) is never active.
   */
  activeAtCrash?: boolean;
}

export interface MachineSpec {
  ramAbove4G?: boolean;
  hwPassThrough?: boolean;
  cachingMode?: boolean;
  gfxOnlyUnit?: boolean;
  kdump?: boolean;
  translationPreEnabled?: boolean;
  copyTablesFails?: boolean;
  /**
   * Extension: the DMAR table sets the platform opt-in flag (firmware's "Kernel DMA Protection"):
   * with an external-facing port, the Intel driver turns VT-d on whatever iommu=off or the
   * Kconfig default say (platform_optin_force_iommu); only intel_iommu=off keeps it off.
   */
  dmarPlatformOptIn?: boolean;
}

/** Names of the review fixes that can be switched (kernel-model.md §9). */
export const FIX_IDS = [
  'si-domain-free-guard',
  'defer-attach-in-kdump',
  'deferred-attach-first',
  'hotadd-respects-owner',
  'deferred-attach-any-group-size',
  'b-32bit-fallback',
] as const;
export type FixId = (typeof FIX_IDS)[number];
export type Fixes = Partial<Record<FixId, boolean>>;

export type Step =
  | { op: 'boot' }
  | { op: 'bind'; device: string; driver?: DriverSpec | string }
  | { op: 'unbind'; device: string }
  | { op: 'dma'; device: string }
  | { op: 'hot-add'; device: DeviceSpec }
  | { op: 'hot-remove'; device: string }
  | { op: 'rescan' }
  | { op: 'set-group-type'; group: number; value: string }
  | { op: 'request-domain'; device: string; type: 'identity' | 'DMA' }
  | { op: 'vfio-claim'; group: number }
  | { op: 'vfio-release'; group: number }
  | { op: 'crash'; cmdline?: string };
export type StepOp = Step['op'];

/** A scenario file (format iommu-sandbox/scenario@1), after validation and defaults. */
export interface Scenario {
  /** The JSON Schema the file names for editors (scenario.schema.json); kept, never read. */
  $schema?: string;
  format: 'iommu-sandbox/scenario@1';
  name?: string;
  description?: string;
  kernel: KernelId;
  fixes?: Fixes;
  cmdline?: string;
  kconfig?: Record<string, boolean>;
  machine?: MachineSpec;
  devices: DeviceSpec[];
  steps: Step[];
}

// ---------------------------------------------------------------------------------------------
// Machine state

/** Domain types as /sys/kernel/iommu_groups/N/type spells them. */
export type DomainType = 'DMA' | 'DMA-FQ' | 'identity' | 'blocked' | 'unmanaged';
/** What a domain is for: the static identity domain, a group default, a driver-private one, ... */
export type DomainKind = 'si_domain' | 'default' | 'private' | 'unmanaged' | 'blocking';

export interface Domain {
  id: string;
  type: DomainType;
  kind: DomainKind;
  name?: string;
  /** 5.3–5.11: lazy IOTLB flushing as a domain attribute, shown as "DMA (lazy)". */
  lazy?: boolean;
  /** si_domain without hardware pass-through: 1:1 page tables. */
  softwareIdentity?: boolean;
  freed: boolean;
  /** DOMAIN_FLAG_LOSE_CHILDREN (5.3–5.7). */
  loseChildren?: boolean;
  /** Step index at which it was allocated / freed. */
  allocatedAt: number;
  freedAt?: number;
  /** Who allocated it: the kernel function. */
  allocatedBy: string;
}

/** Where a device's hardware context entry points. */
export type HwContext =
  | { kind: 'none' }
  | { kind: 'domain'; domain: string }
  | { kind: 'old-kernel' }
  | { kind: 'cleared' };

export type AttachState = 'attached' | 'deferred' | 'none';

export type DmaBehaviour =
  /** The function never masters the bus (a host bridge, a bridge or port, an SMBus controller). */
  | 'none'
  | 'physical'
  | 'passthrough'
  | 'identity'
  | 'translated'
  | 'user'
  | 'blocked'
  | 'old-kernel'
  | 'faults';

/** Which DMA API implementation the device's driver calls (probe_finalize / dma_ops). */
export type DmaOps = 'none' | 'direct' | 'intel' | 'intel-bounce' | 'iommu-dma';

export interface BoundDriver {
  name: string;
  /** Bits; known from the moment the driver probed. */
  dmaMask: number;
  managedDma: boolean;
  dmaAtProbe: boolean;
}

export interface DeviceState {
  bdf: string;
  spec: DeviceSpec;
  group: number | null;
  /** The driver's view (find_domain / dev_iommu_priv): the domain its DMA goes through. */
  driverDomain: string | null;
  /** Deferred attach pending (kdump). */
  deferred: boolean;
  hw: HwContext;
  driver: BoundDriver | null;
  dmaOps: DmaOps;
  /** The device has made DMA API calls in this kernel. */
  dmaStarted: boolean;
  /** Still doing DMA programmed by the crashed kernel (kdump) until a driver resets it. */
  inheritedDma: boolean;
  /**
   * The crashed kernel had the device in an identity domain: its inherited DMA uses physical
   * addresses, and its copied context (while it has one) maps addresses to themselves.
   */
  inheritedOneToOne: boolean;
  /** No VT-d unit translates it (IOMMU off, ignored gfx unit). */
  noIommu: boolean;
  untrusted: boolean;
  /** The step at which its DMA mask became known (its driver probed). */
  maskKnownAt?: number;
  /** Why pci_device_group() put it in its group (the rule and the device that decided). */
  groupWhy?: string;
  /** The kernel function whose rule decided its group (pci_acs_path_enabled, pci_for_each_dma_alias, …). */
  groupWhyFn?: string;
}

export interface GroupState {
  id: number;
  devices: string[];
  defaultDomain: string | null;
  domain: string | null;
  owner: 'kernel' | 'user';
  /** 6.1 DMA ownership count (iommu_device_use_default_domain). */
  ownerCnt: number;
  blockingDomain: string | null;
  /** The UNMANAGED domain vfio attached, while user space holds the group. */
  vfioDomain: string | null;
  /** Step at which it was created. */
  createdAt: number;
  /** Why its default domain has its type (command line, Kconfig, a member's need, a conflict). */
  typeWhy?: string;
  /** The kernel function that chose that type. */
  typeWhyFn?: string;
}

export type FaultKind =
  | 'use-after-free'
  | 'double-free'
  | 'dma-fault'
  | 'kernel-crash'
  | 'leak'
  | 'isolation-broken';

/**
 * What a `dma-fault` did with the DMA, which the kind alone does not say (the sandbox's addition to
 * the format): a reviewer reads a blocked DMA in dmesg, a misdirected one only in the damage.
 * - `blocked`: the IOMMU refused it and logged a DMAR fault (dmar_fault); the data never moved.
 * - `misdirected`: it reached memory other than the buffer (untranslated, or translated to the
 *   wrong page) and nothing was logged: silent memory corruption.
 * - `out-of-reach`: the buffer lies above what the device's DMA mask can address; it cannot get
 *   there at all (what it does put on the bus instead is the driver's and the device's affair).
 * - `unpredictable`: the IOMMU walks page tables that were freed: blocked while their memory
 *   still reads as empty entries, anywhere once it is reused.
 */
export type DmaFaultEffect = 'blocked' | 'misdirected' | 'out-of-reach' | 'unpredictable';

export interface Fault {
  step: number;
  kind: FaultKind;
  /** Set on every `dma-fault`: what happened to the DMA. */
  dma?: DmaFaultEffect;
  fn: string;
  message: string;
  domain?: string;
  device?: string;
  group?: number;
  inferred?: boolean;
}

export type EventKind =
  | 'cmdline'
  | 'init'
  | 'group'
  | 'domain'
  | 'attach'
  | 'driver'
  | 'dma'
  | 'vfio'
  | 'sysfs'
  | 'hotplug'
  | 'kdump'
  | 'fault';

export type LogLevel = 'info' | 'notice' | 'warn' | 'err';

/** One thing the kernel did, as dmesg would show it, plus why. */
export interface KernelEvent {
  /** The kernel function this models. */
  fn: string;
  /** The message without its prefix. */
  message: string;
  /** `pci 0000:01:00.0:`-style prefix is derived from `device`; otherwise this subsystem prefix. */
  prefix?: 'DMAR' | 'iommu' | 'vfio' | 'sysrq' | 'kexec-bzImage64' | 'kernel' | 'sandbox';
  device?: string;
  group?: number;
  domain?: string;
  kind: EventKind;
  level: LogLevel;
  /** One sentence for the teaching views. */
  why: string;
  /** The model marks this behaviour [I] or [T]: inferred or taken from the review thread. */
  inferred?: boolean;
  /** No dmesg line: the sandbox explains a silent state change. */
  silent?: boolean;
  /** Driver name at the time (for the `e1000e 0000:00:02.0:` prefix). */
  driverName?: string;
  /**
   * The kernel's name of a device that is not a PCI function: an ACPI-namespace device's platform
   * device (`INT33C4:00`), printed as `platform INT33C4:00:` rather than `pci 0000:…:`.
   */
  devName?: string;
}

/** Effective IOMMU settings after the command line, Kconfig and machine are combined. */
export interface IommuConfig {
  enabled: boolean;
  /** The core default domain type (iommu_def_domain_type). */
  defaultType: DomainType;
  /** Set via the kernel command line (for the log message and the teaching views). */
  defaultTypeFromCmdline: boolean;
  strict: boolean;
  strictFromCmdline: boolean;
  /** Intel driver flags. */
  identmapAll: boolean;
  identmapGfx: boolean;
  identmapIntgpu: boolean;
  mapGfx: boolean;
  hwPassThrough: boolean;
  /** Translation was on when this kernel started, and the old tables were copied. */
  copiedTables: boolean;
  kdump: boolean;
  /** Why each setting has its value, for the inspector. */
  reasons: Record<string, string>;
}

export interface Machine {
  kernel: KernelId;
  policy: Policy;
  fixes: Record<FixId, boolean>;
  cmdline: string;
  /** The scenario's Kconfig options, without the defaults (the boot applies them: config.ts). */
  kconfig: Record<string, boolean>;
  machine: Required<MachineSpec>;
  booted: boolean;
  /** The kernel died (BUG_ON, bad pointer); only `crash` (kdump) or `boot` go on. */
  panicked: boolean;
  /**
   * kexec refused to load the crash kernel (its command line, kexecLoad.ts): this kernel's panic
   * starts nothing, as a kdump kernel's does; only `boot` goes on. Absent until a crash finds so
   * (the page's precomputed machines leave it out).
   */
  noCrashKernel?: boolean;
  config: IommuConfig | null;
  /** Present devices, keyed by BDF. */
  devices: Record<string, DeviceState>;
  /** Devices removed with hot-remove, kept for rescan, in removal order. */
  removed: DeviceSpec[];
  groups: Record<string, GroupState>;
  domains: Record<string, Domain>;
  domainSeq: number;
  /** The Intel driver's static si_domain pointer (may point at a freed domain: the bug). */
  siDomain: string | null;
  faults: Fault[];
  /** Index of the step being (or last) applied. */
  step: number;
  /**
   * The command line and switches the scenario boots with: a crash boots the kdump kernel with its
   * own (kdump on, perhaps another command line), and a later boot step, a cold reboot, restores these.
   */
  bootWith: { cmdline: string; machine: Required<MachineSpec> };
  /** The `_once` lines this boot has printed, by the function that prints them (printOnce.ts). */
  printedOnce?: readonly string[];
}

/** What a step returns: the new machine, its events and its answer. */
export interface StepOutcome {
  machine: Machine;
  ok: boolean;
  error: string | null;
  /** A refused step's: the kernel function that answered (StepResult's errorFn). */
  errorFn?: string;
  /** A refusal that is the sandbox's own (StepResult's errorBy). */
  errorBy?: 'sandbox';
  /** No kernel runs after the step (StepResult's panicked). */
  panicked?: true;
  events: KernelEvent[];
  faults: Fault[];
}

export type * from './result';
