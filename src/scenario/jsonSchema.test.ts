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
});
