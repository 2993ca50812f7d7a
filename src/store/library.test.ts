import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/validate';
import { DEFAULT_ID, defaultScenario, LIBRARY, loadLibraryScenario } from './library';
import { runAll } from './timeline';

describe('scenario library', () => {
  it('lists every scenario file with a name, the default first', () => {
    expect(LIBRARY.length).toBeGreaterThan(40);
    expect(LIBRARY[0]?.id).toBe(DEFAULT_ID);
    for (const e of LIBRARY) {
      expect(e.name, e.id).toBeTruthy();
    }
    const ids = LIBRARY.map((e) => e.id);
    for (const id of [
      'library/laptop.v6.1',
      'library/server.v6.1',
      'library/review-iommu-pt-32bit.v5.3',
      'library/review-iommu-pt-32bit.v6.1',
      'library/review-two-needs-one-group.v5.3',
      'library/review-si-domain-freed.guard-on.v5.3',
      'library/review-si-domain-freed.guard-off.v5.3',
      'library/review-kdump.deferred.v5.3',
      'library/review-kdump.no-defer.v5.3',
      'library/review-vfio-extra-group.v3-sewart',
      'examples/e07-si-domain-freed-on-group-release.no-si-guard.v5.3',
    ])
      expect(ids).toContain(id);
  });

  it('opens on a machine whose first step boots it', () => {
    expect(defaultScenario().steps[0]).toEqual({ op: 'boot' });
  });

  // The app trusts library files (it does not load the validator for them), so every one is checked here.
  it.each(LIBRARY.map((e) => e.id))('%s is a valid scenario the core runs', async (id) => {
    const scenario = await loadLibraryScenario(id);
    // The picker shows it under the select once the scenario is loaded.
    expect(scenario.description).toBeTruthy();
    const checked = parseScenario(JSON.stringify(scenario));
    expect(checked.ok ? [] : checked.problems).toEqual([]);
    const { runs } = runAll(scenario);
    expect(runs[0]?.step.op).toBe('boot');
    expect(runs[0]?.ok).toBe(true);
  });
});
