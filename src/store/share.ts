/**
 * Share links: the scenario and the viewed step, compressed into the URL's hash
 * (`#s=` + lz-string of `{v, scenario, cursor}`). Pure functions; validating the scenario a link
 * carries is the caller's job (src/store/openShare.ts loads the validator on demand).
 */
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import type { Scenario } from '../kernel/types';

/** The share payload format this build writes. */
export const SHARE_VERSION = 1;
const HASH_KEY = 's=';

/** What a link carries, before the scenario in it is validated. */
export interface SharePayload {
  v: number;
  scenario: unknown;
  cursor: number;
}

/** The outcome of reading a URL hash. */
export type ShareRead =
  | { kind: 'none' }
  | { kind: 'ok'; payload: SharePayload }
  | { kind: 'damaged'; reason: string };

/**
 * Older payloads, upgraded one version at a time before they are read. Empty while there is only
 * version 1; a version 2 adds `1: (p) => ({ ...p, v: 2, ... })` here and old links keep working.
 */
const MIGRATIONS: Record<number, (p: Record<string, unknown>) => Record<string, unknown>> = {};

/** The hash (with its `#`) that shares this scenario at this step. */
export function shareHash(scenario: Scenario, cursor: number): string {
  const payload: SharePayload = { v: SHARE_VERSION, scenario, cursor };
  return `#${HASH_KEY}${compressToEncodedURIComponent(JSON.stringify(payload))}`;
}

/** The full link: `href` without its hash, plus the share hash. */
export function shareUrl(href: string, scenario: Scenario, cursor: number): string {
  return `${href.split('#')[0]}${shareHash(scenario, cursor)}`;
}

const damaged = (reason: string): ShareRead => ({ kind: 'damaged', reason });
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a URL hash: no share link, a payload to validate, or why the link cannot be read. */
export function readShareHash(hash: string): ShareRead {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!body.startsWith(HASH_KEY)) return { kind: 'none' };
  const packed = body.slice(HASH_KEY.length);
  if (packed === '') return damaged('it carries no scenario.');
  let text: string | null;
  try {
    text = decompressFromEncodedURIComponent(packed);
  } catch {
    text = null;
  }
  if (!text) return damaged('its data cannot be decompressed (was it cut short or edited?).');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return damaged('its data is incomplete (was it cut short or edited?).');
  }
  return readPayload(raw);
}

function readPayload(raw: unknown): ShareRead {
  if (!isRecord(raw)) return damaged('its data is not a shared scenario.');
  let p = raw;
  if (typeof p.v !== 'number' || !Number.isInteger(p.v)) return damaged('it has no format version.');
  if (p.v > SHARE_VERSION) return damaged(`it was made by a newer version of the sandbox (format ${p.v}).`);
  while ((p.v as number) < SHARE_VERSION) {
    const up = MIGRATIONS[p.v as number];
    if (!up) return damaged(`its format version ${p.v} is not known.`);
    p = up(p);
  }
  if (!isRecord(p.scenario)) return damaged('it carries no scenario.');
  if (typeof p.cursor !== 'number' || !Number.isInteger(p.cursor) || p.cursor < -1)
    return damaged('its step number is not a step.');
  return { kind: 'ok', payload: { v: SHARE_VERSION, scenario: p.scenario, cursor: p.cursor } };
}
