/** A PCI root bus: where the topology edges start. */
import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import type { BusNode as BusNodeT } from '../../graph/types';

/** The root bus node component. */
export const BusNode = memo(function BusNode({ data }: NodeProps<BusNodeT>) {
  return (
    <div className="gnode bus">
      <div className="bus-title">PCI root bus</div>
      <div className="mono">{data.bus}</div>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});
