/**
 * The devices present at a step, for checkStepReferences: the scenario's own devices less those
 * removed, then those that came since (hot-added, or brought back by a rescan) in the order they
 * came. It keeps only the changes to the scenario's list, read through its topology: a Map of
 * the 20,000 devices of a big scenario cost more than all the steps' checks.
 */
import type { Topology } from '../kernel/topology';
import { positionOf, topologyIndex } from '../kernel/topologyIndex';
import type { DeviceSpec } from '../kernel/types';

export interface Where {
  spec: DeviceSpec;
  /** `steps[5].device` (hot-added), or null: `spec` is one of the scenario's devices. */
  origin: string | null;
}

export class Present {
  /** The scenario's devices that are no longer where the list has them (removed, maybe back since). */
  private readonly gone = new Set<string>();
  private readonly came = new Map<string, Where>();

  /** `topo`: the topology of `devices`, a sound tree (distinct addresses, parents present). */
  constructor(
    private readonly devices: readonly DeviceSpec[],
    private readonly topo: Topology,
  ) {}

  get(bdf: string): Where | undefined {
    const w = this.came.get(bdf);
    if (w !== undefined || this.gone.has(bdf)) return w;
    const spec = this.topo.devices[bdf];
    return spec && { spec, origin: null };
  }

  has(bdf: string): boolean {
    return this.get(bdf) !== undefined;
  }

  /** Adds a device that is not present, after all present ones. */
  add(bdf: string, w: Where): void {
    this.came.set(bdf, w);
  }

  delete(bdf: string): void {
    if (!this.came.delete(bdf)) this.gone.add(bdf);
  }

  /** Where `w` came from, as a problem names it. */
  originText(w: Where): string {
    return w.origin ?? `devices[${this.listIndex(w.spec.bdf)}]`;
  }

  /** Every present spec, in order. */
  specs(): DeviceSpec[] {
    const out = this.devices.filter((d) => !this.gone.has(d.bdf));
    for (const w of this.came.values()) out.push(w.spec);
    return out;
  }

  /** The present devices whose parent is `bdf`, in order. */
  children(bdf: string): string[] {
    const below = this.gone.has(bdf) ? [] : (this.topo.children[bdf] ?? []).filter((c) => !this.gone.has(c));
    // The topology lists them by address; present devices come in list order.
    const out = below
      .map((c) => [this.listIndex(c), c] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, c]) => c);
    for (const [c, w] of this.came) if (w.spec.parent === bdf) out.push(c);
    return out;
  }

  private listIndex(bdf: string): number {
    return topologyIndex(this.topo).at[positionOf(this.topo, bdf)]!;
  }
}
