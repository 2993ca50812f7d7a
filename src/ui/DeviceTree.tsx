/**
 * "Devices and groups": every group with its devices, then the domains — the keyboard way to select
 * without the canvas. One Tab stop; the arrow keys, Home and End move inside it (roving tabindex),
 * so Tab goes straight on to the selected object's details and actions.
 */
import {
  createContext,
  type KeyboardEvent,
  lazy,
  type ReactNode,
  Suspense,
  useContext,
  useEffect,
  useRef,
  useState,
} from 'react';
import { usedDomains } from '../graph/domainUse';
import { compareBdf } from '../kernel/bdf';
import type { DeviceState, Domain, GroupState, Machine } from '../kernel/types';
import type { Selection } from '../store';
import { selectMachine, useSandbox } from '../store';
import { DomainBadge } from './DomainBadge';
import { deviceName, sysfsType } from './describe';
import { scrollWithin } from './scrollWithin';
import { TypeBadge } from './TypeBadge';

export const keyOf = (s: Selection) => `${s.kind}:${s.id}`;
export const Roving = createContext<{ tabStop: string; onFocus(key: string): void }>({
  tabStop: '',
  onFocus() {},
});

function Item({ sel, children, className }: { sel: Selection; children: ReactNode; className?: string }) {
  const key = keyOf(sel);
  const current = useSandbox((s) => s.selection !== null && keyOf(s.selection) === key);
  const roving = useContext(Roving);
  const self = useRef<HTMLButtonElement>(null);
  // Picked in the graph, it comes into the list's view (the list was left where it was).
  useEffect(() => {
    const b = self.current;
    const box = b?.closest('.tree');
    if (current && b && box) scrollWithin(box, b);
  }, [current]);
  return (
    <button
      ref={self}
      type="button"
      data-tree-key={key}
      tabIndex={roving.tabStop === key ? 0 : -1}
      className={`tree-item ${className ?? ''}`}
      aria-current={current ? 'true' : undefined}
      onFocus={() => roving.onFocus(key)}
      onClick={() => useSandbox.getState().select(sel)}
    >
      {children}
    </button>
  );
}

export function DeviceItem({ d }: { d: DeviceState }) {
  return (
    <Item sel={{ kind: 'device', id: d.bdf }}>
      <span className="mono">{d.bdf}</span> <span className="tree-label">{deviceName(d)}</span>
    </Item>
  );
}

export const MOVES: Record<string, (i: number, n: number) => number> = {
  ArrowDown: (i, n) => Math.min(i + 1, n - 1),
  ArrowUp: (i) => Math.max(i - 1, 0),
  Home: () => 0,
  End: (_, n) => n - 1,
};

function onArrows(e: KeyboardEvent<HTMLElement>) {
  const move = MOVES[e.key];
  if (!move) return;
  const items = [...e.currentTarget.querySelectorAll<HTMLElement>('[data-tree-key]')];
  const at = items.indexOf(document.activeElement as HTMLElement);
  items[move(Math.max(at, 0), items.length)]?.focus();
  e.preventDefault();
}

export const GroupItem = ({ m, g }: { m: Machine; g: GroupState }) => (
  <Item sel={{ kind: 'group', id: g.id }} className="tree-group">
    IOMMU group {g.id} <TypeBadge type={sysfsType(m, g)} />
    {g.owner === 'user' && <TypeBadge type="unmanaged" text="vfio" />}
  </Item>
);

const DomainItem = ({ dom, unused }: { dom: Domain; unused: boolean }) => (
  <Item sel={{ kind: 'domain', id: dom.id }}>
    <span className="mono">{dom.name ? `${dom.name} (${dom.id})` : dom.id}</span> <DomainBadge domain={dom} />
    {unused && <span className="dim">unused</span>}
  </Item>
);

/** The Domains heading and its list, when there are any; a live domain nothing uses says so. */
export function DomainList({ m, domains }: { m: Machine; domains: readonly Domain[] }) {
  if (domains.length === 0) return null;
  const used = usedDomains(m);
  return (
    <>
      <h3 className="section-title">Domains</h3>
      <ul className="tree-list tree-domains">
        {domains.map((dom) => (
          <li key={dom.id}>
            <DomainItem dom={dom} unused={!dom.freed && !used.has(dom.id)} />
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * Items drawn at most: a machine of thousands of devices gets a window of the list that follows the
 * keyboard (code loaded only then), as thousands of buttons would freeze the page at every change.
 */
export const TREE_WINDOW = 300;
const BigTree = lazy(() => import('./DeviceTreeWindow'));

/** The list of groups, devices and domains of the machine being viewed. */
export function DeviceTree() {
  const m = useSandbox(selectMachine);
  const selection = useSandbox((s) => s.selection);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const groups = Object.values(m.groups).sort((a, b) => a.id - b.id);
  const loose = Object.values(m.devices)
    .filter((d) => d.group === null)
    .sort((a, b) => compareBdf(a.bdf, b.bdf));
  const domains = Object.values(m.domains).sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
  const keys = [
    ...groups.flatMap((g) => [`group:${g.id}`, ...g.devices.map((b) => `device:${b}`)]),
    ...loose.map((d) => `device:${d.bdf}`),
    ...domains.map((d) => `domain:${d.id}`),
  ];
  // The Tab stop: the item last focused, else the selected one, else the first (if still listed).
  const tabStop =
    [focusKey, selection && keyOf(selection)].find((k) => k && keys.includes(k)) ?? keys[0] ?? '';
  return (
    <nav className="tree" aria-labelledby="tree-title" aria-describedby="tree-hint" onKeyDown={onArrows}>
      <h3 id="tree-title" className="section-title">
        Devices and groups
      </h3>
      <p id="tree-hint" className="visually-hidden">
        One Tab stop: the arrow keys, Home and End move through the list; Enter selects.
      </p>
      <Roving.Provider value={{ tabStop, onFocus: setFocusKey }}>
        {keys.length > TREE_WINDOW ? (
          <Suspense fallback={null}>
            <BigTree m={m} groups={groups} loose={loose} domains={domains} keys={keys} tabStop={tabStop} />
          </Suspense>
        ) : (
          <>
            <ul className="tree-list">
              {groups.map((g) => (
                <li key={g.id}>
                  <GroupItem m={m} g={g} />
                  <ul>
                    {g.devices.map((bdf) => {
                      const d = m.devices[bdf];
                      return d ? (
                        <li key={bdf}>
                          <DeviceItem d={d} />
                        </li>
                      ) : null;
                    })}
                  </ul>
                </li>
              ))}
              {loose.length > 0 && (
                <li>
                  <span className="tree-heading">{m.booted ? 'No IOMMU group' : 'Not booted yet'}</span>
                  <ul>
                    {loose.map((d) => (
                      <li key={d.bdf}>
                        <DeviceItem d={d} />
                      </li>
                    ))}
                  </ul>
                </li>
              )}
            </ul>
            <DomainList m={m} domains={domains} />
          </>
        )}
      </Roving.Provider>
    </nav>
  );
}
