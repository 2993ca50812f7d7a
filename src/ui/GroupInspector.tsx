/** The inspector for one IOMMU group: its members, default vs current domain, owner, why, actions. */
import { useMemo } from 'react';
import type { KernelEvent, Machine } from '../kernel/types';
import { selectMachine } from '../store';
import { coreNow } from '../store/core';
import { CompareActionsHint } from './CompareActionsHint';
import { DomainRef } from './DomainRef';
import { deviceName, sysfsType } from './describe';
import { type Fact, Facts } from './Facts';
import { GroupActions } from './GroupActions';
import { type Reason, ReasonChain } from './ReasonChain';
import { SelectLink } from './SelectLink';
import { TypeBadge } from './TypeBadge';
import { useWorld, useWorldState } from './world';

/**
 * Whether user space could take the group now: the kernel's own answer to a vfio-claim tried on
 * the viewed machine (left as it is), so every check runs in the kernel's order and words.
 * Null until the core has loaded.
 */
function vfioAnswer(m: Machine, id: number): string | null {
  if (m.groups[String(id)]?.owner === 'user') return 'held by user space';
  const run = coreNow()?.runSteps(m, [{ op: 'vfio-claim', group: id }])[0];
  if (!run) return null;
  return run.ok ? 'can be given to user space now' : `not now: ${run.error}`;
}

/** Why these devices share the group, after any step: each member's reason, said once. */
function membership(m: Machine, members: readonly string[]): Reason[] {
  const seen = new Map<string, Reason>();
  for (const bdf of members) {
    const d = m.devices[bdf];
    if (d?.groupWhy && !seen.has(d.groupWhy))
      seen.set(d.groupWhy, { about: `${bdf}:`, text: d.groupWhy, fn: d.groupWhyFn });
  }
  const reasons = [...seen.values()];
  return reasons.length === 1 ? [{ ...reasons[0]!, about: 'Members:' }] : reasons;
}

/** Facts, reasons and actions for group `id` at the viewed step. */
export function GroupInspector({ id }: { id: number }) {
  const m = useWorldState(selectMachine);
  const { side } = useWorld();
  const g = m.groups[String(id)];
  const vfio = useMemo(() => (m.booted && !m.panicked ? vfioAnswer(m, id) : null), [m, id]);
  if (!g)
    return (
      <section className="inspector-section" aria-label={`IOMMU group ${id}`}>
        <h3 tabIndex={-1} className="inspector-heading">
          IOMMU group {id}
        </h3>
        <p className="hint">There is no group {id} at the viewed step (released, or not formed yet).</p>
      </section>
    );
  const differ = g.domain !== g.defaultDomain;
  const type = sysfsType(m, g);
  const facts: Fact[] = [
    { term: 'Group id', value: <span className="mono">{g.id}</span> },
    { term: 'sysfs type', glossary: 'sysfs-type', value: <TypeBadge type={type} /> },
    {
      term: 'Devices',
      value: (
        <ul className="inline-list">
          {g.devices.map((bdf) => {
            const d = m.devices[bdf];
            return (
              <li key={bdf}>
                <SelectLink sel={{ kind: 'device', id: bdf }}>
                  <span className="mono">{bdf}</span>
                  {d ? ` ${deviceName(d)}` : ''}
                </SelectLink>
              </li>
            );
          })}
        </ul>
      ),
    },
    { term: 'Default domain', glossary: 'default-domain', value: <DomainRef id={g.defaultDomain} /> },
    {
      term: 'Current domain',
      value:
        differ || !g.domain ? <DomainRef id={g.domain} /> : <span className="dim">the default domain</span>,
    },
    { term: 'Owner', glossary: 'vfio-viability', value: g.owner === 'user' ? 'user space (vfio)' : 'kernel' },
    { term: 'VFIO', glossary: 'vfio-viability', value: vfio ?? '', hidden: vfio === null },
    {
      term: 'owner_cnt',
      glossary: 'owner-cnt',
      value: <span className="mono">{g.ownerCnt}</span>,
      hidden: m.kernel !== 'v6.1',
    },
  ];
  const match = (e: KernelEvent) =>
    e.group === id || (e.device !== undefined && g.devices.includes(e.device));
  return (
    <section className="inspector-section" aria-labelledby="inspector-group-title">
      <h3 tabIndex={-1} className="inspector-heading" id="inspector-group-title">
        IOMMU group {g.id} <TypeBadge type={type} />
      </h3>
      <Facts facts={facts} label="Group facts" />
      {side === null ? <GroupActions id={g.id} /> : <CompareActionsHint />}
      <ReasonChain
        reasons={[...membership(m, g.devices), { about: 'Type:', text: g.typeWhy ?? '', fn: g.typeWhyFn }]}
        match={match}
        withConfig
      />
    </section>
  );
}
