/** formatKeys.ts (what fastShape reads without zod) is the schema's key lists, in their order. */
import { describe, expect, it } from 'vitest';
import {
  DEVICE_KEYS,
  DRIVER_KEYS,
  FIX_KEYS,
  MACHINE_KEYS,
  SCENARIO_KEYS,
  STEP_FIELDS,
  STEP_OPS,
} from './formatKeys';
import { DeviceSchema, DriverSchema, FixesSchema, MachineSchema, ScenarioSchema, StepSchema } from './schema';

const keys = (schema: { shape: object }) => Object.keys(schema.shape);

describe('formatKeys', () => {
  it('lists the keys of each object of the schema in its order', () => {
    expect(SCENARIO_KEYS).toEqual(keys(ScenarioSchema));
    expect(DEVICE_KEYS).toEqual(keys(DeviceSchema));
    expect(DRIVER_KEYS).toEqual(keys(DriverSchema));
    expect(FIX_KEYS).toEqual(keys(FixesSchema));
    expect(MACHINE_KEYS).toEqual(keys(MachineSchema));
  });

  it("lists every step op and each op's fields in schema order", () => {
    const options = StepSchema.options.map((o) => {
      const [op, ...fields] = keys(o);
      return [(o.shape as { op: { value: string } }).op.value, op, fields];
    });
    expect(options).toEqual(STEP_OPS.map((op) => [op, 'op', [...STEP_FIELDS[op]]]));
  });
});
