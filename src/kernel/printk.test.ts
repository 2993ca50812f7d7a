/**
 * printk keeps at most LOG_LINE_MAX - 1 = 991 bytes of a record (vprintk_store), the KERN_<level>
 * mark of a pr_*() call counted: what dmesg shows, and what the event's message holds.
 */
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { dmesgLine } from './dmesg';
import { runScenario } from './run';
import type { KernelEvent, ResultEvent, Scenario } from './types';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const HEAD = 'Unknown kernel command line parameters "';

function boot(cmdline: string, kernel: Scenario['kernel'] = 'v6.1'): ResultEvent[] {
  const s: Scenario = {
    format: 'iommu-sandbox/scenario@1',
    kernel,
    cmdline,
    devices: [{ bdf: '00:00.0', type: 'host-bridge' }],
    steps: [{ op: 'boot' }],
  };
  return runScenario(s).steps[0]!.events;
}

const unknownParams = (events: ResultEvent[]) => events.find((e) => e.fn === 'print_unknown_bootoptions');

describe("print_unknown_bootoptions's line is cut where printk cuts its record", () => {
  it('a 5,000-character word: x86 keeps 2,047 bytes of the command line, pr_notice 989 of the line', () => {
    const e = unknownParams(boot('x'.repeat(5000)))!;
    // 992 bytes with the NUL and the two of KERN_NOTICE: the closing quote and the rest are gone.
    expect(e.line).toBe(HEAD + 'x'.repeat(989 - HEAD.length));
    expect(bytes(e.line!)).toBe(989);
    // A line the kernel prints whole: its message is the line.
    expect(e.message).toBe(e.line);
  });

  it('a line that fits is whole, its last byte included', () => {
    const tail = '", will be passed to user space.';
    const word = 'y'.repeat(989 - HEAD.length - tail.length);
    expect(unknownParams(boot(word))!.line).toBe(`${HEAD}${word}${tail}`);
    expect(unknownParams(boot(`${word}y`))!.line).toBe(`${HEAD}${word}y${tail}`.slice(0, 989));
  });

  it('a pr_*() line keeps 989 bytes, the file\'s pr_fmt ("DMAR: ") counted', () => {
    const line = dmesgLine({
      fn: 'x',
      kind: 'init',
      level: 'info',
      why: '',
      prefix: 'DMAR',
      message: 'm'.repeat(2000),
    });
    expect(line).toBe(`DMAR: ${'m'.repeat(983)}`);
  });

  it('counts bytes, not characters: a character the cut splits shows as U+FFFD', () => {
    // é is two bytes: 949 bytes after the head hold 474 of them and half of the next.
    expect(unknownParams(boot('é'.repeat(600)))!.line).toBe(`${HEAD}${'é'.repeat(474)}\uFFFD`);
  });
});

describe('dev_printk: the driver and device names are in the same record', () => {
  const ev = (e: Partial<KernelEvent>): KernelEvent => ({
    fn: 'x',
    kind: 'dma',
    level: 'info',
    why: '',
    message: 'Using iommu dma mapping',
    device: '00:02.0',
    ...e,
  });

  it('keeps 991 bytes (dev_printk_emit passes the level apart), the "name 0000:…: " prefix counted', () => {
    const line = dmesgLine(ev({ driverName: 'd'.repeat(968) }));
    expect(line).toBe(`${'d'.repeat(968)} 0000:00:02.0: Using io`);
    expect(bytes(line)).toBe(991);
    // A driver's name longer than the record leaves nothing of the message.
    expect(dmesgLine(ev({ driverName: 'd'.repeat(1500) }))).toBe('d'.repeat(991));
  });

  it("the run stores what the record kept as the event's message", () => {
    const s: Scenario = {
      format: 'iommu-sandbox/scenario@1',
      kernel: 'v5.3',
      cmdline: 'iommu=pt',
      devices: [
        { bdf: '00:00.0', type: 'host-bridge' },
        { bdf: '00:02.0', type: 'rc-endpoint', driver: null },
      ],
      steps: [
        { op: 'boot' },
        { op: 'bind', device: '00:02.0', driver: { name: 'd'.repeat(968), dmaMask: 32 } },
        { op: 'dma', device: '00:02.0' },
      ],
    };
    const lines = runScenario(s).steps[2]!.events.filter((e) => !e.silent);
    expect(lines.map((e) => [e.message, e.line])).toEqual([
      ['Using io', `${'d'.repeat(968)} 0000:00:02.0: Using io`],
      // The Intel driver's dev_fmt is in the record too.
      ['32', `${'d'.repeat(968)} 0000:00:02.0: DMAR: 32`],
    ]);
  });
});
