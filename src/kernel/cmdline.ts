/**
 * The kernel command line as each simulated kernel parses it: the early params (`iommu=`,
 * `iommu.passthrough=`, `iommu.strict=`) in line order through `do_early_param`, then the
 * `__setup("intel_iommu=")` handler. Pure: a string in; variables, per-word notes and events out.
 * Reads no Kconfig (config.ts combines the two); next_arg and kstrtobool live in kstrtobool.ts.
 *
 * Checked in kernel source (no tagged trees in the index; the nearest stored snapshots):
 * - lib/kstrtox.c kstrtobool, 5.10.13: no t/T/f/F (they came in 2022): "true" is malformed on 5.x.
 * - arch/x86/kernel/pci-dma.c iommu_setup (5.0, 5.10.13, 6.3.2): each keyword is its own strncmp
 *   prefix test, so one word can hit two ("forcesac" also sets "force"). `usedac` returns 1:
 *   "Malformed early option 'iommu'", the rest skipped. forcesac/allowdac/nodac warn "<kw> option
 *   ignored.". An EMPTY `iommu=` is not malformed (the handler gets "", not NULL); a bare `iommu` is.
 *   `soft` sets swiotlb; before 5.19 pci_swiotlb_detect_override (IOMMU_INIT_FINISH) then ends
 *   IOMMU detection before VT-d [I: effect]. pt/nopt: x86 iommu_pass_through ≤5.3, core type ≥5.4.
 * - intel_iommu_setup (5.4-era and 5.10.13 intel-iommu.c, 6.1, Debian's patches): `nobounce`
 *   5.4–5.10 (5.11 [I]), `sm_off` 6.1 only, tboot_noforce a bare printk up to 5.7 [I: 5.7/5.8].
 * - kernel/params.c parameqn, init/main.c obsolete_checksetup: '-' == '_' in names, so
 *   `intel-iommu=on` IS intel_iommu=on; a bare `intel_iommu` misses `__setup("intel_iommu=")`;
 *   parse_args stops at `--`.
 */
import { closest } from './closest';
import { initArgs, unknownParamsLine } from './initArgs';
import { type CmdlineWord, COMMAND_LINE_SIZE, kstrtobool, splitCmdline, walkList } from './kstrtobool';
import { otherParam } from './otherParams';
import type { KernelEvent, KernelId, LogLevel } from './types';

export type CmdlineParam = 'iommu' | 'iommu.passthrough' | 'iommu.strict' | 'iommu.forcedac' | 'intel_iommu';

/** One word of the command line, as typed, and what the kernel made of it. */
export interface CmdlineToken extends CmdlineWord {
  /** null: not an IOMMU parameter (passed on). */
  param: CmdlineParam | null;
  status: 'applied' | 'partly-applied' | 'malformed' | 'ignored' | 'other';
  notes: string[];
  /** Exactly what the kernel prints for this word. */
  messages: string[];
  suggestion?: string;
}

/** The kernel variables the command line writes; null = left at the Kconfig default. */
export interface CmdlineVars {
  noIommu: boolean;
  x86PassThrough: boolean | null;
  defType: 'identity' | 'DMA' | null;
  defTypeFromCmdline: boolean;
  strict: boolean | null;
  strictFromCmdline: boolean;
  dmarDisabled: boolean | null;
  mapGfx: boolean;
  mapIntgpu: boolean | null;
  intelStrict: boolean;
  tbootNoforce: boolean;
  scalableMode: boolean | null;
  superpageOff: boolean;
  forcedac: boolean;
  soft: boolean;
  noBounce: boolean;
  /** The words that wrote each variable, in the order the kernel applied them. */
  sources?: Partial<Record<VarName, string[]>>;
}
type VarName = Exclude<keyof CmdlineVars, 'sources' | 'defTypeFromCmdline' | 'strictFromCmdline'>;

/** Before 5.4: x86 iommu_pass_through (→ IDENTMAP_ALL) is a variable apart from the core default type. */
export function hasX86PassThrough(kernel: KernelId): boolean {
  return kernel === 'v5.1' || kernel === 'v3-sewart' || kernel === 'v5.3';
}

interface Ctx {
  kernel: KernelId;
  vars: CmdlineVars;
  tokens: CmdlineToken[];
  events: KernelEvent[];
  writer: Partial<Record<VarName, number>>;
  overridden: [number, VarName][];
}

function set<K extends VarName>(c: Ctx, tok: number, key: K, value: CmdlineVars[K]): void {
  const prev = c.writer[key];
  if (prev !== undefined && prev !== tok) c.overridden.push([prev, key]);
  [c.vars[key], c.writer[key]] = [value, tok];
  c.vars.sources = { ...c.vars.sources, [key]: [...(c.vars.sources?.[key] ?? []), c.tokens[tok]!.text] };
}

type Extra = Partial<Pick<KernelEvent, 'prefix' | 'level' | 'silent'>>;
const WARN: Extra = { prefix: 'kernel', level: 'warn' };
function say(c: Ctx, tok: number, fn: string, message: string, why: string, x: Extra = {}): true {
  const prefix = x.prefix ?? 'DMAR';
  c.events.push({ kind: 'cmdline', fn, message, why, level: 'info', ...x, prefix });
  if (!x.silent) c.tokens[tok]!.messages.push(prefix === 'kernel' ? message : `${prefix}: ${message}`);
  return true;
}

/** A state change the kernel makes without printing anything (for the teaching views); returns `message`. */
function quiet(c: Ctx, tok: number, fn: string, message: string): string {
  const why = `'${c.tokens[tok]!.text}' changes this silently.`;
  say(c, tok, fn, message, why, { silent: true, prefix: 'iommu' });
  return message;
}

/** Parse a command line as `kernel` does: variables, annotated words and events (dmesg lines and silent changes). */
export function parseCmdline(kernel: KernelId, cmdline: string): Parsed {
  const tokens = splitCmdline(cmdline).map(
    (w): CmdlineToken => ({ ...w, param: null, status: 'other', notes: [], messages: [] }),
  );
  const c: Ctx = { kernel, vars: fresh(), tokens, events: [], writer: {}, overridden: [] };
  let end = tokens.findIndex((t) => (t.value === null && t.name === '--') || t.cut);
  if (end < 0) end = tokens.length;
  else if (!tokens[end]!.cut)
    tokens[end]!.notes.push('parse_args stops here: the words after it go to init as arguments');
  for (const t of tokens)
    if (t.cut) {
      t.status = 'ignored';
      t.notes.push(
        `past the first ${COMMAND_LINE_SIZE - 1} bytes: x86 keeps a command line of COMMAND_LINE_SIZE (${COMMAND_LINE_SIZE}) bytes, so the kernel never sees this word`,
      );
    }
  for (const t of tokens.slice(0, end)) t.param = classify(t, kernel);
  // do_early_param handles the whole line first; __setup handlers run in the second pass.
  for (let i = 0; i < end; i++) if (tokens[i]!.param && tokens[i]!.param !== 'intel_iommu') earlyParam(c, i);
  for (let i = 0; i < end; i++) if (tokens[i]!.param === 'intel_iommu') intelIommuSetup(c, i);
  for (const [i, t] of tokens.entries()) if (i !== end && !t.param && !t.cut) otherParam(t, i > end, NAMES);
  if (kernel === 'v6.1') unknownParams(c, end);
  for (const [tok, key] of c.overridden) {
    const note = `overridden: '${tokens[c.writer[key]!]!.text}' sets ${key} again later (last one wins)`;
    if (!tokens[tok]!.notes.includes(note)) tokens[tok]!.notes.push(note);
  }
  return { vars: c.vars, tokens, events: c.events };
}
type Parsed = { vars: CmdlineVars; tokens: CmdlineToken[]; events: KernelEvent[] };

/** The variables before the command line: booleans cleared, the rest left to Kconfig (null). */
function fresh(): CmdlineVars {
  return {
    noIommu: false,
    x86PassThrough: null,
    defType: null,
    defTypeFromCmdline: false,
    strict: null,
    strictFromCmdline: false,
    dmarDisabled: null,
    mapGfx: true,
    mapIntgpu: null,
    intelStrict: false,
    tbootNoforce: false,
    scalableMode: null,
    superpageOff: false,
    forcedac: false,
    soft: false,
    noBounce: false,
  };
}

const NAMES: CmdlineParam[] = ['iommu', 'iommu.passthrough', 'iommu.strict', 'intel_iommu'];
// dma-iommu.c's early_param("iommu.forcedac") is 5.13+: of our kernels, 6.1 (5.x drops it silently,
// as any unknown dotted name).
const namesOf = (k: KernelId): readonly CmdlineParam[] =>
  k === 'v6.1' ? [...NAMES, 'iommu.forcedac'] : NAMES;

function classify(t: CmdlineToken, kernel: KernelId): CmdlineParam | null {
  const canon = t.name.replace(/-/g, '_'); // parameq()/parameqn(): '-' and '_' are the same
  const hit = namesOf(kernel).find((n) => n === canon) ?? null;
  if (hit && canon !== t.name) t.notes.push(`'${t.name}' is ${hit}: names treat '-' and '_' alike`);
  return hit;
}

function earlyParam(c: Ctx, i: number): void {
  const t = c.tokens[i]!;
  if (t.param === 'iommu' ? iommuSetup(c, i) : earlyBool(c, i)) return;
  const why = `The ${t.param} handler returned an error: the kernel warns and the variable keeps its value.`;
  say(c, i, 'do_early_param', `Malformed early option '${t.name}'`, why, WARN);
  if (t.status === 'other') t.status = 'malformed';
}

/**
 * iommu.passthrough (iommu_set_def_domain_type), iommu.strict (iommu_dma_setup) and, on 6.1,
 * iommu.forcedac (iommu_dma_forcedac_setup): each kstrtobool.
 */
function earlyBool(c: Ctx, i: number): boolean {
  const t = c.tokens[i]!;
  const b = kstrtobool(c.kernel, t.value);
  t.notes.push(b.why);
  if (!b.ok) return false;
  t.status = 'applied';
  if (t.param === 'iommu.forcedac') {
    set(c, i, 'forcedac', b.value);
    if (!b.value) {
      t.notes.push('iommu_dma_forcedac = 0 (the default): 32-bit IOVAs first for PCI devices');
      quiet(c, i, 'iommu_dma_forcedac_setup', 'iommu_dma_forcedac = 0');
      return true;
    }
    t.notes.push('iommu_dma_forcedac = 1: PCI devices get IOVAs above 4 GiB when their mask allows');
    // dma-iommu.c has no pr_fmt: the line has no prefix.
    const why = `'${t.text}': iommu_dma_forcedac_setup says so when it is switched on.`;
    return say(c, i, 'iommu_dma_forcedac_setup', 'Forcing DAC for PCI devices', why, { prefix: 'kernel' });
  }
  if (t.param === 'iommu.strict') {
    set(c, i, 'strict', b.value);
    c.vars.strictFromCmdline = true;
    const fq = `${b.value ? 'strict' : 'lazy'} IOTLB invalidation (${b.value ? 'DMA' : 'DMA-FQ'} domains)`;
    t.notes.push(
      c.kernel === 'v6.1' ? fq : 'only the core flag: this VT-d driver follows intel_iommu=strict',
    );
    quiet(c, i, 'iommu_dma_setup', `iommu_dma_strict = ${b.value}`);
    return true;
  }
  const type = b.value ? 'identity' : 'DMA';
  set(c, i, 'defType', type);
  c.vars.defTypeFromCmdline = true;
  const v51 = c.kernel === 'v5.1' ? '; unused: this VT-d driver allocates no default domains' : '';
  const pt = hasX86PassThrough(c.kernel) ? 'not the one iommu=pt sets' : 'the one iommu=pt/nopt set too';
  t.notes.push(`core default domain type = ${type} (${pt})${v51}`);
  quiet(c, i, 'iommu_set_def_domain_type', `iommu_def_domain_type = ${type}`);
  return true;
}

// iommu_setup's keywords in source order, each its own `if (!strncmp(p, kw, strlen(kw)))`; then gart's.
const X86 =
  'off force noforce biomerge panic nopanic merge nomerge forcesac allowdac nodac usedac soft pt nopt'
    .concat(' fullflush nofullflush noagp noaperture allowed memaper')
    .split(' ');

/** What one iommu= keyword does on this kernel: a note for its word; variables and events as side effects. */
function x86Keyword(c: Ctx, i: number, kw: string): string {
  // iommu_setup prints nothing for most of them: a silent event explains the change.
  const silently = (text: string) => quiet(c, i, 'iommu_setup', text);
  switch (kw) {
    case 'off':
      set(c, i, 'noIommu', true);
      return silently('no_iommu = 1: no IOMMU driver starts (unless firmware opted in to DMA protection)');
    case 'force':
      return 'force_iommu = 1 (GART only)';
    case 'forcesac':
    case 'allowdac':
    case 'nodac':
      say(c, i, 'iommu_setup', `${kw} option ignored.`, 'An obsolete iommu= option: a warning only.', WARN);
      return 'obsolete: the kernel warns and ignores it';
    case 'usedac':
      return 'drops the VIA DAC quirk and returns 1: reported malformed, the rest is skipped';
    case 'soft':
      set(c, i, 'soft', true);
      return silently(c.kernel === 'v6.1' ? 'swiotlb on, VT-d unaffected' : 'swiotlb = 1: no VT-d [I]');
    case 'pt':
    case 'nopt': {
      const on = kw === 'pt';
      if (hasX86PassThrough(c.kernel)) {
        set(c, i, 'x86PassThrough', on);
        return silently(`x86 iommu_pass_through = ${+on}: IDENTMAP_ALL ${on ? 'on' : 'off'}, core type kept`);
      }
      set(c, i, 'defType', on ? 'identity' : 'DMA');
      c.vars.defTypeFromCmdline = true;
      return silently(`core default domain type = ${on ? 'identity' : 'DMA'}, set via kernel command line`);
    }
    default:
      return 'an AMD GART / merge option: no effect on VT-d';
  }
}

const MEANT: Record<string, string> = { on: 'intel_iommu=on', pt: 'iommu=pt', passthrough: 'iommu=pt' };
/** `'w' is not an option: how`, and what was probably meant: a word of the other list, or a typo of `known`. */
const miss = (w: string, how: string, param: string, known: readonly string[]) => {
  // A word cut short ("of") is read as the keyword it begins before any other one edit away ("on").
  const typo =
    (w.length > 1 && known.find((k) => k.startsWith(w) && k.length - w.length < 3)) || closest(w, known);
  const meant = MEANT[w] ?? (typo && `${param}=${typo}`);
  return `'${w}' is not an option: ${how}${meant ? ` (${meant}?)` : ''}`;
};
const prefixed = (word: string, kw: string) => (word === kw ? '' : ` (prefix match of '${word}')`);
const statusOf = (hits: number, miss: number) => (!hits ? 'ignored' : miss ? 'partly-applied' : 'applied');

/** x86 iommu_setup (arch/x86/kernel/pci-dma.c): a comma list, every keyword compared by prefix. */
function iommuSetup(c: Ctx, i: number): boolean {
  const t = c.tokens[i]!;
  if (t.value === null) return false; // "if (!p) return -EINVAL"
  if (t.value === '') t.notes.push('empty: nothing to do (not malformed: the handler gets "", not NULL)');
  let [hits, misses] = [0, 0];
  const done = walkList(t.value, false, (word, rest) => {
    let matched = /^\d/.test(word); // gart_parse_options: an aperture size
    if (matched) t.notes.push(`${word}: GART aperture size: no effect on VT-d`);
    for (const kw of X86.filter((k) => rest.startsWith(k))) {
      matched = true;
      t.notes.push(`${kw}: ${x86Keyword(c, i, kw)}${prefixed(word, kw)}`);
      if (kw === 'usedac') return false; // iommu_setup returns 1 right here
    }
    if (matched) hits++;
    else if (word) {
      misses++;
      t.notes.push(miss(word, 'ignored silently', 'iommu', X86));
    }
    return true;
  });
  t.status = done ? statusOf(hits, misses) : hits ? 'partly-applied' : 'malformed';
  return done;
}

// intel_iommu_setup's else-if chain in source order (the first prefix match wins):
// keyword | variable=value | kernels | what it prints (5.x ‖ 6.1 where different) | what it does
const INTEL = rows(`
on            | dmarDisabled=0 | all | IOMMU enabled | dmar_disabled = 0: VT-d is switched on
off           | dmarDisabled=1 | all | IOMMU disabled | dmar_disabled = 1: no groups; translation a previous kernel left on is switched off
igfx_off      | mapGfx=0       | all | Disable GFX device mapping | dmar_map_gfx = 0: display devices get identity; a graphics-only unit is ignored
intgpu_off    | mapIntgpu=0    | v6.1 | Disable integrated GPU device mapping | dmar_map_intgpu = 0 (Debian): an Intel iGPU on the root bus gets identity
forcedac      | forcedac=1     | all | Forcing DAC for PCI devices ‖ intel_iommu=forcedac deprecated; use iommu.forcedac instead | DMA addresses above 4 GiB even where 32 bits would do
strict        | intelStrict=1  | all | Disable batched IOTLB flush ‖ intel_iommu=strict deprecated; use iommu.strict=1 instead | intel_iommu_strict = 1: the driver flushes the IOTLB at every unmap (no batching)
sp_off        | superpageOff=1 | all | Disable supported super page | no superpages in VT-d page tables
sm_on         | scalableMode=1 | all | Intel-IOMMU: scalable mode supported ‖ Enable scalable mode if hardware supports | scalable mode if the hardware has it (the sandbox models no unit with first-level tables, which 6.1 would use for DMA domains, keeping lazy flushing under Caching Mode)
sm_off        | scalableMode=0 | v6.1 | Scalable mode is disallowed | legacy (non-scalable) mode
tboot_noforce | tbootNoforce=1 | all | Intel-IOMMU: not forcing on after tboot. This could expose security risk for tboot | tboot does not force VT-d on
nobounce      | noBounce=1     | v5.7 v5.8 | Intel-IOMMU: No bounce buffer. This could expose security risks of DMA attacks | untrusted devices get no bounce buffers
`);
const RAW_PRINTK = ['v5.1', 'v3-sewart', 'v5.3', 'v5.7']; // tboot_noforce used printk(KERN_INFO): no "DMAR: "

function rows(table: string) {
  const lines = table.trim().split('\n');
  return lines.map((line) => {
    const [kw = '', kv = '', kernels = '', msg = '', note = ''] = line.split(' | ').map((f) => f.trim());
    const [key, v] = kv.split('=') as [VarName, string];
    const [msg5 = '', msg61 = msg5] = msg.split(' ‖ ');
    return { kw, key, v: v === '1', kernels: kernels.split(' '), msg5, msg61, note };
  });
}

/** intel_iommu_setup: a comma list, first prefix match wins; 6.1 reports unknown words, 5.x skips them silently. */
function intelIommuSetup(c: Ctx, i: number): void {
  const [t, k] = [c.tokens[i]!, c.kernel];
  const v61 = k === 'v6.1';
  let [hits, misses] = [0, 0];
  if (t.value === null)
    t.notes.push('no \'=\': __setup("intel_iommu=") does not match; the word goes to init');
  else if (t.value === '') t.notes.push('empty list: nothing to do');
  walkList(t.value ?? '', true, (word, rest) => {
    const opt = INTEL.find((o) => (o.kernels[0] === 'all' || o.kernels.includes(k)) && rest.startsWith(o.kw));
    if (!opt) {
      misses++;
      const known = INTEL.filter((o) => o.kernels[0] === 'all' || o.kernels.includes(k)).map((o) => o.kw);
      t.notes.push(miss(word, v61 ? 'reported, then ignored' : 'ignored silently', 'intel_iommu', known));
      // 6.1: pr_notice("Unknown option - '%s'") prints the rest of the string, then parsing goes on.
      const why = `'${word}' is not an intel_iommu= option.`;
      return !v61 || say(c, i, 'intel_iommu_setup', `Unknown option - '${rest}'`, why, { level: 'notice' });
    }
    hits++;
    // 6.1: intel_iommu=strict is iommu_set_dma_strict(): strict, but not "set via kernel command line".
    const strict61 = v61 && opt.kw === 'strict';
    set(c, i, strict61 ? 'strict' : opt.key, opt.v);
    let note = strict61 ? 'iommu_set_dma_strict(): strict, even after an iommu.strict=0' : opt.note;
    if (v61 && opt.kw === 'on') {
      set(c, i, 'mapIntgpu', true);
      note += '; Debian also sets dmar_map_intgpu = 1: an Intel iGPU is translated too';
    }
    t.notes.push(`${opt.kw}: ${note}${prefixed(word, opt.kw)}`);
    const message = v61 ? opt.msg61 : opt.msg5;
    const level: LogLevel = message.includes('deprecated') ? 'warn' : 'info';
    const prefix = opt.kw === 'tboot_noforce' && RAW_PRINTK.includes(k) ? 'kernel' : 'DMAR';
    const why = `intel_iommu=${opt.kw}, read by the driver's __setup handler while the kernel parses options.`;
    return say(c, i, 'intel_iommu_setup', message, why, { level, prefix });
  });
  if (!v61 && t.value !== null)
    t.notes.push(
      'intel_iommu_setup returns 0 here: the word also goes to init, as an environment variable (unknown_bootoption)',
    );
  t.status = statusOf(hits, misses);
}

// start_kernel → print_unknown_bootoptions (5.15+): the words init gets, after the IOMMU handlers'
// lines. A bare `intel_iommu` matches no handler (__setup wants the '='), so init gets it too.
function unknownParams(c: Ctx, end: number): void {
  const claimed = (i: number) => {
    const t = c.tokens[i]!;
    return t.param !== null && !(t.param === 'intel_iommu' && t.value === null);
  };
  const init = initArgs(c.tokens, end, claimed);
  const line = unknownParamsLine(c.tokens, init);
  if (!line) return;
  for (const i of init.argv) c.tokens[i]!.notes.push('init gets it as an argument');
  for (const i of init.envp) c.tokens[i]!.notes.push('init gets it in its environment');
  const why =
    'No kernel parameter claimed these words, so start_kernel passes them to init and lists them; the sandbox knows the IOMMU parameters and the common others (ro, quiet, root=, console=, …), so a real parameter it does not know would be listed here wrongly.';
  c.events.push({
    kind: 'cmdline',
    fn: 'print_unknown_bootoptions',
    message: line,
    why,
    level: 'notice',
    prefix: 'kernel',
    inferred: true,
  });
}
