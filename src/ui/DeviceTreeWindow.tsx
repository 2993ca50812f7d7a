/**
 * "Devices and groups" of a machine too big to draw whole (more than TREE_WINDOW items): a window of
 * the list that follows the Tab stop. The arrow keys, Home and End still reach every item — moving
 * past the window's edge moves the window — and the buttons before and after it page through it.
 */
import { type ReactNode, useContext, useEffect, useRef, useState } from 'react';
import type { DeviceState, Domain, GroupState, Machine } from '../kernel/types';
import { DeviceItem, DomainList, GroupItem, MOVES, Roving, TREE_WINDOW } from './DeviceTree';

interface Props {
  m: Machine;
  groups: GroupState[];
  loose: DeviceState[];
  domains: Domain[];
  /** Every item's key, in list order. */
  keys: string[];
  tabStop: string;
}

/** The first item of the window that shows item `at`, with `at` in its middle. */
const around = (at: number, n: number) => Math.max(0, Math.min(at - TREE_WINDOW / 2, n - TREE_WINDOW));

export default function DeviceTreeWindow({ m, groups, loose, domains, keys, tabStop }: Props) {
  const roving = useContext(Roving);
  const n = keys.length;
  const [start, setStart] = useState(() => around(keys.indexOf(tabStop), n));
  // The item to focus once it is drawn (a move past the window's edge).
  const pending = useRef<string | null>(null);
  const list = useRef<HTMLDivElement>(null);
  const at = keys.indexOf(tabStop);
  let from = Math.min(start, Math.max(0, n - TREE_WINDOW));
  // The Tab stop is always drawn: the window follows the keyboard and the selection.
  if (at >= 0 && (at < from || at >= from + TREE_WINDOW)) from = around(at, n);
  if (from !== start) setStart(from);
  const to = Math.min(n, from + TREE_WINDOW);

  const drawnItem = (key: string) =>
    [...(list.current?.querySelectorAll<HTMLElement>('[data-tree-key]') ?? [])].find(
      (el) => el.dataset.treeKey === key,
    );
  useEffect(() => {
    const key = pending.current;
    if (!key) return;
    pending.current = null;
    drawnItem(key)?.focus();
  });

  const onKeyDown = (e: KeyboardEvent) => {
    const move = MOVES[e.key];
    if (!move) return;
    e.preventDefault();
    e.stopPropagation();
    const current = (document.activeElement as HTMLElement | null)?.dataset.treeKey;
    const key = keys[move(Math.max(current ? keys.indexOf(current) : 0, 0), n)];
    if (!key) return;
    const drawn = drawnItem(key);
    if (drawn) return drawn.focus();
    pending.current = key;
    roving.onFocus(key);
  };
  // Before the list's own handler (the nav's, which knows only the drawn items).
  useEffect(() => {
    const el = list.current;
    el?.addEventListener('keydown', onKeyDown);
    return () => el?.removeEventListener('keydown', onKeyDown);
  });
  /** Pages the window (the mouse's way on); the Tab stop and the focus move to the page's first item. */
  const page = (first: number) => {
    const key = keys[Math.max(0, Math.min(first, n - 1))];
    if (!key) return;
    pending.current = key;
    roving.onFocus(key);
    setStart(Math.max(0, Math.min(first, n - TREE_WINDOW)));
  };

  // The drawn part of each section: items [from, to) of the whole list.
  const rows: ReactNode[] = [];
  let i = 0;
  const inWindow = (k: number) => k >= from && k < to;
  for (const g of groups) {
    const last = i + g.devices.length;
    if (last >= from && i < to) {
      const first = i;
      rows.push(
        <li key={`g${g.id}`}>
          {inWindow(first) && <GroupItem m={m} g={g} />}
          <ul>
            {g.devices.map((bdf, j) => {
              const d = m.devices[bdf];
              return d && inWindow(first + 1 + j) ? (
                <li key={bdf}>
                  <DeviceItem d={d} />
                </li>
              ) : null;
            })}
          </ul>
        </li>,
      );
    }
    i = last + 1;
  }
  if (loose.length > 0 && i + loose.length > from && i < to) {
    const first = i;
    rows.push(
      <li key="loose">
        <span className="tree-heading">{m.booted ? 'No IOMMU group' : 'Not booted yet'}</span>
        <ul>
          {loose.map((d, j) =>
            inWindow(first + j) ? (
              <li key={d.bdf}>
                <DeviceItem d={d} />
              </li>
            ) : null,
          )}
        </ul>
      </li>,
    );
  }
  i += loose.length;
  const shownDomains = domains.filter((_, j) => inWindow(i + j));

  return (
    <div ref={list}>
      <p className="hint">
        Items {from + 1}–{to} of {n} are shown; the arrow keys, Home and End reach all of them.
      </p>
      {from > 0 && (
        <button type="button" className="link-button" onClick={() => page(from - TREE_WINDOW)}>
          Show the {Math.min(from, TREE_WINDOW)} items before
        </button>
      )}
      <ul className="tree-list">{rows}</ul>
      <DomainList m={m} domains={shownDomains} />
      {to < n && (
        <button type="button" className="link-button" onClick={() => page(to)}>
          Show the {Math.min(n - to, TREE_WINDOW)} items after
        </button>
      )}
    </div>
  );
}
