// The layout store (src/store/layout.ts) is tested here, beside the layout it runs.
import { beforeEach, describe, expect, it } from 'vitest';
import { getPositions, layoutPort, setPositions, useLayout } from '../store/layout';
import { toLayoutGraph } from './layoutGraph';
import { exampleMachines } from './scenarios.helpers';
import { toFlow } from './toFlow';

const graphAt = (i: number) =>
  toLayoutGraph(toFlow(exampleMachines('e03-32bit-function-in-two-function-group.v5.3.json')[i]!));
const settled = () =>
  new Promise<void>((resolve) => {
    if (!useLayout.getState().pending) return resolve();
    const stop = useLayout.subscribe((s) => {
      if (!s.pending) {
        stop();
        resolve();
      }
    });
  });

describe('useLayout', () => {
  beforeEach(() => setPositions({}));

  it('shows the grid at once, then ELK, and lays a graph out once per key', async () => {
    const g = graphAt(1);
    useLayout.getState().request(g);
    const { auto, pending } = useLayout.getState();
    expect(pending).toBe(true);
    for (const n of g.nodes) expect(auto[n.id]).toBeDefined();
    await settled();
    const version = useLayout.getState().layoutVersion;
    expect(useLayout.getState().autoKey).toBe(g.key);
    useLayout.getState().request(graphAt(1));
    expect(useLayout.getState().layoutVersion).toBe(version);
  });

  it('keeps dragged positions for persistence, and Re-layout forgets them', async () => {
    useLayout.getState().request(graphAt(2));
    await settled();
    let told = 0;
    const stop = layoutPort.subscribe(() => told++);
    useLayout.getState().moveNode('dom:d1', { x: 5, y: 6 });
    expect(getPositions()).toEqual({ 'dom:d1': { x: 5, y: 6 } });
    expect(told).toBe(1);
    const fits = useLayout.getState().fitRequest;
    useLayout.getState().relayout();
    expect(getPositions()).toEqual({});
    expect(useLayout.getState().fitRequest).toBeGreaterThanOrEqual(fits);
    await settled();
    expect(useLayout.getState().fitRequest).toBe(fits + 1);
    stop();
  });
});
