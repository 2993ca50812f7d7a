/** The inspector for one device: its facts, both answers to "which domain?", why, and actions. */

import { fullBdf } from '../kernel/bdf';
import { typeName } from '../kernel/deviceTypes';
import type { DeviceState, KernelEvent, Machine } from '../kernel/types';
import { has } from '../kernel/versions';
import { selectMachine } from '../store';
import { dmaWhy } from '../teach/dmaWhy';
import { faultWords } from '../teach/faultWords';
import { CompareActionsHint } from './CompareActionsHint';
import { DeviceActions } from './DeviceActions';
import { DomainRef } from './DomainRef';
import { attachState, DMA_OPS_TEXT, DMA_TEXT, deviceDma, deviceName } from './describe';
import { type Fact, Facts } from './Facts';
import { ReasonChain } from './ReasonChain';
import { SelectLink } from './SelectLink';
import { FnLink } from './teach/FnLink';
import { Glossed } from './teach/Glossed';
import { useWorld, useWorldState } from './world';
import './inspectorDetail.css';

// Why the core's view (the group's domain) and the driver's differ, in the case at hand.
function disagreement(policy: Machine['policy'], core: string | null, d: DeviceState): string {
  if (!core && policy === 'A')
    return 'Before 5.3 the core gives a group no domain: the Intel driver attaches each device to a domain it picks itself. The hardware follows the driver view.';
  if (core && d.deferred && policy === 'D' && d.dmaOps === 'direct')
    return 'The attach to the group’s domain is deferred (a kdump kernel), and only the IOMMU’s own DMA ops perform it (intel_dma_ops before 5.11, dma-iommu from 5.11): this device’s driver maps with dma-direct (an identity default), so it never attaches and keeps the crashed kernel’s copied tables.';
  if (core && d.deferred)
    return 'The attach to the group’s domain is deferred (a kdump kernel): until its driver’s first DMA map, the device keeps the crashed kernel’s copied tables. A bound driver has not necessarily mapped anything yet: in the sandbox that first map is a step of its own (First DMA, under Actions).';
  if (core && d.hw.kind === 'cleared')
    return 'The core still names the group’s domain, but the Intel driver has cleared this device’s context entry and forgotten its domain (dmar_remove_one_dev_info, which domain_exit runs for every device of a domain it frees): it has no domain, and its DMA faults.';
  return 'The core and the driver disagree: the group is attached to one domain, this device’s DMA goes through another. The hardware follows the driver view.';
}

// The DMA fact, with the cause where a fault has one the short words would get wrong.
function dmaText(m: Machine, d: DeviceState): string {
  const shown = deviceDma(m, d);
  if (shown === 'faults' && d.hw.kind === 'old-kernel')
    return 'faults: the crashed kernel’s copied context does not map the physical addresses dma-direct uses';
  if (shown === 'faults' && d.hw.kind === 'domain' && d.inheritedDma && !m.domains[d.hw.domain]?.freed)
    return 'faults: still using the crashed kernel’s IOVAs, which this domain does not map';
  // An identity domain lets the crashed kernel's IOVAs through: the short words would say all is well.
  if ((shown === 'passthrough' || shown === 'identity') && d.inheritedDma && !d.inheritedOneToOne)
    return `${DMA_TEXT[shown]}: the crashed kernel’s IOVAs reach the wrong memory`;
  return DMA_TEXT[shown];
}

/** Facts, reasons and actions for device `bdf` at the viewed step. */
export function DeviceInspector({ bdf }: { bdf: string }) {
  const m = useWorldState(selectMachine);
  const { side } = useWorld();
  // The name the kernel's lines gave an ACPI device (the core's, not worked out again here).
  const acpiName = useWorldState((s) => {
    for (const run of s.runs) for (const e of run.events) if (e.device === bdf && e.devName) return e.devName;
    return null;
  });
  const d = m.devices[bdf];
  if (!d)
    return (
      <section className="inspector-section" aria-label={`Device ${bdf}`}>
        <h3 tabIndex={-1} className="inspector-heading mono">
          {bdf}
        </h3>
        <p className="hint">This device is not present at the viewed step (removed, or not added yet).</p>
      </section>
    );
  const g = d.group === null ? undefined : m.groups[d.group];
  const coreDomain = g?.domain ?? null;
  const differ = g !== undefined && coreDomain !== d.driverDomain;
  const spec = d.spec;
  const faults = m.faults.filter((f) => f.device === bdf);
  const facts: Fact[] = [
    { term: 'BDF', glossary: 'bdf', value: <span className="mono">{fullBdf(bdf)}</span> },
    // An ACPI device's BDF is its DMAR scope path; the kernel's lines name its platform device.
    ...(acpiName
      ? [
          {
            term: 'Kernel name',
            value: (
              <span className="mono">
                {d.driver?.name ?? 'platform'} {acpiName}
              </span>
            ),
          },
        ]
      : []),
    { term: 'Label', value: spec.label ?? <span className="dim">none</span> },
    { term: 'Type', value: typeName(spec.type) },
    {
      term: 'Class',
      value: spec.class ? <span className="mono">{spec.class}</span> : <span className="dim">not given</span>,
    },
    { term: 'Vendor', value: spec.vendor ?? <span className="dim">not given</span> },
    {
      term: 'Driver',
      value: d.driver ? (
        <span className="mono">{d.driver.name}</span>
      ) : (
        <span className="dim">none bound</span>
      ),
    },
    {
      term: 'DMA mask',
      glossary: 'dma-mask',
      value: d.driver ? (
        d.driver.managedDma ? (
          has.dmaOwnership(m.kernel) ? (
            'driver manages DMA (driver_managed_dma)'
          ) : (
            'none set by its driver'
          )
        ) : (
          `${d.driver.dmaMask}-bit`
        )
      ) : (
        <span className="dim">unknown until a driver binds</span>
      ),
    },
    {
      term: 'Group',
      glossary: 'group',
      value: g ? (
        <SelectLink sel={{ kind: 'group', id: g.id }}>IOMMU group {g.id}</SelectLink>
      ) : (
        <span className="dim">none</span>
      ),
    },
    differ
      ? {
          term: 'Driver view',
          glossary: 'driver-view',
          value: (
            <DomainRef
              id={d.driverDomain}
              none={d.hw.kind === 'cleared' ? 'none: its context was cleared' : 'none yet'}
            />
          ),
        }
      : { term: 'Domain', glossary: 'domain', value: <DomainRef id={d.driverDomain} /> },
    {
      term: 'Core view (group)',
      glossary: 'driver-view',
      value: <DomainRef id={coreDomain} />,
      hidden: !differ,
    },
    {
      term: 'Attach',
      glossary: d.deferred ? 'deferred-attach' : 'attach',
      value: <span className={`attach-${attachState(d)}`}>{attachState(d)}</span>,
    },
    {
      term: 'DMA',
      glossary: 'dma',
      value: (
        <span className={`dma-text-${deviceDma(m, d)}`}>
          <Glossed text={dmaText(m, d)} />
        </span>
      ),
    },
    {
      term: 'Faults',
      ...(faults.some((f) => f.dma) ? { glossary: 'dma-fault' } : {}),
      hidden: faults.length === 0,
      value: (
        <ul className="inline-list">
          {faults.map((f) => (
            <li key={`${f.step}-${f.fn}-${f.message}`}>
              step {f.step}: {faultWords(f)} (<FnLink fn={f.fn} />)
            </li>
          ))}
        </ul>
      ),
    },
    {
      term: 'DMA ops',
      glossary: 'dma-ops',
      // Before 5.8 an identity-mapped device keeps the global intel_dma_ops, which pass its maps on.
      value:
        d.dmaOps === 'intel' && d.driverDomain && m.domains[d.driverDomain]?.type === 'identity'
          ? 'intel_dma_ops (an identity-mapped device’s maps go on to dma-direct)'
          : DMA_OPS_TEXT[d.dmaOps],
    },
    {
      term: 'Untrusted',
      glossary: 'untrusted',
      value: d.untrusted ? 'yes (behind an external-facing port)' : 'no',
    },
    { term: 'RMRR', glossary: 'rmrr', value: spec.rmrr ? 'yes (firmware maps memory for it)' : 'no' },
  ];
  const match = (e: KernelEvent) => e.device === bdf;
  const dma = dmaWhy(m, d);
  return (
    <section className="inspector-section" aria-labelledby="inspector-device-title">
      <h3 tabIndex={-1} className="inspector-heading" id="inspector-device-title">
        <span className="mono">{bdf}</span> {deviceName(d)}
      </h3>
      {differ && <p className="callout">{disagreement(m.policy, coreDomain, d)}</p>}
      <Facts facts={facts} label="Device facts" />
      {side === null ? <DeviceActions bdf={bdf} /> : <CompareActionsHint />}
      <ReasonChain
        reasons={[
          { about: 'Group:', text: d.groupWhy ?? '', fn: d.groupWhyFn },
          { about: 'Group type:', text: g?.typeWhy ?? '', fn: g?.typeWhyFn },
          { about: 'DMA:', text: dma.text, fn: dma.fn },
        ]}
        match={match}
        withConfig
      />
    </section>
  );
}
