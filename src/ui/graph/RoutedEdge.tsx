/**
 * Every edge of the graph: ELK's orthogonal route (around the boxes) while both ends are where the
 * layout put them, else a smooth step (topology) or a curve (domain edges) between the handles.
 */
import { BaseEdge, type EdgeProps, getBezierPath, getSmoothStepPath } from '@xyflow/react';
import { memo } from 'react';
import { useStore } from 'zustand';
import { labelPoint, roundedPath, routeFits } from '../../graph/route';
import type { GraphEdge } from '../../graph/types';
import { useWorld } from '../world';

const LABEL_BG = { fill: '#fff', fillOpacity: 0.92 };

/** The edge component for all edge kinds (styled by class in edges.css). */
export const RoutedEdge = memo(function RoutedEdge(p: EdgeProps<GraphEdge>) {
  const route = useStore(useWorld().layout, (s) => s.routes[p.id]);
  let path: string;
  let labelX: number;
  let labelY: number;
  if (route && routeFits(route, p.sourceX, p.sourceY, p.targetX, p.targetY)) {
    path = roundedPath(route.points);
    ({ x: labelX, y: labelY } = route.label ?? labelPoint(route.points));
  } else {
    const ends = {
      sourceX: p.sourceX,
      sourceY: p.sourceY,
      targetX: p.targetX,
      targetY: p.targetY,
      sourcePosition: p.sourcePosition,
      targetPosition: p.targetPosition,
    };
    [path, labelX, labelY] = p.data?.kind === 'topology' ? getSmoothStepPath(ends) : getBezierPath(ends);
  }
  return (
    <BaseEdge
      id={p.id}
      path={path}
      markerEnd={p.markerEnd}
      label={p.label}
      labelX={labelX}
      labelY={labelY}
      labelBgStyle={LABEL_BG}
      labelBgPadding={[4, 2]}
      labelBgBorderRadius={4}
      interactionWidth={12}
    />
  );
});
