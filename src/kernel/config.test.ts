import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { boot, bootLines } from './config.helpers';
import { runScenario } from './run';
import type { KernelId } from './types';

describe('E14: command-line precedence and garbled values (A = v5.1, C = v5.3, D = v6.1)', () => {
  const TRANSLATED = [
    'iommu: Default domain type: Translated',
    'iommu: DMA domain TLB invalidation policy: lazy mode',
  ];
  const CMD_TRANSLATED = [
    'iommu: Default domain type: Translated (set via kernel command line)',
    TRANSLATED[1]!,
  ];

  it('iommu=pt iommu.passthrough=0: A si, C identity via IDENTMAP_ALL, D DMA-FQ (last one wins)', () => {
    const a = boot('v5.1', 'iommu=pt iommu.passthrough=0');
    expect(a.config).toMatchObject({ enabled: true, identmapAll: true, defaultType: 'DMA' });
    expect(a.dmesg).toEqual([]);
    const c = boot('v5.3', 'iommu=pt iommu.passthrough=0');
    expect(c.vars).toMatchObject({ x86PassThrough: true, defType: 'DMA' });
    expect(c.config).toMatchObject({ identmapAll: true, defaultType: 'DMA' });
    expect(c.dmesg).toEqual([]); // 5.3 has no iommu_subsys_init yet
    const d = boot('v6.1', 'iommu=pt iommu.passthrough=0');
    expect(d.config).toMatchObject({
      identmapAll: false,
      defaultType: 'DMA-FQ',
      defaultTypeFromCmdline: true,
    });
    expect(d.config.reasons.defaultType).toContain(
      'iommu.passthrough=0 on the kernel command line (last of iommu=pt, iommu.passthrough=0)',
    );
    expect(d.dmesg).toEqual(CMD_TRANSLATED);
  });

  it('iommu.passthrough=0 iommu=pt: A and C identity through IDENTMAP_ALL, D identity', () => {
    expect(boot('v5.1', 'iommu.passthrough=0 iommu=pt').config.identmapAll).toBe(true);
    expect(boot('v5.3', 'iommu.passthrough=0 iommu=pt').config).toMatchObject({
      identmapAll: true,
      defaultType: 'DMA',
    });
    const d = boot('v6.1', 'iommu.passthrough=0 iommu=pt');
    expect(d.config).toMatchObject({ defaultType: 'identity', identmapAll: false });
    expect(d.config.reasons.defaultType).toBe(
      'iommu=pt on the kernel command line (last of iommu.passthrough=0, iommu=pt)',
    );
    expect(d.dmesg).toEqual(['iommu: Default domain type: Passthrough (set via kernel command line)']);
  });

  it('iommu=pt,nopt: pass-through set then cleared on every kernel', () => {
    expect(boot('v5.1', 'iommu=pt,nopt').config.identmapAll).toBe(false);
    expect(boot('v5.3', 'iommu=pt,nopt').config).toMatchObject({ identmapAll: false, defaultType: 'DMA' });
    const d = boot('v6.1', 'iommu=pt,nopt');
    expect(d.config.defaultType).toBe('DMA-FQ');
    expect(d.dmesg).toEqual(CMD_TRANSLATED);
  });

  it('iommu.passthrough=maybe: "Malformed early option", the default stays', () => {
    const malformed = "Malformed early option 'iommu.passthrough'";
    const a = boot('v5.1', 'iommu.passthrough=maybe');
    expect(a.config).toMatchObject({ identmapAll: false, enabled: true });
    expect(a.dmesg).toEqual([malformed]);
    const c = boot('v5.3', 'iommu.passthrough=maybe');
    expect(c.config).toMatchObject({ identmapAll: false, defaultType: 'DMA' });
    expect(c.dmesg).toEqual([malformed]);
    const d = boot('v6.1', 'iommu.passthrough=maybe');
    expect(d.config).toMatchObject({ defaultType: 'DMA-FQ', defaultTypeFromCmdline: false });
    expect(d.dmesg).toEqual([malformed, ...TRANSLATED]);
  });

  it('intel_iommu=on,foo: on applies; foo silent in 5.x, "Unknown option - \'foo\'" in 6.1', () => {
    for (const k of ['v5.1', 'v5.3'] as const) {
      const r = boot(k, 'intel_iommu=on,foo');
      expect(r.config.enabled).toBe(true);
      expect(r.dmesg).toEqual(['DMAR: IOMMU enabled']);
    }
    const d = boot('v6.1', 'intel_iommu=on,foo');
    expect(d.config).toMatchObject({ enabled: true, identmapIntgpu: false });
    expect(d.dmesg).toEqual(['DMAR: IOMMU enabled', "DMAR: Unknown option - 'foo'", ...TRANSLATED]);
  });

  it('iommu=nopt with CONFIG_IOMMU_DEFAULT_PASSTHROUGH=y: A translated, C identity (the config set the core type), D DMA-FQ', () => {
    const kc = { IOMMU_DEFAULT_PASSTHROUGH: true };
    expect(boot('v5.1', 'iommu=nopt', kc).config.identmapAll).toBe(false);
    const c = boot('v5.3', 'iommu=nopt', kc);
    expect(c.vars).toMatchObject({ x86PassThrough: false, defType: null });
    expect(c.config).toMatchObject({ identmapAll: false, defaultType: 'identity' });
    const d = boot('v6.1', 'iommu=nopt', kc);
    expect(d.config.defaultType).toBe('DMA-FQ');
    expect(d.dmesg).toEqual(CMD_TRANSLATED);
  });

  it('iommu=offline: the IOMMU is off (prefix "off"), though 6.1 still prints the core defaults', () => {
    for (const k of ['v5.1', 'v5.3', 'v6.1'] as const)
      expect(boot(k, 'iommu=offline').config.enabled).toBe(false);
    expect(boot('v5.3', 'iommu=offline').dmesg).toEqual([]);
    expect(boot('v6.1', 'iommu=offline').dmesg).toEqual(TRANSLATED);
  });
});

describe('Debian 6.1 on QEMU: the lines the real kernel printed (shared/real-kernel)', () => {
  const dir = new URL('../../scenarios/real-kernel/', import.meta.url);
  const FIXTURES = ['q35-default', 'iommu-pt', 'pt-then-passthrough0', 'strict', 'intel-iommu-off'];
  // Lines from the command line and iommu_subsys_init; the rest of dmesg is other code's.
  const ours = (l: string) =>
    /^iommu: |^DMAR: (IOMMU (en|dis)abled|Unknown option)|Malformed early option/.test(l);

  for (const name of FIXTURES) {
    const scenario = JSON.parse(readFileSync(new URL(`${name}.scenario.json`, dir), 'utf8'));
    const observed = JSON.parse(readFileSync(new URL(`${name}.observed.json`, dir), 'utf8'));
    it(`\`${scenario.cmdline}\` prints what Debian's 6.1.0-56 printed`, () => {
      const r = boot('v6.1', scenario.cmdline, scenario.kconfig ?? {}, scenario.machine ?? {});
      expect(r.dmesg).toEqual((observed.boot.dmesg as string[]).filter(ours));
    });
  }

  it('intel_iommu=off: VT-d off, yet iommu_subsys_init has already printed its defaults', () => {
    expect(boot('v6.1', 'intel_iommu=off').config.enabled).toBe(false);
  });
});

describe('6.1: flush queue, strictness and Caching Mode', () => {
  it('iommu.strict=1 makes the default DMA, "(set via kernel command line)"', () => {
    const r = boot('v6.1', 'iommu.strict=1');
    expect(r.config).toMatchObject({ defaultType: 'DMA', strict: true, strictFromCmdline: true });
  });

  it('intel_iommu=strict is strict too, but not "set via kernel command line"', () => {
    const r = boot('v6.1', 'intel_iommu=strict');
    expect(r.config).toMatchObject({ defaultType: 'DMA', strict: true, strictFromCmdline: false });
    expect(r.dmesg).toContain('iommu: DMA domain TLB invalidation policy: strict mode');
  });

  it('CONFIG_IOMMU_DEFAULT_DMA_STRICT=y: DMA without any parameter', () => {
    expect(boot('v6.1', '', { IOMMU_DEFAULT_DMA_STRICT: true }).config).toMatchObject({
      defaultType: 'DMA',
      strict: true,
    });
  });

  it('Caching Mode overrides iommu.strict=0 in intel_iommu_init, after init_dmars, before the groups', () => {
    const r = boot('v6.1', 'iommu.strict=0', {}, { cachingMode: true });
    expect(r.config).toMatchObject({ defaultType: 'DMA', strict: true });
    expect(bootLines('v6.1', 'iommu.strict=0', { cachingMode: true, kdump: true })).toEqual([
      'iommu: Default domain type: Translated',
      'iommu: DMA domain TLB invalidation policy: lazy mode (set via kernel command line)',
      'DMAR: Translation already enabled - trying to copy translation structures',
      'DMAR: Copied translation tables from previous kernel for dmar0',
      'DMAR: IOMMU batching disallowed due to virtualization',
      'Adding…',
      'Adding…',
      'DMAR: Intel(R) Virtualization Technology for Directed I/O',
    ]);
  });

  it('Caching Mode says nothing while VT-d is off, and keeps passthrough', () => {
    expect(bootLines('v6.1', 'intel_iommu=off', { cachingMode: true })).not.toContain(
      'DMAR: IOMMU batching disallowed due to virtualization',
    );
    expect(boot('v6.1', 'iommu=pt', {}, { cachingMode: true }).config.defaultType).toBe('identity');
  });

  it('the Intel iGPU is identity-mapped by Debian unless intel_iommu=on or CONFIG_INTEL_IOMMU_DEFAULT_ON', () => {
    expect(boot('v6.1', '').config.identmapIntgpu).toBe(true);
    expect(boot('v6.1', 'intel_iommu=on').config.identmapIntgpu).toBe(false);
    expect(boot('v6.1', '', { INTEL_IOMMU_DEFAULT_ON: true }).config.identmapIntgpu).toBe(false);
    expect(boot('v6.1', 'intel_iommu=on,intgpu_off').config.identmapIntgpu).toBe(true);
    expect(boot('v5.11', '').config.identmapIntgpu).toBe(false);
  });
});

describe('5.x: what VT-d reads and what the core prints', () => {
  it('VT-d ignores iommu.strict: lazy unless intel_iommu=strict', () => {
    for (const k of ['v5.3', 'v5.8', 'v5.11'] as const) {
      expect(boot(k, 'iommu.strict=1').config.strict).toBe(false);
      expect(boot(k, 'intel_iommu=strict').config).toMatchObject({ strict: true, strictFromCmdline: true });
    }
  });

  it('5.7+ print "Default domain type" but never the TLB policy line; 5.1 and 5.3 print neither', () => {
    expect(boot('v5.7', 'iommu=pt').dmesg).toEqual([
      'iommu: Default domain type: Passthrough (set via kernel command line)',
    ]);
    // "Default domain type: %s %s\n" with an empty second string: the line ends in a space.
    expect(boot('v5.11', '').dmesg).toEqual(['iommu: Default domain type: Translated ']);
    expect(boot('v3-sewart', 'iommu.passthrough=1').dmesg).toEqual([]);
  });

  it('5.11 under Caching Mode batches nothing, and says so when the first DMA domain is set up (inferred)', () => {
    expect(boot('v5.11', '', {}, { cachingMode: true }).config.strict).toBe(true);
    expect(bootLines('v5.11', 'intel_iommu=on', { cachingMode: true })).toEqual([
      'DMAR: IOMMU enabled',
      'iommu: Default domain type: Translated ',
      'Adding…',
      'Adding…',
      'DMAR: IOMMU batching is disabled due to virtualization',
      'DMAR: Intel(R) Virtualization Technology for Directed I/O',
    ]);
    // No DMA domain under iommu=pt: the question is never asked.
    expect(bootLines('v5.11', 'intel_iommu=on iommu=pt', { cachingMode: true })).not.toContain(
      'DMAR: IOMMU batching is disabled due to virtualization',
    );
    expect(boot('v5.8', '', {}, { cachingMode: true }).config.strict).toBe(false);
  });

  it('iommu=soft keeps VT-d from being detected before 5.19 (inferred), not in 6.1', () => {
    expect(boot('v5.3', 'iommu=soft').config.enabled).toBe(false);
    expect(boot('v6.1', 'iommu=soft').config.enabled).toBe(true);
  });

  it('CONFIG_INTEL_IOMMU_DEFAULT_OFF=y: VT-d off unless intel_iommu=on', () => {
    const kc = { INTEL_IOMMU_DEFAULT_OFF: true };
    expect(boot('v5.3', '', kc).config.enabled).toBe(false);
    expect(boot('v5.3', 'intel_iommu=on', kc).config.enabled).toBe(true);
  });

  it('igfx_off identity-maps display devices on every kernel', () => {
    for (const k of ['v5.1', 'v5.3', 'v6.1'] as const)
      expect(boot(k, 'intel_iommu=igfx_off').config).toMatchObject({ identmapGfx: true, mapGfx: false });
  });
});

describe('the machine', () => {
  it('copies the old tables only in a kdump kernel that inherited translation and could copy it', () => {
    const kdump = { kdump: true, translationPreEnabled: true };
    expect(boot('v6.1', '', {}, kdump).config.copiedTables).toBe(true);
    expect(boot('v6.1', '', {}, { ...kdump, copyTablesFails: true }).config.copiedTables).toBe(false);
    expect(boot('v6.1', 'intel_iommu=off', {}, kdump).config.copiedTables).toBe(false);
    expect(boot('v6.1', '', {}, { translationPreEnabled: true }).config).toMatchObject({
      copiedTables: false,
      kdump: false,
    });
  });

  it('passes hardware pass-through through, and explains every setting', () => {
    const { config } = boot('v5.3', 'iommu=pt', {}, { hwPassThrough: false });
    expect(config.hwPassThrough).toBe(false);
    for (const key of [
      'enabled',
      'defaultType',
      'strict',
      'identmapAll',
      'identmapGfx',
      'identmapIntgpu',
      'copiedTables',
    ])
      expect(config.reasons[key], key).toBeTruthy();
    expect(config.reasons.identmapAll).toBe(
      'iommu=pt on the kernel command line: x86 iommu_pass_through = 1',
    );
  });
});

describe('platform opt-in (platform_optin_force_iommu, DMA_CTRL_PLATFORM_OPT_IN_FLAG)', () => {
  const laptop = (kernel: KernelId, cmdline: string, optIn = true, kconfig: Record<string, boolean> = {}) =>
    runScenario({
      format: 'iommu-sandbox/scenario@1',
      kernel,
      cmdline,
      kconfig,
      machine: { dmarPlatformOptIn: optIn },
      devices: [
        { bdf: '00:00.0', type: 'host-bridge' },
        { bdf: '00:07.0', type: 'root-port', acs: true, externalFacing: true },
        { bdf: '00:14.0', type: 'rc-endpoint', class: '0c03' },
      ],
      steps: [{ op: 'boot' }],
    }).steps[0]!;
  const forced = (s: ReturnType<typeof laptop>) =>
    s.events.some(
      (e) =>
        e.fn === 'platform_optin_force_iommu' &&
        e.message === 'Intel-IOMMU force enabled due to platform opt in',
    );

  it('turns VT-d on over iommu=off when firmware opts in and a port is external-facing', () => {
    const s = laptop('v6.1', 'iommu=off');
    expect(forced(s)).toBe(true);
    // intel_iommu_init (rootfs_initcall) after iommu_subsys_init (subsys_initcall).
    const at = (m: string) => s.events.findIndex((e) => e.message.startsWith(m));
    expect(at('Intel-IOMMU force enabled')).toBeGreaterThan(at('Default domain type'));
    expect(s.state.groups.length).toBeGreaterThan(0);
    expect(laptop('v6.1', 'iommu=off', false).state.groups).toEqual([]);
  });

  it('keeps VT-d off for intel_iommu=off (no_platform_optin)', () => {
    const s = laptop('v6.1', 'intel_iommu=off');
    expect(forced(s)).toBe(false);
    expect(s.state.groups).toEqual([]);
  });

  it('with VT-d off by default, identity for all but untrusted devices (5.7+ default type; 5.3 IDENTMAP_ALL)', () => {
    const off = { INTEL_IOMMU_DEFAULT_OFF: true };
    for (const k of ['v5.3', 'v6.1'] as const) {
      const s = laptop(k, '', true, off);
      expect(forced(s)).toBe(true);
      const usb = s.state.devices.find((d) => d.bdf === '00:14.0')!;
      expect(s.state.domains.find((d) => d.id === usb.domain)?.type, k).toBe('identity');
    }
  });
});

describe("why VT-d is on: Debian's Kconfig on kernels before 6.1", () => {
  it("5.7 explains its default-on with Debian 6.1's option as what it stands for, not as a 5.7 option", () => {
    const why = boot('v5.7', '').config.reasons.enabled!;
    expect(why).toContain("Debian 6.1's option, which this kernel does not have");
    expect(why).toContain('CONFIG_INTEL_IOMMU_DEFAULT_ON=y');
    expect(boot('v6.1', '').config.reasons.enabled).toBe(
      'no intel_iommu= on the command line; CONFIG_INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF=y turns VT-d on by default',
    );
  });
});
