/**
 * Domain id -> how many present devices' context entries point at it. Freeing a domain asks
 * whether any device still uses it, and scanning every device for that made a boot quadratic
 * (5.3 with iommu=pt frees a domain per device: minutes for 20,000 devices). Built by a Tx on the
 * first question, then kept up to date as the step moves context entries.
 */
import { recordKeys } from './records';
import type { DeviceState, HwContext } from './types';

export class HwUsers {
  private readonly count = new Map<string, number>();

  constructor(devices: Record<string, DeviceState>) {
    // Along the record's remembered keys: `for in` over 20,000 keys lists them first.
    const keys = recordKeys(devices);
    for (let i = 0; i < keys.length; i++) this.add(devices[keys[i]!]!.hw, 1);
  }

  add(hw: HwContext, by: number): void {
    if (hw.kind === 'domain') this.count.set(hw.domain, (this.count.get(hw.domain) ?? 0) + by);
  }

  has(domain: string): boolean {
    return (this.count.get(domain) ?? 0) > 0;
  }
}
