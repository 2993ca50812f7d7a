/**
 * The effective IOMMU configuration of one boot: the command line's variables (cmdline.ts), the
 * Kconfig and the machine, combined as `iommu_subsys_init` and `intel_iommu_init` combine them,
 * with a sentence per setting saying why. Pure; the events are what those functions print.
 *
 * Checked in kernel source (see cmdline.ts for the snapshots):
 * - iommu_subsys_init came in 5.4 ("iommu: Print default domain type on boot"): 5.1/5.3 print no
 *   "Default domain type" line. The TLB policy line is 5.14+ (of our kernels only 6.1), and only when
 *   the default is not passthrough. A DMA-FQ default prints as "Translated".
 * - Up to 5.11 the VT-d driver decides lazy vs strict itself from intel_iommu=strict: 5.10's
 *   intel_iommu_domain_set_attr rejects DMA domains and intel_unmap reads intel_iommu_strict;
 *   5.11's get_attr(DMA_USE_FLUSH_QUEUE) answers !intel_iommu_strict [I for 5.11], and Nadav Amit's
 *   fix there also turns batching off under Caching Mode ("IOMMU batching is disabled due to
 *   virtualization", pr_warn_once when the first DMA domain is set up) [I: that it is in 5.11].
 * - 6.1 intel_iommu_init: Caching Mode (and no first-level default) → iommu_set_dma_strict() after
 *   iommu_subsys_init printed its policy; pr_info_once("IOMMU batching disallowed due to virtualization").
 */
import { type CmdlineVars, hasX86PassThrough } from './cmdline';
import type { IommuConfig, KernelEvent, KernelId, MachineSpec } from './types';

/** A Kconfig option set in a way the kernel's build could not have. */
export interface KconfigProblem {
  option: string;
  message: string;
}

/** A Kconfig choice: exactly one member is y. `fallback` is the choice's own `default` line. */
export interface KconfigChoice {
  members: readonly string[];
  fallback: string;
  /**
   * Kernels without the choice: there `alone` is a plain option of its own, and the other members
   * do not exist.
   */
  notIn?: { kernels: readonly KernelId[]; alone: string; since: string };
}

// Debian's VT-d choice defaults to INTEL_IOMMU_DEFAULT_ON; the default-domain choice is lazy on x86.
export const CHOICES: readonly KconfigChoice[] = [
  {
    members: ['INTEL_IOMMU_DEFAULT_ON', 'INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF', 'INTEL_IOMMU_DEFAULT_OFF'],
    fallback: 'INTEL_IOMMU_DEFAULT_ON',
  },
  {
    members: ['IOMMU_DEFAULT_DMA_STRICT', 'IOMMU_DEFAULT_DMA_LAZY', 'IOMMU_DEFAULT_PASSTHROUGH'],
    fallback: 'IOMMU_DEFAULT_DMA_LAZY',
    // drivers/iommu/Kconfig: the choice came with 5.15; before, IOMMU_DEFAULT_PASSTHROUGH was a bool.
    notIn: {
      kernels: ['v5.1', 'v3-sewart', 'v5.3', 'v5.7', 'v5.8', 'v5.11'],
      alone: 'IOMMU_DEFAULT_PASSTHROUGH',
      since: '5.15',
    },
  },
];

/** The choices `kernel` has (all of them without a kernel). */
const choicesOf = (kernel?: KernelId) => CHOICES.filter((c) => !kernel || !c.notIn?.kernels.includes(kernel));
/** The options the sandbox reads: the members of its choices. Any other name changes nothing. */
export const MODELLED: ReadonlySet<string> = new Set(CHOICES.flatMap((c) => c.members));
const cfg = (name: string) => `CONFIG_${name}`;

/** Debian bookworm's Kconfig (linux-config-6.1) for the options the sandbox reads. */
export function kconfigDefaults(): Record<string, boolean> {
  return {
    INTEL_IOMMU_DEFAULT_ON: false,
    INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF: true,
    INTEL_IOMMU_DEFAULT_OFF: false,
    IOMMU_DEFAULT_DMA_STRICT: false,
    IOMMU_DEFAULT_DMA_LAZY: true,
    IOMMU_DEFAULT_PASSTHROUGH: false,
  };
}

/** How one choice comes out of Debian's defaults and a scenario's options. */
export interface ChoiceOutcome extends KconfigChoice {
  /** The members the scenario sets true, in key order. */
  setTrue: string[];
  /** The members the scenario sets false, in key order. */
  setFalse: string[];
  /** The member that is y. */
  chosen: string;
  /** No member was left y, so the choice's own default decides (as olddefconfig does). */
  byDefault: boolean;
}

/**
 * Each choice settled: a member set true deselects the others (two set true: the last wins, as
 * `conf` keeps the last line of a .config); a choice left with no member y takes its Kconfig
 * default, even a member the scenario set false.
 */
export function settleChoices(kconfig: Record<string, boolean>, kernel?: KernelId): ChoiceOutcome[] {
  const names = Object.keys(kconfig);
  const out = { ...kconfigDefaults(), ...kconfig };
  return choicesOf(kernel).map((choice) => {
    const setTrue = names.filter((k) => choice.members.includes(k) && kconfig[k] === true);
    const setFalse = names.filter((k) => choice.members.includes(k) && kconfig[k] === false);
    const kept = setTrue.at(-1) ?? choice.members.find((m) => out[m]);
    return { ...choice, setTrue, setFalse, chosen: kept ?? choice.fallback, byDefault: !kept };
  });
}

/** Choices set twice: two members of one Kconfig choice both y. Unknown names are not problems here. */
export function checkKconfig(kconfig: Record<string, boolean>, kernel?: KernelId): KconfigProblem[] {
  const problems: KconfigProblem[] = [];
  for (const { setTrue, chosen } of settleChoices(kconfig, kernel)) {
    if (setTrue.length > 1) {
      const message = `${setTrue.map(cfg).join(' and ')} are one Kconfig choice: only one can be y (the last, ${cfg(chosen)}, wins)`;
      problems.push({ option: chosen, message });
    }
  }
  return problems;
}

/** The Kconfig the kernel is built with: Debian's defaults, then the scenario's options, choices settled. */
export function effectiveKconfig(
  kconfig: Record<string, boolean>,
  kernel?: KernelId,
): Record<string, boolean> {
  const out = { ...kconfigDefaults(), ...kconfig };
  for (const { members, chosen } of settleChoices(kconfig, kernel))
    for (const m of members) out[m] = m === chosen;
  // A kernel without a choice reads its one plain option as given (Debian's default: n).
  for (const c of CHOICES)
    if (kernel && c.notIn?.kernels.includes(kernel)) out[c.notIn.alone] = kconfig[c.notIn.alone] === true;
  return out;
}

/** "iommu=pt on the kernel command line (last of iommu=pt, iommu.passthrough=0)". */
function fromCmdline(vars: CmdlineVars, key: keyof NonNullable<CmdlineVars['sources']>): string {
  // One word can set it twice (iommu=pt,nopt): name each word once, where it last did.
  const all = vars.sources?.[key] ?? [];
  const words = all.filter((w, i) => all.lastIndexOf(w) === i);
  const last = words[words.length - 1];
  if (!last) return 'the kernel command line';
  return `${last} on the kernel command line${words.length > 1 ? ` (last of ${words.join(', ')})` : ''}`;
}

/** Everything the resolver steps share: the inputs, the reasons being written, the events being printed. */
interface Ctx {
  kernel: KernelId;
  vars: CmdlineVars;
  kc: Record<string, boolean>;
  machine: Required<MachineSpec>;
  reasons: Record<string, string>;
  events: KernelEvent[];
  /** The machine has a PCI device marked external-facing (has_external_pci). */
  externalPci: boolean;
  /** platform_optin_force_iommu turned on a VT-d that was off by default: identity for all. */
  optinIdentity?: boolean;
}

function emit(c: Ctx, fn: string, message: string, why: string, x: Partial<KernelEvent> = {}): void {
  c.events.push({ kind: 'init', fn, message, why, level: 'info', ...x });
}

/** Combine the command line, Kconfig and machine into the boot's IommuConfig, with the lines the kernel prints about it. */
export function resolveConfig(
  kernel: KernelId,
  vars: CmdlineVars,
  kconfig: Record<string, boolean>,
  machine: Required<MachineSpec>,
  /** Some device is an external-facing port (what the DMAR platform opt-in looks for). */
  externalPci = false,
): { config: IommuConfig; events: KernelEvent[] } {
  const c: Ctx = {
    kernel,
    vars,
    kc: effectiveKconfig(kconfig, kernel),
    machine,
    reasons: {},
    events: [],
    externalPci,
  };
  const why = 'The sandbox reads only the VT-d default-on choice and the default domain type choice.';
  for (const name of Object.keys(kconfig).filter((n) => !MODELLED.has(n))) {
    const message = `${name.startsWith('CONFIG_') ? name : cfg(name)} is not modelled by the sandbox`;
    emit(c, 'kconfig', message, why, { prefix: 'sandbox', level: 'notice', silent: true });
  }
  for (const p of checkKconfig(kconfig, kernel))
    emit(c, 'kconfig', p.message, 'A Kconfig choice has one member set.', {
      prefix: 'sandbox',
      level: 'warn',
      silent: true,
    });

  const enabled = vtdEnabled(c);
  const { defaultType, strict, strictFromCmdline } = defaultDomain(c, enabled);
  // intel_iommu_init runs after iommu_subsys_init printed the core's lines (a rootfs_initcall,
  // after the subsys_initcalls).
  if (!enabled)
    emit(c, 'intel_iommu_init', 'VT-d stays off: no groups', c.reasons.enabled!, {
      prefix: 'sandbox',
      silent: true,
    });
  if (c.optinIdentity !== undefined)
    emit(
      c,
      'platform_optin_force_iommu',
      'Intel-IOMMU force enabled due to platform opt in',
      c.reasons.enabled!,
      {
        prefix: 'DMAR',
      },
    );
  const flags = identityFlags(c, enabled);
  const copiedTables = machine.translationPreEnabled && machine.kdump && !machine.copyTablesFails && enabled;
  const r = c.reasons;
  r.hwPassThrough = machine.hwPassThrough
    ? 'every VT-d unit has pass-through (ecap)'
    : 'a VT-d unit lacks pass-through: si_domain gets 1:1 page tables';
  r.kdump = machine.kdump ? 'this kernel is a crash (kdump) kernel' : 'not a kdump kernel';
  r.copiedTables = copiedTables
    ? 'kdump with translation left on: the old root and context tables are copied'
    : !machine.translationPreEnabled || !machine.kdump
      ? 'no translation inherited from a crashed kernel'
      : !enabled
        ? 'VT-d is off in this kernel'
        : 'copying the old tables failed: translation is disabled and attach is not deferred';
  const config: IommuConfig = {
    enabled,
    defaultType,
    defaultTypeFromCmdline: vars.defType !== null && vars.defTypeFromCmdline,
    strict,
    strictFromCmdline,
    ...flags,
    mapGfx: vars.mapGfx,
    hwPassThrough: machine.hwPassThrough,
    copiedTables,
    kdump: machine.kdump,
    reasons: r,
  };
  return { config, events: c.events };
}

/** VT-d on or off: intel_iommu_init returns early on no_iommu || dmar_disabled. */
function vtdEnabled(c: Ctx): boolean {
  const { vars, kc } = c;
  const defaultOn = ['INTEL_IOMMU_DEFAULT_ON', 'INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF'].find((o) => kc[o]);
  const softOff = vars.soft && c.kernel !== 'v6.1';
  const dmarDisabled = vars.dmarDisabled ?? !defaultOn;
  const enabled = !vars.noIommu && !dmarDisabled && !softOff;
  // platform_optin_force_iommu: firmware asks for DMA protection and a port is external-facing;
  // only intel_iommu=off (no_platform_optin) says no.
  if (!enabled && !softOff && c.machine.dmarPlatformOptIn && c.externalPci && vars.dmarDisabled !== true) {
    c.optinIdentity = dmarDisabled;
    c.reasons.enabled = `the DMAR table's platform opt-in and an external-facing port: platform_optin_force_iommu clears ${vars.noIommu ? 'no_iommu' : 'dmar_disabled'}${dmarDisabled ? ', and with VT-d off by default everything but untrusted devices is identity-mapped' : ''}`;
    return true;
  }
  const why = vars.noIommu
    ? `${fromCmdline(vars, 'noIommu')}: no_iommu, so the VT-d driver initialises nothing`
    : vars.dmarDisabled
      ? `${fromCmdline(vars, 'dmarDisabled')}: dmar_disabled = 1`
      : softOff
        ? `${fromCmdline(vars, 'soft')}: swiotlb ends IOMMU detection before VT-d [I]`
        : vars.dmarDisabled === false
          ? `${fromCmdline(vars, 'dmarDisabled')}: dmar_disabled = 0`
          : defaultOn === 'INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF' && c.kernel !== 'v6.1'
            ? `no intel_iommu= on the command line, and the scenario's Kconfig (Debian bookworm's unless it says otherwise) has ${cfg(defaultOn)}=y: Debian 6.1's option, which this kernel does not have; the sandbox reads it as ${cfg('INTEL_IOMMU_DEFAULT_ON')}=y, VT-d on by default (upstream defaults to off: intel_iommu=on turns it on)`
            : defaultOn
              ? `no intel_iommu= on the command line; ${cfg(defaultOn)}=y turns VT-d on by default`
              : `${cfg('INTEL_IOMMU_DEFAULT_OFF')}=y and no intel_iommu=on: VT-d stays off`;
  c.reasons.enabled = why;
  return enabled;
}

const IOMMU = { prefix: 'iommu' } as const;

const OPTIN_IDENTITY =
  'VT-d is off by default but the platform opted in: platform_optin_force_iommu calls iommu_set_default_passthrough(false), identity for every device that is not untrusted';

/** The default domain type and flush mode: iommu_subsys_init, then what the VT-d driver makes of them. */
function defaultDomain(
  c: Ctx,
  enabled: boolean,
): Pick<IommuConfig, 'defaultType' | 'strict' | 'strictFromCmdline'> {
  const { kernel, vars, kc, machine, reasons } = c;
  const cfgPT = kc.IOMMU_DEFAULT_PASSTHROUGH === true;
  const core = vars.defType ?? (cfgPT ? 'identity' : 'DMA');
  const coreWhy = vars.defType
    ? fromCmdline(vars, 'defType')
    : `no command-line choice: ${cfg('IOMMU_DEFAULT_PASSTHROUGH')} ${cfgPT ? '=y' : 'is not set'}`;
  // iommu_subsys_init (5.4+): the type line always, the TLB policy line (5.14+) unless passthrough.
  const subsysInit = (policy: string | null) => {
    if (hasX86PassThrough(kernel)) return;
    // 5.4–5.11 print "%s %s": a trailing space when the command line did not set it (6.1 does not).
    const set = vars.defTypeFromCmdline ? ' (set via kernel command line)' : kernel === 'v6.1' ? '' : ' ';
    const type = core === 'identity' ? 'Passthrough' : 'Translated';
    emit(c, 'iommu_subsys_init', `Default domain type: ${type}${set}`, `Core default: ${coreWhy}.`, IOMMU);
    if (policy)
      emit(
        c,
        'iommu_subsys_init',
        `DMA domain TLB invalidation policy: ${policy}`,
        `${reasons.strict}.`,
        IOMMU,
      );
  };

  if (kernel !== 'v6.1') {
    // Up to 5.11 VT-d picks its flushing itself (intel_iommu=strict); iommu.strict only sets a core flag.
    const cm = kernel === 'v5.11' && enabled && machine.cachingMode && !vars.intelStrict;
    reasons.strict = vars.intelStrict
      ? `${fromCmdline(vars, 'intelStrict')}: intel_iommu_strict = 1`
      : cm
        ? 'Caching Mode (virtual VT-d): no flush queue [I]'
        : `lazy: this VT-d driver batches IOTLB flushes unless intel_iommu=strict${vars.strict !== null ? ' (it ignores iommu.strict)' : ''}`;
    // Its "IOMMU batching is disabled" line comes with the first DMA domain (boot.ts).
    subsysInit(null);
    reasons.defaultType =
      kernel === 'v5.1'
        ? `unused on v5.1: the VT-d driver allocates no default domains (groups read 'unknown'); the core type would be ${core}: ${coreWhy}`
        : coreWhy;
    const optin = c.optinIdentity && !hasX86PassThrough(kernel);
    if (optin) reasons.defaultType = OPTIN_IDENTITY;
    const defaultType = kernel === 'v5.1' ? 'DMA' : optin ? 'identity' : core;
    return { defaultType, strict: vars.intelStrict || cm, strictFromCmdline: vars.intelStrict };
  }

  let strict = vars.strict ?? kc.IOMMU_DEFAULT_DMA_STRICT === true;
  reasons.strict = vars.sources?.strict
    ? fromCmdline(vars, 'strict')
    : `${cfg(kc.IOMMU_DEFAULT_DMA_STRICT ? 'IOMMU_DEFAULT_DMA_STRICT' : 'IOMMU_DEFAULT_DMA_LAZY')}=y`;
  const cmd = vars.strictFromCmdline ? ' (set via kernel command line)' : '';
  subsysInit(core === 'identity' ? null : `${strict ? 'strict' : 'lazy'} mode${cmd}`);
  if (enabled && machine.cachingMode) {
    // intel_iommu_init runs after iommu_subsys_init: its iommu_set_dma_strict() beats iommu.strict=0
    // (and says so after init_dmars: boot.ts).
    strict = true;
    reasons.strict = `Caching Mode (virtual VT-d): iommu_set_dma_strict() in intel_iommu_init, after ${reasons.strict}`;
  }
  // After iommu_subsys_init printed its line, intel_iommu_init may still make identity the default.
  const identity = core === 'identity' || c.optinIdentity === true;
  const defaultType = identity ? 'identity' : strict ? 'DMA' : 'DMA-FQ';
  reasons.defaultType = c.optinIdentity
    ? OPTIN_IDENTITY
    : `${coreWhy}${core === 'DMA' ? `; ${strict ? 'strict → DMA' : 'lazy → DMA-FQ (flush queue)'}` : ''}`;
  return { defaultType, strict, strictFromCmdline: vars.strictFromCmdline };
}
/** The Intel driver's identity-map flags (iommu_identity_mapping, set in init_dmars). */
function identityFlags(
  c: Ctx,
  enabled: boolean,
): Pick<IommuConfig, 'identmapAll' | 'identmapGfx' | 'identmapIntgpu'> {
  const { kernel, vars, kc, reasons } = c;
  const cfgPT = kc.IOMMU_DEFAULT_PASSTHROUGH === true;
  const x86 = hasX86PassThrough(kernel);
  const optinAll = x86 && c.optinIdentity === true;
  const identmapAll = x86 ? optinAll || (vars.x86PassThrough ?? cfgPT) : false;
  reasons.identmapAll = optinAll
    ? 'VT-d is off by default but the platform opted in: platform_optin_force_iommu sets IDENTMAP_ALL (untrusted devices still get DMA domains)'
    : !x86
      ? 'IDENTMAP_ALL is gone from 5.6 on (5.4 moved iommu=pt to the core default type; 5.6 stopped reading it back into IDENTMAP_ALL)'
      : vars.x86PassThrough !== null
        ? `${fromCmdline(vars, 'x86PassThrough')}: x86 iommu_pass_through = ${+vars.x86PassThrough}`
        : `no iommu=pt/nopt: iommu_pass_through starts as ${cfg('IOMMU_DEFAULT_PASSTHROUGH')} (${cfgPT ? 'y' : 'not set'})`;
  const identmapGfx = !vars.mapGfx;
  reasons.identmapGfx = identmapGfx
    ? `${fromCmdline(vars, 'mapGfx')}: IDENTMAP_GFX`
    : 'no igfx_off: display devices are translated like any other';
  reasons.mapGfx = identmapGfx ? reasons.identmapGfx : 'dmar_map_gfx = 1 (the default)';
  // Debian: dmar_map_intgpu = IS_ENABLED(CONFIG_INTEL_IOMMU_DEFAULT_ON); intel_iommu=on sets it, intgpu_off clears it.
  const mapIntgpu = vars.mapIntgpu ?? kc.INTEL_IOMMU_DEFAULT_ON === true;
  const identmapIntgpu = kernel === 'v6.1' && !mapIntgpu;
  reasons.identmapIntgpu =
    kernel !== 'v6.1'
      ? "Debian's iGPU patch is modelled for 6.1 only"
      : vars.mapIntgpu !== null
        ? `${fromCmdline(vars, 'mapIntgpu')}: dmar_map_intgpu = ${+vars.mapIntgpu}`
        : `dmar_map_intgpu starts as ${cfg('INTEL_IOMMU_DEFAULT_ON')} (${mapIntgpu ? 'y' : 'not set'}): Debian ${identmapIntgpu ? 'identity-maps an Intel iGPU on the root bus' : 'translates the iGPU'}`;
  const flags: [boolean, string, string][] = [
    [identmapAll, 'IDENTMAP_ALL', reasons.identmapAll],
    [identmapGfx, 'IDENTMAP_GFX', reasons.identmapGfx],
    [identmapIntgpu, 'IDENTMAP_INTGPU', reasons.identmapIntgpu],
  ];
  for (const [on, name, why] of flags)
    if (enabled && on)
      emit(c, 'init_dmars', `iommu_identity_mapping |= ${name}`, why, { prefix: 'DMAR', silent: true });
  return { identmapAll, identmapGfx, identmapIntgpu };
}
