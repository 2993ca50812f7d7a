import { describe, expect, it } from 'vitest';
import { withConfig } from '../../compare/variant';
import type { Machine } from '../../kernel/types';
import { runAll } from '../../store/timeline';
import { E7 } from './compare.helpers';
import { differencesOf } from './differences';
import { counterparts, diffTargets, linkKeys } from './links';

const world = (guard: boolean) => runAll(withConfig(E7, { fixes: { 'si-domain-free-guard': guard } }));
const on = world(true);
const off = world(false);
const at = (w: typeof on, step: number): Machine => w.runs[step]!.machine;

describe('linked highlighting', () => {
  it('links devices by BDF, groups by their devices and domains by their role', () => {
    const keys = linkKeys(at(on, 0));
    expect(keys.keyOf['dev:00:03.0']).toBe('dev:00:03.0');
    const group = Object.entries(keys.keyOf).find(([, k]) => k === 'grp:00:03.0')?.[0];
    expect(group).toMatch(/^grp:\d+$/);
    const si = Object.entries(keys.keyOf).find(([, k]) => k === 'dom:si_domain');
    expect(si?.[0]).toMatch(/^dom:d\d+$/);
  });

  it('finds the counterpart of a node in the other world', () => {
    const left = linkKeys(at(on, 1));
    const right = linkKeys(at(off, 1));
    const pointer = (node: string) => ({ side: 'left' as const, node, key: left.keyOf[node]! });
    expect(counterparts(pointer('dev:00:03.0'), right)).toEqual(['dev:00:03.0']);
    const siLeft = left.nodesOf['dom:si_domain']![0]!;
    expect(counterparts(pointer(siLeft), right)).toEqual(right.nodesOf['dom:si_domain']);
  });

  it('falls back to the groups sharing devices when the worlds group them differently', () => {
    const right = linkKeys(at(on, 0));
    const grp = right.nodesOf['grp:00:03.0']![0]!;
    const split = { side: 'left' as const, node: 'grp:9', key: 'grp:00:02.0 00:03.0' };
    expect(counterparts(split, right)).toContain(grp);
    expect(counterparts({ side: 'left', node: 'grp:9', key: 'grp:77:00.0' }, right)).toEqual([]);
  });

  it('highlights what a difference is about in each pane', () => {
    const diffs = differencesOf(on.runs, off.runs, ['v5.3', 'v5.3']);
    const freed = diffs.find((d) => d.step === 1 && d.kind === 'domain')!;
    expect(freed.right).toBe('− si_domain');
    const rightSi = linkKeys(at(off, 1)).nodesOf['dom:si_domain'] ?? [];
    expect(diffTargets(freed, 'right', at(off, 1), at(off, 0))).toEqual(
      expect.arrayContaining(rightSi.length ? rightSi : [expect.stringMatching(/^dom:/)]),
    );
    const dma = diffs.find((d) => d.step === 1 && d.kind === 'dma' && d.devices[0] === '00:03.0')!;
    expect(diffTargets(dma, 'left', at(on, 1), at(on, 0))).toEqual(['dev:00:03.0']);
    const fault = diffs.find((d) => d.step === 1 && d.kind === 'fault')!;
    expect(diffTargets(fault, 'left', at(on, 1), at(on, 0))).toEqual([]);
    expect(diffTargets(fault, 'right', at(off, 1), at(off, 0)).length).toBeGreaterThan(0);
  });
});
