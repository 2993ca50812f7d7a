/** The inspector for one domain: type, kind, who allocated it, when it was freed, who uses it. */
import type { KernelEvent } from '../kernel/types';
import { selectMachine } from '../store';
import { DomainBadge } from './DomainBadge';
import { type Fact, Facts } from './Facts';
import { ReasonChain } from './ReasonChain';
import { SelectLink } from './SelectLink';
import { FnLink } from './teach/FnLink';
import { useWorldState } from './world';
import './inspectorDetail.css';

const KIND_TEXT = {
  si_domain: 'the Intel driver’s static identity domain',
  default: 'a group’s default domain',
  private: 'a driver-private domain (one device)',
  unmanaged: 'an unmanaged domain (user space / VM)',
  blocking: 'a blocking domain (6.1 DMA ownership)',
} as const;

function DeviceLinks({ bdfs }: { bdfs: string[] }) {
  if (bdfs.length === 0) return <span className="dim">none</span>;
  return (
    <ul className="inline-list">
      {bdfs.map((bdf) => (
        <li key={bdf}>
          <SelectLink sel={{ kind: 'device', id: bdf }}>
            <span className="mono">{bdf}</span>
          </SelectLink>
        </li>
      ))}
    </ul>
  );
}

/** Facts and reasons for domain `id` at the viewed step. */
export function DomainInspector({ id }: { id: string }) {
  const m = useWorldState(selectMachine);
  const dom = m.domains[id];
  if (!dom)
    return (
      <section className="inspector-section" aria-label={`Domain ${id}`}>
        <h3 tabIndex={-1} className="inspector-heading mono">
          {id}
        </h3>
        <p className="hint">This domain does not exist at the viewed step.</p>
      </section>
    );
  const devices = Object.values(m.devices);
  const hw = devices.filter((d) => d.hw.kind === 'domain' && d.hw.domain === id).map((d) => d.bdf);
  const driverView = devices.filter((d) => d.driverDomain === id && !hw.includes(d.bdf)).map((d) => d.bdf);
  const groups = Object.values(m.groups).filter((g) => g.domain === id || g.defaultDomain === id);
  const facts: Fact[] = [
    { term: 'Id', value: <span className="mono">{dom.id}</span> },
    { term: 'Type', glossary: 'domain', value: <DomainBadge domain={dom} /> },
    { term: 'Name', value: dom.name ?? <span className="dim">none</span> },
    { term: 'Kind', value: KIND_TEXT[dom.kind] },
    {
      term: 'Lazy flush',
      glossary: 'dma-fq',
      // 5.x flags a lazy DMA domain; from 5.15 the lazy domain is its own type, DMA-FQ.
      value: dom.lazy || dom.type === 'DMA-FQ' ? 'yes (flush queue)' : 'no',
      hidden: dom.type === 'identity',
    },
    {
      term: 'Page tables',
      glossary: 'pass-through',
      value: dom.softwareIdentity ? 'software 1:1' : 'hardware pass-through',
      hidden: dom.type !== 'identity',
    },
    { term: 'Allocated by', value: <FnLink fn={dom.allocatedBy} /> },
    { term: 'Allocated at', value: `step ${dom.allocatedAt}` },
    { term: 'Freed', value: dom.freed ? `yes, at step ${dom.freedAt ?? '?'}` : 'no' },
    { term: 'Devices attached', value: <DeviceLinks bdfs={hw} /> },
    {
      term: 'Driver view only',
      glossary: 'driver-view',
      value: <DeviceLinks bdfs={driverView} />,
      hidden: driverView.length === 0,
    },
    {
      term: 'Groups',
      value:
        groups.length === 0 ? (
          <span className="dim">none</span>
        ) : (
          <ul className="inline-list">
            {groups.map((g) => (
              <li key={g.id}>
                <SelectLink sel={{ kind: 'group', id: g.id }}>
                  group {g.id} ({g.defaultDomain === id ? 'default' : 'current'})
                </SelectLink>
              </li>
            ))}
          </ul>
        ),
    },
  ];
  const match = (e: KernelEvent) => e.domain === id;
  return (
    <section className="inspector-section" aria-labelledby="inspector-domain-title">
      <h3 tabIndex={-1} className="inspector-heading" id="inspector-domain-title">
        <span className="mono">{dom.name ?? dom.id}</span> <DomainBadge domain={dom} />
      </h3>
      {dom.freed && hw.length > 0 && (
        <p className="callout callout-fault">
          Freed while devices are still attached: their DMA uses freed memory.
        </p>
      )}
      {dom.kind === 'si_domain' && !dom.freed && hw.length === 0 && groups.length === 0 && (
        <p className="hint">
          {m.policy === 'A' ? (
            <>
              Nothing uses it now: 5.1's Intel driver builds si_domain at boot (
              <FnLink fn="si_domain_init" />) only when an identity rule is on (iommu=pt, or the graphics
              rule), and keeps it for the devices that qualify at their first DMA map.
            </>
          ) : (
            <>
              Nothing uses it now: the Intel driver builds si_domain at boot (<FnLink fn="si_domain_init" />)
              whether or not any device is identity-mapped, and keeps it for those that will be.
            </>
          )}
        </p>
      )}
      <Facts facts={facts} label="Domain facts" />
      <ReasonChain reasons={[]} match={match} />
    </section>
  );
}
