/** Who uses a domain: the graph draws a domain nothing uses faint, and the lists say "unused". */
import type { DeviceState, Machine } from '../kernel/types';

/** Whether the driver's view of a device differs from what its group is attached to. */
export function hasOwnDomain(m: Machine, d: DeviceState): boolean {
  if (!d.driverDomain) return false;
  const g = d.group === null ? undefined : m.groups[String(d.group)];
  return !g || g.domain !== d.driverDomain;
}

/** Domains a group is attached to or has as default, or a driver maps through. */
export function usedDomains(m: Machine): Set<string> {
  const used = new Set<string>();
  for (const g of Object.values(m.groups)) {
    if (g.domain) used.add(g.domain);
    if (g.defaultDomain) used.add(g.defaultDomain);
  }
  for (const d of Object.values(m.devices)) if (hasOwnDomain(m, d)) used.add(d.driverDomain!);
  return used;
}
