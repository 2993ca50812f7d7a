/**
 * The published JSON Schema of the scenario format, generated from the zod schemas in schema.ts
 * (public/scenario.schema.json is this text; a test keeps the committed file fresh).
 */
import { z } from 'zod';
import { CURRENT_FORMAT } from './migrate';
import { isExtensibleObject, ScenarioSchema } from './schema';

/** The JSON Schema (draft 2020-12) of iommu-sandbox/scenario@1, as a plain object. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(ScenarioSchema, {
    target: 'draft-2020-12',
    io: 'input',
    override: (ctx) => {
      if (!isExtensibleObject(ctx.zodSchema)) return;
      // Mirrors the validator: unknown keys are errors, vendor extensions (x-...) are free.
      ctx.jsonSchema.additionalProperties = false;
      ctx.jsonSchema.patternProperties = { '^x-': {} };
    },
  }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return { $schema, title: CURRENT_FORMAT, ...rest };
}

/** The text of public/scenario.schema.json: 2-space indented, trailing newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
