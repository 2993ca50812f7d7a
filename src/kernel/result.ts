/** The result format (iommu-sandbox/result@1): what a run reports after every step. */
import type {
  AttachState,
  DmaBehaviour,
  DmaOps,
  DomainKind,
  DomainType,
  EventKind,
  Fault,
  KernelEvent,
  KernelId,
  LogLevel,
  StepOp,
} from './types';

export interface GroupSnapshot {
  id: number;
  devices: readonly string[];
  defaultDomain: string | null;
  domain: string | null;
  type: string;
  owner: 'kernel' | 'user';
  ownerCnt?: number;
  /** 6.1: the group's blocking domain, once a claim allocated one (it stays until the group's release). */
  blockingDomain?: string;
}

export interface DomainSnapshot {
  id: string;
  type: DomainType;
  name?: string;
  /** A driver-private domain (policy C); false for every other. */
  private: boolean;
  freed: boolean;
  devices: readonly string[];
  kind: DomainKind;
  lazy?: boolean;
}

export interface DeviceSnapshot {
  bdf: string;
  group: number | null;
  domain: string | null;
  attach: AttachState;
  driver: string | null;
  /** What its DMA does, or for a function that never masters the bus, would do. */
  dma: Exclude<DmaBehaviour, 'none'>;
  /**
   * False for a function that never masters the bus (a host bridge, a bridge or port, an SMBus
   * controller): its `dma` is then only where DMA would go. Absent for the others.
   */
  busMaster?: false;
  dmaMask?: number | null;
  dmaOps?: DmaOps;
}

export interface StateSnapshot {
  groups: GroupSnapshot[];
  domains: DomainSnapshot[];
  devices: DeviceSnapshot[];
}

export interface ResultEvent {
  fn: string;
  device?: string;
  message: string;
  /**
   * The line exactly as --dmesg prints it (dmesgText), on every event --dmesg prints; a silent
   * sandbox note (only with --explain) has none.
   */
  line?: string;
  why: string;
  kind: EventKind;
  level: LogLevel;
  group?: number;
  domain?: string;
  inferred?: boolean;
  silent?: boolean;
  prefix?: KernelEvent['prefix'];
  driverName?: string;
  devName?: string;
}

export interface StepResult {
  op: StepOp;
  ok: boolean;
  error: string | null;
  /**
   * A refused step's (absent when ok): the kernel function whose return gave `error`'s errno, or
   * that oopsed or hung. The sandbox's own addition to the format.
   */
  errorFn?: string;
  /**
   * `sandbox` when the refusal is the sandbox's, not the kernel's (no kernel running, a device not
   * on the bus, a wait it does not model): `errorFn` then names the kernel function the step
   * stands for, as a sandbox note's `fn` does.
   */
  errorBy?: 'sandbox';
  /**
   * `true` when no kernel runs after the step: it died in it (an oops, a BUG), or a crash had no
   * crash kernel to start; until a boot the sandbox answers for it. The sandbox's own addition.
   */
  panicked?: true;
  events: ResultEvent[];
  state: StateSnapshot;
}

export interface RunResult {
  format: 'iommu-sandbox/result@1';
  kernel: KernelId;
  steps: StepResult[];
  faults: Fault[];
}
