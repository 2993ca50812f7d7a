/** A PCI function: BDF, name, what it is, driver and DMA mask, and what its DMA does now. */
import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import type { DeviceNode as DeviceNodeT } from '../../graph/types';
import { FaultBadge } from './FaultBadge';
import { cx, DMA_TEXT } from './labels';

/** The device node component. */
export const DeviceNode = memo(function DeviceNode({ data, selected }: NodeProps<DeviceNodeT>) {
  const mask = data.dmaMask === null ? null : `${data.dmaMask}-bit DMA`;
  return (
    <div
      className={cx(
        'gnode device',
        `dma-${data.dma}`,
        data.deferred && 'deferred',
        data.faults && 'faulty',
        selected && 'is-selected',
      )}
      title={`${data.bdf} ${data.kind}${data.untrusted ? ' (untrusted, external-facing)' : ''}${data.groupWhy ? `\nIn its group because ${data.groupWhy}` : ''}`}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="gnode-head">
        <span className="bdf">{data.bdf}</span>
        {data.label && <span className="device-label">{data.label}</span>}
      </div>
      <div className="device-what">{data.what}</div>
      <div className="device-driver">
        {data.driver ? <span className="mono">{data.driver}</span> : <span className="dim">no driver</span>}
        {mask && <span className="dim"> · {mask}</span>}
      </div>
      <div className="device-dma">
        <span className={cx('dma-chip', `dma-${data.dma}`)}>DMA: {DMA_TEXT[data.dma]}</span>
        {data.inheritedDma && !data.deferred && <span className="chip chip-deferred">old DMA</span>}
        {data.untrusted && <span className="chip chip-untrusted">untrusted</span>}
      </div>
      {data.deferred && <span className="chip chip-deferred deferred-tag">deferred attach</span>}
      {data.faults && <FaultBadge marks={data.faults} />}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});
