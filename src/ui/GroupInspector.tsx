/** The inspector for one IOMMU group: its members, default vs current domain, owner, why, actions. */
import type { KernelEvent } from '../kernel/types';
import { selectMachine } from '../store';
import { CompareActionsHint } from './CompareActionsHint';
import { DomainRef } from './DomainRef';
import { deviceName, sysfsType } from './describe';
import { type Fact, Facts } from './Facts';
import { GroupActions } from './GroupActions';
import { ReasonChain } from './ReasonChain';
import { SelectLink } from './SelectLink';
import { TypeBadge } from './TypeBadge';
import { useWorld, useWorldState } from './world';

/** Facts, reasons and actions for group `id` at the viewed step. */
export function GroupInspector({ id }: { id: number }) {
  const m = useWorldState(selectMachine);
  const { side } = useWorld();
  const g = m.groups[String(id)];
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
        reasons={[{ about: 'Type:', text: g.typeWhy ?? '', fn: g.typeWhyFn }]}
        match={match}
        withConfig
      />
    </section>
  );
}
