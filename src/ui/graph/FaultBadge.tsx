/** The red badge on a node a fault hit: kinds in words and when, every fault in the tooltip. */
import { memo } from 'react';
import { FAULT_NAMES } from '../../graph/faults';
import type { FaultMarks } from '../../graph/types';

/** Red badge with the fault kinds; the full list is its title. */
export const FaultBadge = memo(function FaultBadge({ marks }: { marks: FaultMarks }) {
  return (
    <div className="fault-badge" title={marks.text}>
      <span className="fault-icon" aria-hidden="true">
        !
      </span>
      {marks.kinds.map((k) => FAULT_NAMES[k]).join(' · ')}, {marks.when}
    </div>
  );
});
