/**
 * Events as the kernel log would show them (`pci 0000:01:00.0: Adding to iommu group 3`,
 * `DMAR: ...`), and a whole run as an annotated log for the CLI's --dmesg. Pure formatting.
 */
import { fullBdf } from './bdf';
import { cutRecord, FITS, recordMax } from './printk';
import type { KernelEvent, ResultEvent, RunResult, Scenario, Step } from './types';

type AnyEvent = KernelEvent | ResultEvent;

// An event without a prefix (older results, hand-made events): guess it from the function name.
function inferredPrefix(e: AnyEvent): string {
  if (e.kind === 'vfio' || /^_*vfio/.test(e.fn)) return 'vfio';
  if (/^_*(bus_)?iommu/.test(e.fn) && !/^iommu_(should|prepare|need)/.test(e.fn)) return 'iommu';
  return 'DMAR';
}

// What dev_printk or the subsystem's pr_fmt puts before the message; nothing for a line the
// kernel prints whole (prefix `kernel`).
function lineHead(e: AnyEvent): string {
  const { prefix, driverName, devName } = e;
  if (prefix === 'kernel') return '';
  // dev_printk: the driver's name, else the bus's (an ACPI device's platform node is on the
  // platform bus), the device's name, then the file's dev_fmt (intel-iommu.c: pr_fmt, "DMAR: ").
  if (e.device)
    return `${driverName ?? (devName ? 'platform' : 'pci')} ${devName ?? fullBdf(e.device)}: ${prefix === 'DMAR' ? 'DMAR: ' : ''}`;
  return `${prefix ?? inferredPrefix(e)}: `;
}

const viaDevPrintk = (e: AnyEvent): boolean => Boolean(e.device) && e.prefix !== 'kernel';

/**
 * One event as a kernel log line, cut where printk cuts its record (printk.ts); sandbox notes
 * (prefix `sandbox`) become `# sandbox: ...` comments, whole.
 */
export function dmesgLine(e: AnyEvent): string {
  if (e.prefix === 'sandbox') return `# sandbox: ${e.device ? `${fullBdf(e.device)}: ` : ''}${e.message}`;
  const line = lineHead(e) + e.message;
  return line.length <= FITS ? line : cutRecord(line, recordMax(viaDevPrintk(e)));
}

/**
 * The message as the kernel's record keeps it, for the core to store: what is left of it once
 * the line is cut (nothing, if even the device's prefix fills the record). Sandbox notes are whole.
 */
export function keptMessage(e: AnyEvent): string {
  const m = e.message;
  // Cheap: the device's and driver's names are most of a head; 40 units cover the rest.
  if (
    e.silent ||
    e.prefix === 'sandbox' ||
    m.length + (e.driverName?.length ?? 0) + (e.devName?.length ?? 0) + 40 <= FITS
  )
    return m;
  const head = lineHead(e);
  const line = dmesgLine(e);
  return line.length > head.length ? line.slice(head.length) : '';
}

// Text from the scenario (a driver's name, a value written to sysfs) reaches these lines: a line
// break in it would print a line the kernel never did, so control characters are shown escaped.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point.
const CONTROL = /[\u0000-\u001f\u007f]/g;
const oneLine = (line: string): string =>
  line.replace(CONTROL, (c) =>
    c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );

/** The line exactly as --dmesg prints it (control characters escaped): the result JSON's `line`. */
export const dmesgText = (e: AnyEvent): string => oneLine(dmesgLine(e));

/** Whether the event is a dmesg line at all (silent events explain a state change the kernel did not log). */
export function inDmesg(e: AnyEvent): boolean {
  return e.silent !== true;
}

/** A step as a short command line: `bind 01:00.0 vfio-pci`, `set-group-type 3 "identity"`. */
export function describeStep(step: Step): string {
  switch (step.op) {
    case 'bind': {
      const d =
        step.driver === undefined
          ? ''
          : ` ${typeof step.driver === 'string' ? step.driver : step.driver.name}`;
      return `bind ${step.device}${d}`;
    }
    case 'unbind':
    case 'dma':
    case 'hot-remove':
      return `${step.op} ${step.device}`;
    case 'hot-add':
      return `hot-add ${step.device.bdf} (${step.device.type})`;
    case 'set-group-type':
      return `set-group-type ${step.group} ${JSON.stringify(step.value)}`;
    case 'request-domain':
      return `request-domain ${step.device} ${step.type}`;
    case 'vfio-claim':
    case 'vfio-release':
      return `${step.op} ${step.group}`;
    case 'crash':
      return step.cmdline === undefined ? 'crash' : `crash cmdline=${JSON.stringify(step.cmdline)}`;
    default:
      return step.op;
  }
}

/**
 * The whole run as log text: a `# step N: ... → ok | error` line before each step's lines, then
 * `# faults:`. With `explain`, each line is followed by `#   fn(): why`, and what the kernel did
 * without a line comes as `# sandbox:` lines too (the events must carry their whys).
 */
export function formatDmesg(
  scenario: Scenario,
  result: Pick<RunResult, 'faults'> & {
    steps: readonly (Pick<RunResult['steps'][number], 'op' | 'ok' | 'error'> & {
      events: readonly AnyEvent[];
    })[];
  },
  explain = false,
): string {
  const lines: string[] = [];
  result.steps.forEach((r, i) => {
    const step = scenario.steps[i];
    const what = step ? describeStep(step) : r.op;
    lines.push(`# step ${i}: ${what} → ${r.ok ? 'ok' : (r.error ?? 'refused')}`);
    for (const e of r.events) {
      if (inDmesg(e)) lines.push(dmesgLine(e));
      else if (explain) lines.push(dmesgLine({ ...e, prefix: 'sandbox' }));
      else continue;
      if (explain && e.why) lines.push(`#   ${e.fn}(): ${e.why}`);
    }
  });
  if (result.faults.length === 0) lines.push('# faults: none');
  else {
    lines.push('# faults:');
    for (const f of result.faults) {
      const where = [
        f.domain && `domain ${f.domain}`,
        f.device && `device ${f.device}`,
        f.group !== undefined && `group ${f.group}`,
      ]
        .filter(Boolean)
        .join(', ');
      const tail = `${where ? ` (${where})` : ''}${f.inferred ? ' [inferred]' : ''}`;
      lines.push(`#   step ${f.step}: ${f.kind} in ${f.fn}: ${f.message}${tail}`);
    }
  }
  return `${lines.map(oneLine).join('\n')}\n`;
}
