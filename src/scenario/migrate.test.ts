import { describe, expect, it } from 'vitest';
import { CURRENT_FORMAT, MIGRATIONS, type Migration, migrate } from './migrate';

const v1 = { format: CURRENT_FORMAT, kernel: 'v5.3', devices: [], steps: [{ op: 'boot' }] };

describe('migrate', () => {
  it('passes the current format through unchanged', () => {
    expect(migrate(v1)).toEqual({ value: v1, problems: [] });
    expect(MIGRATIONS).toEqual([]);
  });

  it('refuses formats it does not know, naming the field', () => {
    expect(migrate({ ...v1, format: 'iommu-sandbox/scenario@7' }).problems).toEqual([
      'format: "iommu-sandbox/scenario@7" is newer than this sandbox understands (iommu-sandbox/scenario@1)',
    ]);
    expect(migrate({ ...v1, format: 'iommu-sandbox/scenario@0' }).problems).toEqual([
      'format: "iommu-sandbox/scenario@0" is older than any this sandbox can read (iommu-sandbox/scenario@1)',
    ]);
    expect(migrate({ ...v1, format: 'iommu-sandbox/scenario@1.0' }).problems[0]).toMatch(
      /^format: .* is not a scenario/,
    );
    expect(migrate({ ...v1, format: 'something/else' }).problems[0]).toMatch(
      /^format: .* is not a format this sandbox knows/,
    );
    expect(migrate({ ...v1, format: 1 }).problems).toEqual([
      'format: expected a string such as "iommu-sandbox/scenario@1"',
    ]);
    expect(migrate(null).problems).toEqual(['(root): expected a scenario object, got null']);
  });

  // How a format change is made: write the migration from the old version, add it to MIGRATIONS.
  // This one is a made-up @0 in which steps were called "actions" and the kernel "version".
  const fakeHistory: Migration[] = [
    {
      from: 0,
      up: ({ actions, version, ...rest }) => ({ ...rest, kernel: version, steps: actions }),
    },
  ];

  it('runs the migrations in order from the document version', () => {
    const v0 = {
      format: 'iommu-sandbox/scenario@0',
      version: 'v5.3',
      devices: [],
      actions: [{ op: 'boot' }],
    };
    const r = migrate(v0, fakeHistory);
    expect(r.problems).toEqual([]);
    expect(r.value).toEqual(v1);
    // The input is not touched: share links and the store keep their own copy.
    expect(v0.format).toBe('iommu-sandbox/scenario@0');
  });
});
