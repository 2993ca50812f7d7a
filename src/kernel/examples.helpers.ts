/**
 * Helpers for the worked-example tests (kernel-examples.md E1–E15): load a scenario from
 * scenarios/examples/, run it once, and look groups and domains up by the role the examples give
 * them (si_domain, "D2" = the second DMA domain allocated, "U1", "B1") rather than by raw id.
 * Every lookup throws with the state it searched, so a failing assertion says what was there.
 * The examples' tests are split by example (examples.e1-e5.test.ts, ...); the assertions they
 * share are here too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type {
  DeviceSnapshot,
  DomainSnapshot,
  Fault,
  FaultKind,
  GroupSnapshot,
  ResultEvent,
  RunResult,
  Scenario,
  StateSnapshot,
  StepResult,
} from './types';

/** Where the example scenario files live. */
export const EXAMPLES_DIR = new URL('../../scenarios/examples/', import.meta.url);

/** Every scenario file in scenarios/examples/, sorted. */
export function exampleFiles(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

/** Parse one scenario file (no validation beyond JSON). */
export function loadScenario(file: string): Scenario {
  return JSON.parse(readFileSync(new URL(file, EXAMPLES_DIR), 'utf8')) as Scenario;
}

/** One example scenario, run lazily (once) so that an engine error fails its tests, not the file. */
export interface Example {
  file: string;
  scenario: Scenario;
  result(): RunResult;
  step(i: number): StepResult;
  state(i: number): StateSnapshot;
}

/** Files the tests used, to check that every file of their examples is covered. */
export const usedExampleFiles = new Set<string>();

/** The example's number in a file name (`e07-...json` → 7). */
export const exampleNumber = (file: string): number => Number(/^e(\d\d)-/.exec(file)?.[1] ?? Number.NaN);

/** The files of examples first..last in the directory that no test of this file used. */
export function unusedExampleFiles(first: number, last: number): string[] {
  return exampleFiles().filter((f) => {
    const n = exampleNumber(f);
    return n >= first && n <= last && !usedExampleFiles.has(f);
  });
}

export function example(file: string, run: (s: Scenario) => RunResult): Example {
  usedExampleFiles.add(file);
  const scenario = loadScenario(file);
  let cached: RunResult | null = null;
  const result = (): RunResult => {
    cached ??= run(structuredClone(scenario));
    return cached;
  };
  const step = (i: number): StepResult => {
    const r = result();
    const s = r.steps[i];
    if (!s) throw new Error(`${file}: no result for step ${i} (got ${r.steps.length} steps)`);
    const want = scenario.steps[i]?.op;
    if (s.op !== want)
      throw new Error(`${file}: step ${i} is ${s.op} in the result, ${want} in the scenario`);
    return s;
  };
  return { file, scenario, result, step, state: (i) => step(i).state };
}

// ---------------------------------------------------------------------------------------------
// State lookups

export function group(s: StateSnapshot, id: number): GroupSnapshot {
  const g = s.groups.find((x) => x.id === id);
  if (!g) throw new Error(`no group ${id}; groups: ${JSON.stringify(groupMembers(s))}`);
  return g;
}

/** `[id, devices]` for every group, in id order: compare with `toEqual`. */
export function groupMembers(s: StateSnapshot): Array<[number, string[]]> {
  return [...s.groups].sort((a, b) => a.id - b.id).map((g) => [g.id, [...g.devices]]);
}

export function device(s: StateSnapshot, bdf: string): DeviceSnapshot {
  const d = s.devices.find((x) => x.bdf === bdf);
  if (!d) throw new Error(`no device ${bdf}; devices: ${s.devices.map((x) => x.bdf).join(', ')}`);
  return d;
}

export function hasDevice(s: StateSnapshot, bdf: string): boolean {
  return s.devices.some((x) => x.bdf === bdf);
}

export function domain(s: StateSnapshot, id: string | null): DomainSnapshot {
  const d = id === null ? undefined : s.domains.find((x) => x.id === id);
  if (!d) throw new Error(`no domain ${id}; domains: ${describeDomains(s)}`);
  return d;
}

export function describeDomains(s: StateSnapshot): string {
  return s.domains
    .map((d) => `${d.id}:${d.name ?? d.kind}/${d.type}${d.freed ? '(freed)' : ''}[${d.devices.join(' ')}]`)
    .join(', ');
}

const byAllocation = (a: DomainSnapshot, b: DomainSnapshot): number =>
  Number(a.id.slice(1)) - Number(b.id.slice(1));

/** The static identity domain. */
export function si(s: StateSnapshot): DomainSnapshot {
  const d = s.domains.find((x) => x.name === 'si_domain');
  if (!d) throw new Error(`no si_domain; domains: ${describeDomains(s)}`);
  return d;
}

export function hasSi(s: StateSnapshot): boolean {
  return s.domains.some((x) => x.name === 'si_domain');
}

/** DMA / DMA-FQ domains (group defaults and private ones), in allocation order: the examples' D1, D2, … */
export function dmaDomains(s: StateSnapshot): DomainSnapshot[] {
  return s.domains
    .filter(
      (d) => (d.type === 'DMA' || d.type === 'DMA-FQ') && d.kind !== 'unmanaged' && d.kind !== 'blocking',
    )
    .sort(byAllocation);
}

/** Live (not freed) DMA / DMA-FQ domains. */
export function liveDmaDomains(s: StateSnapshot): DomainSnapshot[] {
  return dmaDomains(s).filter((d) => !d.freed);
}

function nth(list: DomainSnapshot[], n: number, label: string, s: StateSnapshot): DomainSnapshot {
  const d = list[n - 1];
  if (!d) throw new Error(`no ${label}${n} (only ${list.length}); domains: ${describeDomains(s)}`);
  return d;
}

/** The example's `Dn`: the n-th DMA / DMA-FQ domain allocated (1-based). */
export function D(s: StateSnapshot, n: number): DomainSnapshot {
  return nth(dmaDomains(s), n, 'D', s);
}

/** UNMANAGED domains that vfio (type1) allocated, in allocation order. */
export function unmanagedDomains(s: StateSnapshot): DomainSnapshot[] {
  return s.domains.filter((d) => d.kind === 'unmanaged').sort(byAllocation);
}

/** The example's `Un`. */
export function U(s: StateSnapshot, n: number): DomainSnapshot {
  return nth(unmanagedDomains(s), n, 'U', s);
}

/** 6.1 blocking domains, in allocation order. */
export function blockingDomains(s: StateSnapshot): DomainSnapshot[] {
  return s.domains.filter((d) => d.kind === 'blocking').sort(byAllocation);
}

/** The example's `Bn`. */
export function B(s: StateSnapshot, n: number): DomainSnapshot {
  return nth(blockingDomains(s), n, 'B', s);
}

/** The group's default domain (`default=` in the examples). */
export function groupDefault(s: StateSnapshot, gid: number): DomainSnapshot {
  return domain(s, group(s, gid).defaultDomain);
}

/** The domain the group is attached to now (`domain=`, the core view). */
export function groupDomain(s: StateSnapshot, gid: number): DomainSnapshot {
  return domain(s, group(s, gid).domain);
}

/** The domain the device's driver uses (driver view, find_domain). */
export function driverView(s: StateSnapshot, bdf: string): DomainSnapshot {
  return domain(s, device(s, bdf).domain);
}

/** The core view of a device: its group's current domain. */
export function coreView(s: StateSnapshot, bdf: string): DomainSnapshot {
  const g = device(s, bdf).group;
  if (g === null) throw new Error(`device ${bdf} has no group`);
  return groupDomain(s, g);
}

/** Domains present in `after` that were not in `before`. */
export function allocatedBetween(before: StateSnapshot | null, after: StateSnapshot): DomainSnapshot[] {
  const known = new Set(before?.domains.map((d) => d.id) ?? []);
  return after.domains.filter((d) => !known.has(d.id)).sort(byAllocation);
}

/** Ids of domains freed in `after` that were live (or absent) in `before`. */
export function freedBetween(before: StateSnapshot | null, after: StateSnapshot): string[] {
  const wasFreed = new Set(before?.domains.filter((d) => d.freed).map((d) => d.id) ?? []);
  return after.domains
    .filter((d) => d.freed && !wasFreed.has(d.id))
    .sort(byAllocation)
    .map((d) => d.id);
}

// ---------------------------------------------------------------------------------------------
// Events, errors, faults

/** The step's dmesg lines (events that are not the sandbox's silent explanations). */
export function dmesg(step: StepResult): ResultEvent[] {
  return step.events.filter((e) => !e.silent);
}

/** dmesg lines of the step whose message contains `text` (and that name `device`, if given). */
export function logged(step: StepResult, text: string, device?: string): ResultEvent[] {
  return dmesg(step).filter((e) => e.message.includes(text) && (device === undefined || e.device === device));
}

/** All messages of a step, for failure output. */
export function messages(step: StepResult): string[] {
  return step.events.map(
    (e) => `${e.device ? `${e.device}: ` : ''}${e.message}${e.silent ? ' (silent)' : ''}`,
  );
}

/** The errno name a refused step answered with ("-EBUSY"), or null. */
export function errno(step: StepResult): string | null {
  if (step.error === null) return null;
  const m = /^-E[A-Z0-9]+/.exec(step.error);
  return m ? m[0] : step.error;
}

/** The step's error text and its dmesg, as one string to search for a kernel message. */
export function errorAndLog(step: StepResult): string {
  return [step.error ?? '', ...dmesg(step).map((e) => e.message)].join('\n');
}

export function faults(
  r: RunResult,
  where: { step?: number; kind?: FaultKind; device?: string; domain?: string } = {},
): Fault[] {
  return r.faults.filter(
    (f) =>
      (where.step === undefined || f.step === where.step) &&
      (where.kind === undefined || f.kind === where.kind) &&
      (where.device === undefined || f.device === where.device) &&
      (where.domain === undefined || f.domain === where.domain),
  );
}

// ---------------------------------------------------------------------------------------------
// Assertions the examples share

export const sorted = (xs: readonly string[]): string[] => [...xs].sort();

/** "Adding to iommu group N" for a device (iommu_group_add_device). */
export function expectAddedToGroup(step: StepResult, bdf: string, id: number): void {
  const hit = dmesg(step).some((e) => e.device === bdf && e.message.trim() === `Adding to iommu group ${id}`);
  expect(hit, `"${bdf}: Adding to iommu group ${id}" in\n${messages(step).join('\n')}`).toBe(true);
}

/** A dmesg line containing `text` (for `device`, if given) was printed in the step. */
export function expectLogged(step: StepResult, text: string, device?: string): void {
  expect(
    logged(step, text, device).length,
    `"${text}"${device ? ` for ${device}` : ''} in\n${messages(step).join('\n')}`,
  ).toBeGreaterThan(0);
}

/** Groups in the examples' notation: each id's members, in the order they joined. */
export function expectGroups(s: StateSnapshot, want: Array<[number, string[]]>): void {
  expect(groupMembers(s)).toEqual(want);
}

/** `G<id> default=<dom>(<type>)` with `domain=` the same. */
export function expectDefault(s: StateSnapshot, gid: number, domId: string, type: string): void {
  const g = group(s, gid);
  expect(g.defaultDomain, `G${gid} default`).toBe(domId);
  expect(g.domain, `G${gid} domain`).toBe(domId);
  expect(g.type, `G${gid} type`).toBe(type);
}

export function expectOnSi(s: StateSnapshot, gid: number): void {
  const siD = si(s);
  expect(siD.freed).toBe(false);
  expectDefault(s, gid, siD.id, 'identity');
}

/** Policy A: a group with no default domain. */
export function expectNoDefault(s: StateSnapshot, gid: number): void {
  const g = group(s, gid);
  expect(g.defaultDomain, `G${gid} default`).toBeNull();
  expect(g.domain, `G${gid} domain`).toBeNull();
  expect(g.type, `G${gid} type`).toBe('unknown');
}

export function expectRefused(step: StepResult, err: string): void {
  expect(step.ok, `step refused: ${step.error}`).toBe(false);
  expect(errno(step)).toBe(err);
}

export function expectAccepted(step: StepResult): void {
  expect(step.error).toBeNull();
  expect(step.ok).toBe(true);
}
