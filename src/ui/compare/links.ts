/**
 * What links a node of one pane to nodes of the other: a device by its BDF, a group by its set of
 * devices (else the groups sharing them, else its number), a domain by its role (domainRole); and
 * which nodes a difference is about in each pane. Pure over the machines.
 */
import type { Difference } from '../../compare/diff';
import { domainRole } from '../../compare/roles';
import { deviceId, domainId, groupId } from '../../graph/ids';
import { snapshot } from '../../kernel/snapshot';
import type { Machine } from '../../kernel/types';
import type { Pointer, Side } from '../../store';

/** A pane's link keys: node id → key, and key → node ids. */
export interface LinkKeys {
  keyOf: Record<string, string>;
  nodesOf: Record<string, string[]>;
}

const cache = new WeakMap<Machine, LinkKeys>();
const GROUP = 'grp:';

/** The link keys of a machine's nodes (memoised: machines are never mutated). */
export function linkKeys(m: Machine): LinkKeys {
  const hit = cache.get(m);
  if (hit) return hit;
  const state = snapshot(m);
  const keys: LinkKeys = { keyOf: {}, nodesOf: {} };
  const add = (node: string, key: string) => {
    keys.keyOf[node] = key;
    const list = keys.nodesOf[key];
    if (list) list.push(node);
    else keys.nodesOf[key] = [node];
  };
  for (const d of state.devices) add(deviceId(d.bdf), `dev:${d.bdf}`);
  for (const g of state.groups) add(groupId(g.id), `${GROUP}${[...g.devices].sort().join(' ')}`);
  for (const dom of state.domains) add(domainId(dom.id), `dom:${domainRole(state, dom)}`);
  cache.set(m, keys);
  return keys;
}

/** The nodes of a pane that answer what the other pane points at. */
export function counterparts(p: Pointer, keys: LinkKeys): string[] {
  const same = keys.nodesOf[p.key];
  if (same?.length) return same;
  if (!p.key.startsWith(GROUP)) return [];
  // Split differently in the two worlds: the groups holding any of its devices, else its number.
  const devices = new Set(p.key.slice(GROUP.length).split(' '));
  const sharing = Object.entries(keys.keyOf)
    .filter(
      ([node, key]) =>
        node.startsWith(GROUP) &&
        key
          .slice(GROUP.length)
          .split(' ')
          .some((d) => devices.has(d)),
    )
    .map(([node]) => node);
  if (sharing.length) return sharing;
  return keys.keyOf[p.node] ? [p.node] : [];
}

const ROLE_OF = /^[+−] /;

/** The nodes a difference is about in one pane (`prev`: the machine before the viewed step). */
export function diffTargets(d: Difference, side: Side, m: Machine, prev: Machine | undefined): string[] {
  const out = new Set<string>();
  const keys = linkKeys(m);
  for (const bdf of d.devices) {
    const dev = m.devices[bdf];
    if (!dev) continue;
    out.add(deviceId(bdf));
    if ((d.kind === 'partition' || d.kind === 'group-type') && dev.group !== null)
      out.add(groupId(dev.group));
  }
  if (d.kind === 'domain') {
    const mine = side === 'left' ? d.left : d.right;
    const text = ROLE_OF.test(mine) ? mine : side === 'left' ? d.right : d.left;
    const key = `dom:${text.replace(ROLE_OF, '')}`;
    // A domain freed at this step had its role before it: look it up in the machine before.
    const ids = [...(keys.nodesOf[key] ?? []), ...(prev ? (linkKeys(prev).nodesOf[key] ?? []) : [])];
    for (const id of ids) if (keys.keyOf[id]) out.add(id);
  }
  if (d.kind === 'fault') {
    const mine = side === 'left' ? d.left : d.right;
    for (const f of m.faults) {
      if (f.step !== d.step || !mine.startsWith(f.kind)) continue;
      if (f.device && m.devices[f.device]) out.add(deviceId(f.device));
      if (f.group !== undefined && m.groups[String(f.group)]) out.add(groupId(f.group));
      if (f.domain && m.domains[f.domain]) out.add(domainId(f.domain));
    }
  }
  return [...out];
}
