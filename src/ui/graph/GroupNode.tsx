/** An IOMMU group: a box around its devices with its number, sysfs type and owner. */
import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import type { GroupNode as GroupNodeT } from '../../graph/types';
import { FaultBadge } from './FaultBadge';
import { cx } from './labels';

/** The group container component. */
export const GroupNode = memo(function GroupNode({ data, selected }: NodeProps<GroupNodeT>) {
  return (
    <div
      className={cx(
        'gnode group',
        data.domainType && `t-${data.domainType}`,
        data.owner === 'user' && 'user-owned',
        data.faults && 'faulty',
        selected && 'is-selected',
      )}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="group-head" title={data.typeWhy ? `Type ${data.type}: ${data.typeWhy}` : undefined}>
        <span className="group-title">
          <span className="group-word">IOMMU </span>group {data.id}
        </span>
        <span className={cx('type-chip', `t-${data.type}`)}>
          <span className="type-word">type: </span>
          {data.type}
        </span>
        {data.owner === 'user' && <span className="chip chip-user">owner: user space</span>}
      </div>
      {data.faults && <FaultBadge marks={data.faults} />}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});
