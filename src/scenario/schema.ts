/**
 * The scenario format (scenario-format.md, iommu-sandbox/scenario@1) as zod schemas: the one
 * definition behind both validation and the published JSON Schema. Shape only: cross-field rules
 * (topology, step references, BDF canonical forms) live in validate.ts.
 */
import { z } from 'zod';
import { closest } from '../kernel/closest';
import { fixOfCatalogueName } from '../kernel/fixCatalogue';
import {
  ACS_FLAGS,
  DEVICE_QUIRKS,
  DEVICE_TYPES,
  type DeviceSpec,
  type DriverSpec,
  FIX_IDS,
  KERNELS,
  type MachineSpec,
  type Scenario,
  type StepOp,
} from '../kernel/types';
import { BDF_PATTERN, HID_PATTERN, MACHINE_KEYS, STEP_OPS } from './formatKeys';
import { CURRENT_FORMAT } from './migrate';

export { BDF_PATTERN, MACHINE_KEYS, STEP_OPS };

const BDF_RE = new RegExp(BDF_PATTERN);

/** Objects whose unknown keys are rejected unless they start with `x-` (see `extensible`). */
const extensibleObjects = new WeakSet<z.ZodType>();

/** `one of a, b, c` for messages. */
export function oneOf(values: readonly string[]): string {
  return `expected one of ${values.join(', ')}`;
}

/**
 * An object that rejects keys it does not know, one issue per key (so that typos never pass
 * silently), but lets through vendor extensions whose key starts with `x-`.
 */
function extensible<S extends z.ZodRawShape>(
  shape: S,
  what: string,
  meta: { description: string; id?: string },
  hint?: (key: string) => string,
) {
  const known = Object.keys(shape);
  const schema = z
    .object(shape)
    .catchall(z.unknown())
    .superRefine(
      (value, ctx) => {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
        for (const key of Object.keys(value)) {
          if (Object.hasOwn(shape, key) || key.startsWith('x-')) continue;
          const guess = closest(key, known);
          const extra = hint ? hint(key) : guess ? `did you mean "${guess}"?` : oneOf(known);
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `unknown ${what}; ${extra} (vendor extensions start with x-)`,
            input: (value as Record<string, unknown>)[key],
          });
        }
      },
      // Report unknown keys even when a known field is also wrong.
      { when: () => true },
    )
    .meta(meta);
  extensibleObjects.add(schema);
  return schema;
}

const enumError =
  (what: string, values: readonly string[]) =>
  (iss: { input?: unknown }): string =>
    iss.input === undefined
      ? `missing; ${oneOf(values)}`
      : `unknown ${what} ${JSON.stringify(iss.input)}; ${oneOf(values)}`;

export const BdfSchema = z
  .string({
    error: (iss) =>
      iss.input === undefined ? 'missing (required)' : 'expected a BDF string such as "01:00.0"',
  })
  .regex(BDF_RE, { error: (iss) => `${JSON.stringify(iss.input)} is not a BDF (BB:DD.F or SSSS:BB:DD.F)` })
  .meta({ id: 'Bdf', description: 'PCI address BB:DD.F or SSSS:BB:DD.F (device ≤ 1f, function ≤ 7)' });

export const KernelSchema = z
  .enum(KERNELS, { error: enumError('kernel', KERNELS) })
  .meta({ description: 'v5.1 = policy A, v3-sewart = B, v5.3/v5.7 = C, v5.8/v5.11/v6.1 = D' });

export const DeviceTypeSchema = z.enum(DEVICE_TYPES, { error: enumError('device type', DEVICE_TYPES) });

export const DriverSchema = extensible(
  {
    name: z
      .string()
      .min(1, 'a driver needs a name')
      .meta({ description: 'As sysfs names it: e1000e, vfio-pci' }),
    dmaMask: z
      .number()
      .min(1)
      .max(64)
      .int()
      .optional()
      .meta({ description: 'Bits the driver sets with dma_set_mask (default 64)' }),
    managedDma: z
      .boolean()
      .optional()
      .meta({ description: 'driver_managed_dma (default true for vfio-pci, pci-stub, pcieport)' }),
    dmaAtProbe: z.boolean().optional().meta({
      description:
        "Extension: its probe makes the first DMA API call (ahci allocates its ports' memory there), as a dma step right after the bind would (default false)",
    }),
  },
  'driver field',
  { id: 'Driver', description: 'A driver: the one that binds at boot, or the one a bind step probes' },
);

export const DeviceSchema = extensible(
  {
    bdf: BdfSchema,
    type: DeviceTypeSchema,
    parent: BdfSchema.nullable()
      .optional()
      .transform((p) => p ?? undefined)
      .meta({ description: 'The bridge or port above; none (or, an extension, null) = the root bus' }),
    multifunction: z.boolean().optional(),
    acs: z
      .union([z.boolean(), z.array(z.enum(ACS_FLAGS, { error: enumError('ACS flag', ACS_FLAGS) }))], {
        error: 'expected true, false or a list of ACS flags (SV, RR, CR, UF)',
      })
      .optional()
      .meta({ description: 'true: implements SV, RR, CR and UF; or the list it implements' }),
    vendor: z
      .string()
      .regex(/^(intel|[0-9a-fA-F]{4})$/, 'expected "intel" or a 4-hex-digit vendor id')
      .optional(),
    device: z
      .string()
      .regex(/^[0-9a-fA-F]{4}$/, 'expected a 4-hex-digit PCI device id')
      .optional()
      .meta({
        description:
          'Extension: the PCI device id (4 hex digits); with vendor, it selects the device-specific ACS quirks',
      }),
    class: z
      .string()
      .regex(/^(?:[0-9a-fA-F]{2}){1,3}$/, 'expected a PCI class code of 2, 4 or 6 hex digits ("03", "0c03")')
      .optional(),
    quirks: z.array(z.enum(DEVICE_QUIRKS, { error: enumError('quirk', DEVICE_QUIRKS) })).optional(),
    aliases: z.array(BdfSchema).optional().meta({ description: 'Extra DMA alias BDFs on the same bus' }),
    externalFacing: z.boolean().optional(),
    rmrr: z.boolean().optional(),
    driver: DriverSchema.nullable().optional(),
    label: z
      .string()
      .max(80)
      .optional()
      .meta({ description: 'Extension: a human name shown next to the BDF' }),
    activeAtCrash: z
      .boolean()
      .optional()
      .meta({ description: 'Extension, kdump: the device was doing DMA when the previous kernel crashed' }),
    hid: z
      .string()
      .regex(
        new RegExp(HID_PATTERN),
        'expected an ACPI hardware id in capitals: 3 letters and 4 hex digits ("INT33C4"), or 4 letters or digits and 4 hex digits ("INTC1055")',
      )
      .optional()
      .meta({
        description:
          'Extension, ACPI-namespace devices: the _HID it is enumerated with, which names it in the kernel log ("platform INT33C4:00"); default ACPI0000, a stand-in',
      }),
  },
  'device field',
  { id: 'Device', description: 'One PCI function (or ACPI device)' },
);

const groupId = z
  .number({
    // JSON.parse turns a numeral beyond a double's range (1e400) into Infinity, which is a number.
    error: (iss) =>
      typeof iss.input === 'number'
        ? 'no group id is that large (a number too large to represent)'
        : 'expected a group id (a number)',
  })
  .min(0, 'a group id is never negative')
  .max(0x7fffffff, 'no group id is that large (the kernel numbers them from 0 with an int)')
  .int('expected a whole group id');

function step<Op extends StepOp, S extends z.ZodRawShape>(op: Op, shape: S, description: string) {
  const fields = Object.keys(shape);
  const hint = (key: string) => {
    const guess = closest(key, fields);
    if (guess) return `did you mean "${guess}"?`;
    return fields.length
      ? `a ${op} step takes ${fields.join(', ')}`
      : `a ${op} step takes nothing besides op`;
  };
  return extensible({ op: z.literal(op), ...shape }, 'field', { description }, hint);
}

export const StepSchema = z.discriminatedUnion(
  'op',
  [
    step('boot', {}, 'Enumerate, form groups, attach default domains, bind boot drivers'),
    step(
      'bind',
      {
        device: BdfSchema,
        driver: z
          .union([DriverSchema, z.string().min(1)], { error: 'expected a driver object or a driver name' })
          .optional(),
      },
      'A driver probes (sets the DMA mask); without driver, the device’s own binds',
    ),
    step('unbind', { device: BdfSchema }, 'The bound driver is removed'),
    step('dma', { device: BdfSchema }, 'The driver’s first DMA API call'),
    step('hot-add', { device: DeviceSchema }, 'A device appears'),
    step('hot-remove', { device: BdfSchema }, 'The device and everything below it goes'),
    step('rescan', {}, 'Every removed device comes back'),
    step(
      'set-group-type',
      { group: groupId, value: z.string() },
      'Write value to /sys/kernel/iommu_groups/N/type',
    ),
    step(
      'request-domain',
      {
        device: BdfSchema,
        type: z.enum(['identity', 'DMA'], { error: enumError('domain type', ['identity', 'DMA']) }),
      },
      'iommu_request_dm_for_dev / iommu_request_dma_domain_for_dev',
    ),
    step('vfio-claim', { group: groupId }, 'User space takes the whole group'),
    step('vfio-release', { group: groupId }, 'User space lets go of the group'),
    step('crash', { cmdline: z.string().optional() }, 'Panic; the kdump kernel boots'),
  ],
  {
    error: (iss) => {
      const input = iss.input as { op?: unknown } | undefined;
      if (iss.code !== 'invalid_union' || typeof input !== 'object' || input === null) return undefined;
      return input.op === undefined
        ? `missing; ${oneOf(STEP_OPS)}`
        : `unknown op ${JSON.stringify(input.op)}; ${oneOf(STEP_OPS)}`;
    },
  },
);

const FIX_SHAPE = Object.fromEntries(FIX_IDS.map((id) => [id, z.boolean().optional()])) as Record<
  (typeof FIX_IDS)[number],
  z.ZodOptional<z.ZodBoolean>
>;

// The model's §9 catalogue and the comparisons name fixes si-free, kdump-no-defer, ...: a file that
// uses such a name is told the one the format wants.
const byCatalogueName = (key: string): string => {
  const fix = fixOfCatalogueName(key);
  if (fix) return `"${key}" is the catalogue's name for the fix "${fix}"; a scenario names it "${fix}"`;
  const guess = closest(key, FIX_IDS);
  return guess ? `did you mean "${guess}"?` : oneOf(FIX_IDS);
};

export const FixesSchema = extensible(
  FIX_SHAPE,
  'fix',
  { description: 'Review fixes (kernel-model.md §9); each defaults to what that kernel had' },
  byCatalogueName,
);

export const MachineSchema = extensible(
  Object.fromEntries(MACHINE_KEYS.map((k) => [k, z.boolean().optional()])) as Record<
    (typeof MACHINE_KEYS)[number],
    z.ZodOptional<z.ZodBoolean>
  >,
  'machine option',
  { description: 'The machine around the kernel' },
);

export const KconfigSchema = z
  .record(
    z
      .string()
      .regex(/^[A-Z0-9_]+$/, 'not a Kconfig name (upper-case letters, digits and _)')
      // Its own pattern, so that an editor's schema check refuses CONFIG_ names as the sandbox does.
      .regex(/^(?!CONFIG_)/, {
        error: (iss) => `write Kconfig names without CONFIG_ (${JSON.stringify(String(iss.input).slice(7))})`,
      }),
    z.boolean(),
  )
  .meta({
    description: 'Build options by Kconfig name without CONFIG_; true = y. Defaults: Debian bookworm',
  });

export const ScenarioSchema = extensible(
  {
    $schema: z
      .string()
      .optional()
      .meta({ description: 'The JSON Schema the file follows, for editors; the sandbox does not read it' }),
    format: z.literal(CURRENT_FORMAT),
    name: z.string().optional(),
    description: z.string().optional(),
    kernel: KernelSchema,
    fixes: FixesSchema.optional(),
    cmdline: z.string().optional().meta({ description: 'Kernel command line; never an input error' }),
    kconfig: KconfigSchema.optional(),
    machine: MachineSchema.optional(),
    devices: z.array(DeviceSchema),
    steps: z.array(StepSchema),
  },
  'key',
  {
    description:
      "An IOMMU sandbox scenario: a machine, a kernel, a command line and a list of steps. This schema checks the shape of each value only; the sandbox checks more when it reads the file: no two devices at one address, each parent a bridge or port one bus up and no loop of parents, DMA aliases on the device's own bus, steps naming devices present at that step (after hot-add, hot-remove and rescan); and it warns about kconfig options that change nothing. Whether a step's group exists is answered when the step runs.",
  },
);

/** Whether a schema object rejects unknown non-`x-` keys (for the JSON Schema generator). */
export function isExtensibleObject(schema: unknown): boolean {
  return typeof schema === 'object' && schema !== null && extensibleObjects.has(schema as z.ZodType);
}

// Compile-time guards against drift from types.ts: every field there has a schema here (the other
// direction is checked where validate.ts assigns the schema's output to a Scenario).
type NoneMissing<T extends never> = T;
export type ScenarioFieldsCovered = NoneMissing<Exclude<keyof Scenario, keyof typeof ScenarioSchema.shape>>;
export type DeviceFieldsCovered = NoneMissing<Exclude<keyof DeviceSpec, keyof typeof DeviceSchema.shape>>;
export type DriverFieldsCovered = NoneMissing<Exclude<keyof DriverSpec, keyof typeof DriverSchema.shape>>;
export type MachineFieldsCovered = NoneMissing<Exclude<keyof MachineSpec, keyof typeof MachineSchema.shape>>;
export type StepOpsCovered = NoneMissing<Exclude<StepOp, (typeof STEP_OPS)[number]>>;
