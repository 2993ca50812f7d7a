import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema, scenarioJsonSchemaText } from './jsonSchema';

describe('the published JSON Schema', () => {
  it('public/scenario.schema.json is fresh (regenerate: node scripts/gen-schema.mjs)', () => {
    const committed = readFileSync(join(import.meta.dirname, '../../public/scenario.schema.json'), 'utf8');
    expect(committed).toBe(scenarioJsonSchemaText());
  });

  it('rejects unknown keys but allows x- extensions, like the validator', () => {
    const schema = scenarioJsonSchema() as {
      additionalProperties: unknown;
      patternProperties: unknown;
      $defs: Record<string, { additionalProperties: unknown; patternProperties: unknown }>;
    };
    for (const s of [schema, schema.$defs.Device!, schema.$defs.Driver!]) {
      expect(s.additionalProperties).toBe(false);
      expect(s.patternProperties).toEqual({ '^x-': {} });
    }
    expect(schema).toMatchObject({
      title: 'iommu-sandbox/scenario@1',
      required: ['format', 'kernel', 'devices', 'steps'],
    });
  });

  it('refuses CONFIG_-prefixed Kconfig names, as the sandbox does', () => {
    const kconfig = (scenarioJsonSchema() as { properties: { kconfig: { propertyNames: unknown } } })
      .properties.kconfig;
    // A name passes an editor's check when it matches every pattern of propertyNames (JSON Schema
    // patterns are ECMA-262 regexes, unanchored).
    const patterns: RegExp[] = [];
    JSON.stringify(kconfig.propertyNames, (key, value) => {
      if (key === 'pattern') patterns.push(new RegExp(value, 'u'));
      return value;
    });
    expect(patterns.length).toBeGreaterThan(0);
    const accepted = (name: string) => patterns.every((re) => re.test(name));
    expect(accepted('IOMMU_DEFAULT_PASSTHROUGH')).toBe(true);
    expect(accepted('CONFIG_IOMMU_DEFAULT_PASSTHROUGH')).toBe(false);
    expect(accepted('iommu default')).toBe(false);
  });

  it('says which checks only the sandbox makes', () => {
    const { description } = scenarioJsonSchema() as { description: string };
    for (const check of ['address', 'parent', 'loop', 'aliases', 'steps naming devices', 'kconfig'])
      expect(description).toContain(check);
  });
});
