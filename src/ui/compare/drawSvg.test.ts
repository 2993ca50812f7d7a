import { describe, expect, it } from 'vitest';
import { comparisonSvg, type DrawnPane } from './drawSvg';

const pane = (title: string, bad: boolean): DrawnPane => ({
  title,
  status: bad ? 'Faults: use-after-free at step 1' : 'No faults',
  bad,
  nodes: [
    {
      id: 'grp:0',
      type: 'group',
      x: 0,
      y: 0,
      w: 300,
      h: 140,
      linked: false,
      data: { id: 0, type: 'identity', owner: 'kernel', domainType: 'identity', typeWhy: null, faults: null },
    },
    {
      id: 'dom:d1',
      type: 'domain',
      x: 400,
      y: 20,
      w: 286,
      h: 60,
      linked: bad,
      data: {
        id: 'd1',
        type: 'identity',
        kind: 'si_domain',
        name: 'si_domain',
        lazy: false,
        si: true,
        softwareIdentity: false,
        unused: false,
        freed: bad,
        freedAt: bad ? 1 : null,
        allocatedAt: 0,
        allocatedBy: 'si_domain_init',
        users: '<&>',
        faults: null,
      },
    },
  ],
  edges: [{ source: 'grp:0', target: 'dom:d1', kind: 'current', domainType: 'identity' }],
});

describe('the exported image', () => {
  it('draws both panes, their status and the differences, as SVG text', () => {
    const { svg, width, height } = comparisonSvg({
      heading: 'IOMMU Sandbox: E7',
      step: 'Step 1: hot-remove 00:02.0',
      panes: [pane('Left: v5.3 · guard on', false), pane('Right: v5.3 · guard off', true)],
      differences: ['fault: left — | right use-after-free'],
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(width).toBeGreaterThan(1000);
    expect(height).toBeGreaterThan(200);
    for (const t of [
      'Left: v5.3 · guard on',
      'Right: v5.3 · guard off',
      'IOMMU group 0',
      'FREED',
      'No faults',
    ])
      expect(svg).toContain(t);
    // Text is escaped, and the linked (highlighted) domain has the highlight outline.
    expect(svg).toContain('&lt;&amp;&gt;');
    expect(svg).toContain('stroke="#f59e0b"');
  });

  it('draws a domain nothing uses faint and dashed, as the page does', () => {
    const unused = pane('Left', false);
    const dom = unused.nodes[1]!;
    if (dom.type === 'domain') dom.data.unused = true;
    const { svg } = comparisonSvg({
      heading: 'h',
      step: 's',
      panes: [unused, pane('Right', false)],
      differences: [],
    });
    expect(svg.match(/<g opacity="0\.55"><rect[^>]*stroke-dasharray="6 4"/g)).toHaveLength(1);
  });
});
