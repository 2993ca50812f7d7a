/** An iommu_domain, coloured by type; si_domain unmistakable; a freed one hatched and struck through. */
import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { stepLabel } from '../../graph/ids';
import type { DomainNode as DomainNodeT } from '../../graph/types';
import { FaultBadge } from './FaultBadge';
import { cx, KIND_TEXT } from './labels';

/** The domain node component. */
export const DomainNode = memo(function DomainNode({ data, selected }: NodeProps<DomainNodeT>) {
  // The overview (zoomed out) keeps only "si_domain": the rest is in its own span.
  const what = data.si ? (
    <>
      si_domain
      <span className="si-rest">
        {' '}
        — static identity ({data.softwareIdentity ? '1:1 page tables' : 'pass-through'})
      </span>
    </>
  ) : (
    KIND_TEXT[data.kind]
  );
  return (
    <div
      className={cx(
        'gnode domain',
        // A blocking domain is unmanaged to the core, but its DMA is blocked: it looks blocked.
        `t-${data.kind === 'blocking' ? 'blocked' : data.type}`,
        data.si && 'si',
        data.freed && 'freed',
        data.unused && 'unused',
        data.faults && 'faulty',
        selected && 'is-selected',
      )}
      title={`${data.id}: allocated at ${stepLabel(data.allocatedAt)} by ${data.allocatedBy}`}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="gnode-head">
        <span className="domain-id">{data.id}</span>
        <span className="domain-type">
          {/* The list and the inspector call it blocking: so does its node. */}
          {data.kind === 'blocking' ? 'blocking' : data.type}
          {data.lazy && <span className="lazy"> (lazy)</span>}
        </span>
        {data.freed && (
          <span className="chip chip-freed">
            freed{data.freedAt !== null && <span className="freed-at"> at {stepLabel(data.freedAt)}</span>}
          </span>
        )}
      </div>
      {data.si ? (
        <>
          <div className="domain-what">{what}</div>
          <div className="domain-users">{data.users}</div>
        </>
      ) : (
        <div className="domain-users" title={`${KIND_TEXT[data.kind]} · ${data.users}`}>
          <span className="domain-what">{what}</span> · {data.users}
        </div>
      )}
      {data.faults && <FaultBadge marks={data.faults} />}
    </div>
  );
});
