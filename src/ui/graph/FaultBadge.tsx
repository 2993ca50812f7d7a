/** The red badge on a node a fault hit: what happened in words and when, every fault in the tooltip. */
import { memo } from 'react';
import type { FaultMarks } from '../../graph/types';

/** Red badge with the fault kinds; the full list is its title. */
export const FaultBadge = memo(function FaultBadge({ marks }: { marks: FaultMarks }) {
  return (
    <div className="fault-badge" title={marks.text}>
      <span className="fault-icon" aria-hidden="true">
        !
      </span>
      {/* The names without their notes in parentheses: a badge wider than its node covers the next. */}
      {marks.names.map((n) => n.split(' (')[0]).join(' · ')}, {marks.when}
    </div>
  );
});
