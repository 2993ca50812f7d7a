import { describe, expect, it } from 'vitest';
import { layout } from './layout';
import { toLayoutGraph } from './layoutGraph';
import { labelPoint, roundedPath, routeFits } from './route';
import { exampleMachines } from './scenarios.helpers';
import { toFlow } from './toFlow';

describe('edge routes', () => {
  it('ELK routes every edge from its source to its target, in root coordinates', async () => {
    const g = toLayoutGraph(toFlow(exampleMachines('e10-pcie-switch-with-acs.v6.1.json').at(-1)!));
    const r = await layout(g);
    for (const e of g.edges) {
      const route = r.routes?.[e.id];
      expect(route, `no route for ${e.id}`).toBeDefined();
      const [first, last] = [route!.points[0]!, route!.points.at(-1)!];
      expect(Math.abs(first.x - route!.from.x)).toBeLessThan(2);
      expect(Math.abs(last.x - route!.to.x)).toBeLessThan(2);
      expect(route!.points.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))).toBe(true);
    }
  });

  it('is used only while both ends are where the layout put them', () => {
    const route = { points: [], from: { x: 100, y: 50 }, to: { x: 300, y: 80 } };
    expect(routeFits(route, 103, 50, 297, 80)).toBe(true);
    expect(routeFits(route, 100, 90, 300, 80)).toBe(false);
    expect(routeFits(route, 100, 50, 360, 80)).toBe(false);
  });

  it('draws rounded corners and puts labels on the longest segment', () => {
    const pts = [
      { x: 0, y: 0 },
      { x: 20, y: 0 },
      { x: 20, y: 100 },
      { x: 30, y: 100 },
    ];
    expect(roundedPath(pts)).toBe('M0,0 L12,0 Q20,0 20,8 L20,95 Q20,100 25,100 L30,100');
    expect(labelPoint(pts)).toEqual({ x: 20, y: 50 });
    expect(roundedPath([])).toBe('');
  });
});
