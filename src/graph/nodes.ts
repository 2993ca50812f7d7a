/**
 * Builders of the graph's nodes, one per kernel object, each memoised on the state object the
 * core hands over (an untouched device keeps its node object across steps).
 */

import { typeName } from '../kernel/deviceTypes';
import { groupType } from '../kernel/dma';
import type { DeviceState, Domain, GroupState, Machine } from '../kernel/types';
import { dmaShown } from './dmaShown';
import { type FaultIndex, faultMarks, faultText } from './faults';
import { busId, deviceId, domainId, groupId, stepLabel } from './ids';
import { type IdMemo, memoById, memoOn, type ObjectMemo } from './memo';
import { describeDevice } from './pciNames';
import type { BusNode, DeviceNode, DomainNode, FaultMarks, GroupNode } from './types';

/** Fixed sizes the layout plans with (the components draw to them). */
export const NODE_SIZE = {
  device: { width: 248, height: 88 },
  domain: { width: 286, height: 60 },
  /** si_domain says what it is on a line of its own. */
  si: { width: 350, height: 80 },
  bus: { width: 150, height: 56 },
} as const;

const faultSuffix = (f: FaultMarks | null) => (f ? `, fault: ${f.names.join(', ')} at ${f.when}` : '');

const devices: ObjectMemo<DeviceState, DeviceNode> = new WeakMap();
const groups: ObjectMemo<GroupState, GroupNode> = new WeakMap();
const domains: IdMemo<DomainNode> = new Map();
const buses: IdMemo<BusNode> = new Map();

/** The node of a PCI function; inside its group's box when it has a group. */
export function deviceNode(m: Machine, d: DeviceState, faults: FaultIndex): DeviceNode {
  const id = deviceId(d.bdf);
  const hwDom = d.hw.kind === 'domain' ? m.domains[d.hw.domain] : undefined;
  const inGroup = d.group !== null && m.groups[String(d.group)] !== undefined;
  // The fields of its domain dmaShown reads: the core copies a domain for changes we do not show.
  const dom = hwDom && `${hwDom.type}/${hwDom.kind}/${hwDom.freed}/${hwDom.softwareIdentity}`;
  const deps = [m.config?.enabled, m.booted, dom, inGroup, faultText(faults, id)];
  return memoOn(devices, d, deps, () => {
    const dma = dmaShown(m, d);
    const marks = faultMarks(faults, id);
    const label = d.spec.label ?? null;
    const where = d.group === null ? 'no group' : `group ${d.group}`;
    return {
      id,
      type: 'device',
      position: { x: 0, y: 0 },
      ...(inGroup ? { parentId: groupId(d.group!), extent: 'parent' as const } : {}),
      ...NODE_SIZE.device,
      ariaLabel: `Device ${d.bdf}${label ? ` ${label}` : ''}, ${where}, DMA ${dma}${d.deferred ? ', attach deferred' : ''}${faultSuffix(marks)}`,
      data: {
        bdf: d.bdf,
        label,
        what: describeDevice(d.spec),
        kind: typeName(d.spec.type),
        driver: d.driver?.name ?? null,
        dmaMask: d.driver ? d.driver.dmaMask : null,
        dma,
        deferred: d.deferred,
        inheritedDma: d.inheritedDma,
        untrusted: d.untrusted,
        noIommu: d.noIommu,
        group: d.group,
        groupWhy: d.groupWhy ?? null,
        faults: marks,
      },
    };
  });
}

/** The container node of an IOMMU group; the layout sizes it around its devices. */
export function groupNode(m: Machine, g: GroupState, faults: FaultIndex): GroupNode {
  const id = groupId(g.id);
  const def = g.defaultDomain ? m.domains[g.defaultDomain] : undefined;
  const cur = g.domain ? m.domains[g.domain] : undefined;
  return memoOn(groups, g, [def?.type, cur?.type, faultText(faults, id)], () => {
    const type = groupType(m, g);
    const marks = faultMarks(faults, id);
    const owner = g.owner === 'user' ? ', owned by user space' : '';
    return {
      id,
      type: 'group',
      position: { x: 0, y: 0 },
      ariaLabel: `IOMMU group ${g.id}, type ${type}${owner}${faultSuffix(marks)}`,
      data: {
        id: g.id,
        type,
        owner: g.owner,
        domainType: cur?.type ?? null,
        typeWhy: g.typeWhy ?? null,
        faults: marks,
      },
    };
  });
}

/** What a domain's users line says when nothing uses it. */
export const NO_USERS = 'no users';

/** A domain node; si_domain and freed domains are flagged for their distinct look. */
export function domainNode(m: Machine, dom: Domain, users: string, faults: FaultIndex): DomainNode {
  const id = domainId(dom.id);
  const si = dom.kind === 'si_domain' || m.siDomain === dom.id;
  // Keyed by id on its shown fields: the core copies a domain for changes the node does not show.
  const deps = [
    dom.type,
    dom.kind,
    dom.name,
    dom.lazy,
    dom.softwareIdentity,
    dom.freed,
    dom.freedAt,
    dom.allocatedAt,
  ];
  return memoById(domains, id, [...deps, dom.allocatedBy, si, users, faultText(faults, id)], () => {
    const marks = faultMarks(faults, id);
    const freed = dom.freed ? `, freed at ${stepLabel(dom.freedAt ?? m.step)}` : '';
    const unused = !dom.freed && users === NO_USERS;
    return {
      id,
      type: 'domain',
      position: { x: 0, y: 0 },
      ...(si ? NODE_SIZE.si : NODE_SIZE.domain),
      ariaLabel: `Domain ${dom.id}, ${dom.kind === 'blocking' ? 'blocking' : dom.type}${si ? ', si_domain' : ''}${freed}${unused ? ', unused' : ''}${faultSuffix(marks)}`,
      data: {
        id: dom.id,
        type: dom.type,
        kind: dom.kind,
        name: dom.name ?? null,
        lazy: dom.lazy ?? false,
        si,
        softwareIdentity: dom.softwareIdentity ?? false,
        freed: dom.freed,
        freedAt: dom.freedAt ?? null,
        allocatedAt: dom.allocatedAt,
        allocatedBy: dom.allocatedBy,
        users,
        unused,
        faults: marks,
      },
    };
  });
}

/** The node of a PCI root bus (keyed by the bus of a parentless function). */
export function busNode(bdf: string): BusNode {
  const id = busId(bdf);
  const bus = id.slice(4);
  return memoById(buses, id, [], () => ({
    id,
    type: 'bus',
    position: { x: 0, y: 0 },
    selectable: false,
    ...NODE_SIZE.bus,
    ariaLabel: `PCI root bus ${bus}`,
    data: { bus },
  }));
}
