import { describe, expect, it } from 'vitest';
import { type CmdlineToken, parseCmdline } from './cmdline';
import { kstrtobool, splitCmdline } from './kstrtobool';
import type { KernelId } from './types';

const tok = (kernel: KernelId, line: string, i = 0): CmdlineToken => parseCmdline(kernel, line).tokens[i]!;
/** Everything the kernel prints while parsing, as dmesg shows it (silent events left out). */
const printed = (kernel: KernelId, line: string) =>
  parseCmdline(kernel, line).tokens.flatMap((t) => t.messages);

describe('next_arg: how the kernel cuts the command line into words', () => {
  it('splits on any run of spaces and tabs and keeps each word with its offsets', () => {
    const words = splitCmdline('  intel_iommu=on \t iommu=pt ');
    expect(words.map((w) => [w.text, w.start, w.end])).toEqual([
      ['intel_iommu=on', 2, 16],
      ['iommu=pt', 19, 27],
    ]);
    expect(words[0]).toMatchObject({ name: 'intel_iommu', value: 'on' });
  });

  it('keeps spaces inside double quotes and strips the quotes from the value', () => {
    const [w, next] = splitCmdline('dyndbg="file iommu.c +p" iommu=pt');
    expect(w).toMatchObject({ text: 'dyndbg="file iommu.c +p"', name: 'dyndbg', value: 'file iommu.c +p' });
    expect(next).toMatchObject({ name: 'iommu', value: 'pt' });
  });

  it('strips the quotes around a whole quoted word', () => {
    expect(splitCmdline('"iommu=pt"')[0]).toMatchObject({ text: '"iommu=pt"', name: 'iommu', value: 'pt' });
  });

  it('an unterminated quote swallows the rest of the line', () => {
    expect(splitCmdline('a="b c d')).toHaveLength(1);
  });

  it('tells `name=` (empty string) from a bare `name` (NULL), and ignores an = at offset 0', () => {
    const [empty, bare, lead] = splitCmdline('iommu= iommu =x');
    expect(empty).toMatchObject({ name: 'iommu', value: '' });
    expect(bare).toMatchObject({ name: 'iommu', value: null });
    expect(lead).toMatchObject({ name: '=x', value: null });
  });
});

describe('the command line as bytes: UTF-8, isspace() and COMMAND_LINE_SIZE', () => {
  it('a pasted no-break space separates words: its second byte, 0xa0, is a space to the kernel', () => {
    const words = splitCmdline('iommu=pt\u00a0intel_iommu=on é=1');
    expect(words.map((w) => [w.name, w.value])).toEqual([
      ['iommu', 'pt\ufffd'],
      ['intel_iommu', 'on'],
      ['é', '1'],
    ]);
    expect(words.map((w) => w.text)).toEqual(['iommu=pt\u00a0', 'intel_iommu=on', 'é=1']);
    // Its first byte stays in iommu='s value, whose strncmp(p, "pt", 2) still matches.
    expect(parseCmdline('v6.1', 'iommu=pt\u00a0intel_iommu=on').tokens.map((t) => t.status)).toEqual([
      'applied',
      'applied',
    ]);
  });

  it('cuts a line longer than 2047 bytes: the words past it are shown, and ignored', () => {
    const p = parseCmdline('v6.1', `${'x'.repeat(2050)} iommu=pt`);
    expect(p.tokens.at(-1)).toMatchObject({ text: 'iommu=pt', status: 'ignored', cut: true });
    expect(p.tokens.at(-1)!.notes[0]).toMatch(/COMMAND_LINE_SIZE \(2048\)/);
    expect(p.vars.defType).toBeNull();
    expect(parseCmdline('v6.1', `${'x'.repeat(2030)} iommu=pt`).vars.defType).toBe('identity');
    // A word across the limit reaches the kernel cut short.
    expect(parseCmdline('v6.1', `${'x'.repeat(2040)} iommu=pt`).tokens.at(-1)).toMatchObject({
      text: 'iommu=',
      value: '',
    });
  });
});

describe('kstrtobool', () => {
  it.each(['y', 'Y', '1', 'yes', 'on', 'oN', 'ON', 'onion'])("reads '%s' as true on every kernel", (s) => {
    for (const k of ['v5.1', 'v6.1'] as const)
      expect(kstrtobool(k, s)).toMatchObject({ ok: true, value: true });
  });
  it.each(['n', 'N', '0', 'no', 'off', 'oFf', 'of'])("reads '%s' as false on every kernel", (s) => {
    for (const k of ['v5.3', 'v6.1'] as const)
      expect(kstrtobool(k, s)).toMatchObject({ ok: true, value: false });
  });
  it.each(['t', 'T', 'true', 'f', 'F', 'false'])(
    "6.1 reads '%s'; 5.x calls it malformed (no t/f before 5.19)",
    (s) => {
      expect(kstrtobool('v6.1', s)).toMatchObject({ ok: true, value: 'tT'.includes(s[0]!) });
      for (const k of ['v5.1', 'v3-sewart', 'v5.3', 'v5.7', 'v5.8', 'v5.11'] as const)
        expect(kstrtobool(k, s).ok).toBe(false);
    },
  );
  it.each(['', 'maybe', 'o', 'ox', '2', ' 1'])("rejects '%s'", (s) => {
    expect(kstrtobool('v6.1', s).ok).toBe(false);
  });
  it('rejects a missing value (the handler gets NULL)', () => {
    expect(kstrtobool('v6.1', null).ok).toBe(false);
  });
});

describe('early params: command-line order, last one wins', () => {
  it('6.1: iommu=pt and iommu.passthrough write one variable, so the later word wins', () => {
    const a = parseCmdline('v6.1', 'iommu=pt iommu.passthrough=0');
    expect(a.vars).toMatchObject({ defType: 'DMA', defTypeFromCmdline: true, x86PassThrough: null });
    expect(a.vars.sources?.defType).toEqual(['iommu=pt', 'iommu.passthrough=0']);
    expect(a.tokens[0]!.notes.some((n) => n.includes("overridden: 'iommu.passthrough=0'"))).toBe(true);
    expect(parseCmdline('v6.1', 'iommu.passthrough=0 iommu=pt').vars.defType).toBe('identity');
  });

  it('5.7 already had one variable (iommu=pt sets the core default from 5.4 on)', () => {
    expect(parseCmdline('v5.7', 'iommu.passthrough=0 iommu=pt').vars).toMatchObject({
      defType: 'identity',
      x86PassThrough: null,
    });
  });

  it('5.1/5.3: iommu=pt sets x86 iommu_pass_through and iommu.passthrough the core type, independently', () => {
    for (const k of ['v5.1', 'v3-sewart', 'v5.3'] as const) {
      const { vars, tokens } = parseCmdline(k, 'iommu=pt iommu.passthrough=0');
      expect(vars).toMatchObject({ x86PassThrough: true, defType: 'DMA' });
      expect(tokens[0]!.notes.join(' ')).not.toContain('overridden');
    }
  });

  it('the same parameter twice: the later one wins', () => {
    expect(parseCmdline('v6.1', 'iommu.strict=1 iommu.strict=0').vars.strict).toBe(false);
    expect(parseCmdline('v5.3', 'intel_iommu=off intel_iommu=on').vars.dmarDisabled).toBe(false);
  });

  it('a malformed boolean prints "Malformed early option" and keeps the previous value', () => {
    const { vars, tokens } = parseCmdline('v6.1', 'iommu.passthrough=1 iommu.passthrough=maybe');
    expect(vars.defType).toBe('identity');
    expect(tokens[1]).toMatchObject({
      status: 'malformed',
      messages: ["Malformed early option 'iommu.passthrough'"],
    });
    expect(tok('v6.1', 'iommu.strict')).toMatchObject({
      status: 'malformed',
      messages: ["Malformed early option 'iommu.strict'"],
    });
  });

  it('6.1 reads iommu.forcedac= (dma-iommu.c, 5.13+); 5.x drops it as any unknown dotted name', () => {
    expect(printed('v6.1', 'iommu.forcedac=1')).toEqual(['Forcing DAC for PCI devices']);
    expect(parseCmdline('v6.1', 'iommu.forcedac=1').vars.forcedac).toBe(true);
    expect(printed('v6.1', 'iommu.forcedac=0')).toEqual([]);
    expect(tok('v6.1', 'iommu.forcedac=maybe')).toMatchObject({
      status: 'malformed',
      messages: ["Malformed early option 'iommu.forcedac'"],
    });
    // The early param runs before intel_iommu=, whose 6.1 forcedac only points at it.
    const inOrder = parseCmdline('v6.1', 'intel_iommu=forcedac iommu.forcedac=y').events.filter(
      (e) => !e.silent,
    );
    expect(inOrder.map((e) => e.message)).toEqual([
      'Forcing DAC for PCI devices',
      'intel_iommu=forcedac deprecated; use iommu.forcedac instead',
    ]);
    expect(tok('v5.11', 'iommu.forcedac=1')).toMatchObject({ param: null, status: 'other', messages: [] });
    expect(parseCmdline('v5.11', 'iommu.forcedac=1').vars.forcedac).toBe(false);
  });

  it('5.x calls iommu.passthrough=true malformed; 6.1 takes it', () => {
    expect(parseCmdline('v5.11', 'iommu.passthrough=true').vars.defType).toBeNull();
    expect(printed('v5.11', 'iommu.passthrough=true')).toEqual([
      "Malformed early option 'iommu.passthrough'",
    ]);
    expect(parseCmdline('v6.1', 'iommu.passthrough=true').vars.defType).toBe('identity');
  });

  it('early params are all applied before intel_iommu=, whatever their place on the line', () => {
    const { vars, events } = parseCmdline('v6.1', 'intel_iommu=on iommu.passthrough=maybe');
    expect(vars.dmarDisabled).toBe(false);
    expect(events.filter((e) => !e.silent).map((e) => e.fn)).toEqual(['do_early_param', 'intel_iommu_setup']);
  });

  it('6.1 intel_iommu=strict (a __setup handler) overrides an earlier-typed iommu.strict=0', () => {
    const { vars } = parseCmdline('v6.1', 'intel_iommu=strict iommu.strict=0');
    expect(vars).toMatchObject({ strict: true, strictFromCmdline: true });
  });
});

describe('iommu= (x86 iommu_setup): a comma list compared by prefix', () => {
  it('counts ptfoo as pt and offline as off (strncmp with the keyword length)', () => {
    const pt = parseCmdline('v6.1', 'iommu=ptfoo');
    expect(pt.vars.defType).toBe('identity');
    expect(pt.tokens[0]!.notes[0]).toContain("prefix match of 'ptfoo'");
    expect(parseCmdline('v5.1', 'iommu=offline').vars.noIommu).toBe(true);
  });

  it('applies the list left to right: pt,nopt ends translated', () => {
    expect(parseCmdline('v5.1', 'iommu=pt,nopt').vars.x86PassThrough).toBe(false);
    expect(parseCmdline('v6.1', 'iommu=pt,nopt').vars.defType).toBe('DMA');
  });

  it('ignores unknown words silently and prints nothing for pt', () => {
    const t = tok('v6.1', 'iommu=foo,pt');
    expect(t).toMatchObject({ status: 'partly-applied', messages: [] });
    expect(t.notes).toContain("'foo' is not an option: ignored silently");
    expect(tok('v6.1', 'iommu=passthrough')).toMatchObject({ status: 'ignored' });
    expect(parseCmdline('v6.1', 'iommu=pt').events).toMatchObject([{ fn: 'iommu_setup', silent: true }]);
  });

  it('names the option a typo probably meant', () => {
    expect(tok('v6.1', 'intel_iommu=of').notes).toContain(
      "'of' is not an option: reported, then ignored (intel_iommu=off?)",
    );
    expect(tok('v5.3', 'iommu=tp').notes).toContain("'tp' is not an option: ignored silently (iommu=pt?)");
    expect(tok('v5.3', 'intel_iommu=pt').notes).toContain(
      "'pt' is not an option: ignored silently (iommu=pt?)",
    );
    // Nothing close: no guess.
    expect(tok('v6.1', 'intel_iommu=banana').notes).toContain(
      "'banana' is not an option: reported, then ignored",
    );
  });

  it('a word can match two keywords: forcesac is also force, and warns', () => {
    const t = tok('v5.3', 'iommu=forcesac');
    expect(t.notes.map((n) => n.split(':')[0])).toEqual(['force', 'forcesac']);
    expect(t.messages).toEqual(['forcesac option ignored.']);
  });

  it('usedac returns 1: "Malformed early option \'iommu\'" and the rest of the list is skipped', () => {
    const { vars, tokens } = parseCmdline('v5.3', 'iommu=pt,usedac,nopt');
    expect(vars.x86PassThrough).toBe(true);
    expect(tokens[0]).toMatchObject({
      status: 'partly-applied',
      messages: ["Malformed early option 'iommu'"],
    });
    expect(tok('v6.1', 'iommu=usedac').status).toBe('malformed');
  });

  it('a bare `iommu` is malformed; `iommu=` (an empty string) is not', () => {
    expect(printed('v6.1', 'iommu')).toEqual(["Malformed early option 'iommu'"]);
    expect(tok('v6.1', 'iommu=')).toMatchObject({ status: 'ignored', messages: [] });
  });

  it('iommu=soft sets swiotlb', () => {
    expect(parseCmdline('v5.3', 'iommu=soft').vars.soft).toBe(true);
  });
});

describe('intel_iommu= (intel_iommu_setup, a __setup handler)', () => {
  it('5.x: unknown words are ignored silently, the known ones still apply', () => {
    const { vars, tokens } = parseCmdline('v5.3', 'intel_iommu=on,foo');
    expect(vars.dmarDisabled).toBe(false);
    expect(tokens[0]).toMatchObject({ status: 'partly-applied', messages: ['DMAR: IOMMU enabled'] });
  });

  it('6.1: prints "Unknown option - \'<rest of the string>\'" and goes on parsing', () => {
    const { vars, tokens } = parseCmdline('v6.1', 'intel_iommu=foo,on');
    expect(vars.dmarDisabled).toBe(false);
    expect(tokens[0]!.messages).toEqual(["DMAR: Unknown option - 'foo,on'", 'DMAR: IOMMU enabled']);
    expect(printed('v6.1', 'intel_iommu=on,foo')).toEqual([
      'DMAR: IOMMU enabled',
      "DMAR: Unknown option - 'foo'",
    ]);
  });

  it('matches by prefix, first match wins', () => {
    expect(parseCmdline('v5.3', 'intel_iommu=onward').vars.dmarDisabled).toBe(false);
    expect(parseCmdline('v5.3', 'intel_iommu=igfx_offline').vars.mapGfx).toBe(false);
    expect(printed('v5.3', 'intel_iommu=igfx_off')).toEqual(['DMAR: Disable GFX device mapping']);
  });

  it('Debian 6.1: intel_iommu=on also maps the iGPU; intgpu_off exists only there', () => {
    expect(parseCmdline('v6.1', 'intel_iommu=on').vars.mapIntgpu).toBe(true);
    expect(parseCmdline('v5.11', 'intel_iommu=on').vars.mapIntgpu).toBeNull();
    const off = parseCmdline('v6.1', 'intel_iommu=intgpu_off');
    expect(off.vars.mapIntgpu).toBe(false);
    expect(off.tokens[0]!.messages).toEqual(['DMAR: Disable integrated GPU device mapping']);
    expect(tok('v5.8', 'intel_iommu=intgpu_off')).toMatchObject({ status: 'ignored', messages: [] });
  });

  it('strict: a driver flag in 5.x; in 6.1 a deprecated iommu_set_dma_strict() not marked as command line', () => {
    expect(parseCmdline('v5.3', 'intel_iommu=strict').vars).toMatchObject({
      intelStrict: true,
      strict: null,
    });
    expect(printed('v5.3', 'intel_iommu=strict')).toEqual(['DMAR: Disable batched IOTLB flush']);
    const v61 = parseCmdline('v6.1', 'intel_iommu=strict');
    expect(v61.vars).toMatchObject({ intelStrict: false, strict: true, strictFromCmdline: false });
    expect(v61.events).toMatchObject([
      { level: 'warn', message: 'intel_iommu=strict deprecated; use iommu.strict=1 instead' },
    ]);
  });

  it('version-specific words: sm_off only in 6.1, nobounce only 5.4–5.10', () => {
    expect(parseCmdline('v6.1', 'intel_iommu=sm_off').vars.scalableMode).toBe(false);
    expect(parseCmdline('v5.11', 'intel_iommu=sm_off').vars.scalableMode).toBeNull();
    expect(parseCmdline('v5.8', 'intel_iommu=nobounce').vars.noBounce).toBe(true);
    expect(parseCmdline('v5.3', 'intel_iommu=nobounce').vars.noBounce).toBe(false);
    // 58a8bb39490d ("Cleanup after converting to dma-iommu ops", 5.11) removed it: 5.x ignores unknown words.
    expect(parseCmdline('v5.11', 'intel_iommu=nobounce').vars.noBounce).toBe(false);
    expect(printed('v5.11', 'intel_iommu=nobounce')).toEqual([]);
    expect(printed('v6.1', 'intel_iommu=nobounce')).toEqual(["DMAR: Unknown option - 'nobounce'"]);
  });

  it('tboot_noforce used a bare printk (no "DMAR: ") up to 5.7', () => {
    const msg = 'Intel-IOMMU: not forcing on after tboot. This could expose security risk for tboot';
    expect(printed('v5.3', 'intel_iommu=tboot_noforce')).toEqual([msg]);
    expect(printed('v5.11', 'intel_iommu=tboot_noforce')).toEqual([`DMAR: ${msg}`]);
  });

  it("names compare with '-' and '_' alike: intel-iommu=on is intel_iommu=on", () => {
    const t = tok('v6.1', 'intel-iommu=on');
    expect(t).toMatchObject({ param: 'intel_iommu', status: 'applied', messages: ['DMAR: IOMMU enabled'] });
  });

  it('a bare intel_iommu (no =) does not reach the handler', () => {
    expect(tok('v6.1', 'intel_iommu')).toMatchObject({
      param: 'intel_iommu',
      status: 'ignored',
      messages: [],
    });
    expect(parseCmdline('v6.1', 'intel_iommu').vars.dmarDisabled).toBeNull();
  });
});

describe('everything else on the line', () => {
  it('is not an IOMMU matter, with a suggestion for near misses', () => {
    expect(tok('v6.1', 'iommu.passthru=1')).toMatchObject({
      param: null,
      status: 'other',
      suggestion: 'iommu.passthrough',
    });
    expect(tok('v6.1', 'Intel_IOMMU=on').suggestion).toBe('intel_iommu');
    expect(tok('v6.1', 'iommu.strcit=1').suggestion).toBe('iommu.strict');
    expect(parseCmdline('v6.1', 'Intel_IOMMU=on').vars.dmarDisabled).toBeNull();
  });

  it('gives no suggestion for real parameters of other subsystems', () => {
    for (const w of ['quiet', 'iomem=relaxed', 'amd_iommu=off', 'root=/dev/sda1', 'console=ttyS0'])
      expect(tok('v6.1', w).suggestion, w).toBeUndefined();
  });

  it("stops at '--': what follows goes to init", () => {
    const { vars, tokens } = parseCmdline('v6.1', 'intel_iommu=on -- iommu=off');
    expect(vars).toMatchObject({ dmarDisabled: false, noIommu: false });
    expect(tokens[2]).toMatchObject({ param: null, status: 'other' });
  });
});

describe('words no parameter claims (start_kernel → init; print_unknown_bootoptions on 6.1)', () => {
  const unknownLine = (kernel: KernelId, line: string) =>
    parseCmdline(kernel, line).events.find((e) => e.fn === 'print_unknown_bootoptions');

  it('6.1 lists them, arguments before environment, quotes stripped, after the IOMMU lines', () => {
    const line =
      'BOOT_IMAGE=/boot/vmlinuz-6.1.0-13-amd64 root=UUID=abc ro quiet splash foo="a b" intel_iommu=on,bogus';
    const { events } = parseCmdline('v6.1', line);
    expect(events.at(-1)).toMatchObject({
      fn: 'print_unknown_bootoptions',
      message:
        'Unknown kernel command line parameters "splash BOOT_IMAGE=/boot/vmlinuz-6.1.0-13-amd64 foo=a b", will be passed to user space.',
      level: 'notice',
      prefix: 'kernel',
      inferred: true,
    });
    expect(events.findIndex((e) => e.message.startsWith('Unknown option - '))).toBeLessThan(
      events.length - 1,
    );
  });

  it('the words after -- all become arguments of init, after the unknown ones', () => {
    expect(unknownLine('v6.1', 'single -- iommu=off emergency')?.message).toBe(
      'Unknown kernel command line parameters "single iommu=off emergency", will be passed to user space.',
    );
  });

  it('a later variable of the same name replaces the earlier one where it stood', () => {
    expect(unknownLine('v6.1', 'a=1 b=2 a=3')?.message).toContain('"a=3 b=2"');
    // TERM and HOME replace init's own, which are not listed.
    expect(unknownLine('v6.1', 'TERM=vt100 a=1')?.message).toContain('"a=1"');
  });

  it('keeps what a handler took, drops dotted words (module parameters), and a bare intel_iommu goes to init', () => {
    expect(
      unknownLine('v6.1', 'ro quiet iommu=pt iommu.strict=maybe vfio-pci.ids=10de:1b80 console=ttyS0'),
    ).toBe(undefined);
    expect(unknownLine('v6.1', 'intel_iommu')?.message).toContain('"intel_iommu"');
  });

  it("kdump-tools' usual additions are kernel parameters, not init's", () => {
    expect(unknownLine('v6.1', 'reset_devices systemd.unit=kdump-tools-dump.service nr_cpus=1 irqpoll')).toBe(
      undefined,
    );
  });

  it('5.x prints no such line (it came in 5.15)', () => {
    expect(unknownLine('v5.11', 'splash foo=bar')).toBeUndefined();
  });

  it('each word says where it went', () => {
    const { tokens } = parseCmdline('v6.1', 'quiet splash foo=bar');
    expect(tokens[0]!.notes).toContain('a kernel parameter outside the IOMMU: the sandbox does not model it');
    expect(tokens[1]!.notes).toContain('init gets it as an argument');
    expect(tokens[2]!.notes).toContain('init gets it in its environment');
  });
});
