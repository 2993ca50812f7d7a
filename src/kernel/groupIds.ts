/**
 * Group ids as the kernel hands them out (iommu_group_alloc → ida_alloc): always the lowest free
 * one, so an id released by a hot-remove is the next new group's. The ids in use are read from the
 * machine's groups on first need and kept up to date from then on.
 */
export class GroupIds {
  private used: Set<number> | null = null;
  private lowFree = 0;

  constructor(private readonly inUse: () => number[]) {}

  /** ida_alloc: the lowest free id, now taken. */
  alloc(): number {
    this.used ??= new Set(this.inUse());
    while (this.used.has(this.lowFree)) this.lowFree += 1;
    const id = this.lowFree;
    this.used.add(id);
    return id;
  }

  /** ida_free on group release. */
  free(id: number): void {
    this.used ??= new Set(this.inUse());
    this.used.delete(id);
    if (id < this.lowFree) this.lowFree = id;
  }

  /** Every id free (a new kernel boots). */
  reset(): void {
    this.used = new Set();
    this.lowFree = 0;
  }
}
