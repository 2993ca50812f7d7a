/**
 * The format's keys, in the order schema.ts declares them, without zod: the CLI checks a valid
 * file with fastShape.ts alone and loads zod (most of its startup) only to word problems.
 * formatKeys.test.ts holds these lists equal to the schema's.
 */
import { FIX_IDS, type StepOp } from '../kernel/types';

/** `BB:DD.F` or `SSSS:BB:DD.F`, device ≤ 1f, function ≤ 7 (either case; canonicalised later). */
export const BDF_PATTERN = '^(?:[0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[01][0-9a-fA-F]\\.[0-7]$';

/** An ACPI _HID: EISA-style (`INT33C4`) or ACPI-style (`INTC1055`), in capitals. */
export const HID_PATTERN = '^(?:[A-Z]{3}[0-9A-F]{4}|[A-Z0-9]{4}[0-9A-F]{4})$';

export const SCENARIO_KEYS = [
  '$schema',
  'format',
  'name',
  'description',
  'kernel',
  'fixes',
  'cmdline',
  'kconfig',
  'machine',
  'devices',
  'steps',
] as const;

export const DEVICE_KEYS = [
  'bdf',
  'type',
  'parent',
  'multifunction',
  'acs',
  'vendor',
  'device',
  'class',
  'quirks',
  'aliases',
  'externalFacing',
  'rmrr',
  'driver',
  'label',
  'activeAtCrash',
  'hid',
] as const;

export const DRIVER_KEYS = ['name', 'dmaMask', 'managedDma', 'dmaAtProbe'] as const;

export const FIX_KEYS = FIX_IDS;

export const MACHINE_KEYS = [
  'ramAbove4G',
  'hwPassThrough',
  'cachingMode',
  'gfxOnlyUnit',
  'kdump',
  'translationPreEnabled',
  'copyTablesFails',
  'dmarPlatformOptIn',
] as const;

/** Each op's fields besides `op`, in schema order. */
export const STEP_FIELDS = {
  boot: [],
  bind: ['device', 'driver'],
  unbind: ['device'],
  dma: ['device'],
  'hot-add': ['device'],
  'hot-remove': ['device'],
  rescan: [],
  'set-group-type': ['group', 'value'],
  'request-domain': ['device', 'type'],
  'vfio-claim': ['group'],
  'vfio-release': ['group'],
  crash: ['cmdline'],
} as const satisfies Record<StepOp, readonly string[]>;

/** Op names in the order the format lists them. */
export const STEP_OPS = Object.keys(STEP_FIELDS) as (keyof typeof STEP_FIELDS)[];
