/**
 * Share links: the scenario and the viewed step, and in compare mode the right world's
 * configuration, compressed into the URL's hash (`#s=` + lz-string of `{v, scenario, cursor,
 * compare?, libraryId?, selection?, log?}` + `.` + a checksum of the compressed text). Pure functions;
 * validating what a link carries is the caller's job (src/store/openShare.ts loads the validator
 * on demand).
 *
 * The checksum catches an edited link whose text still decompresses (lz-string has no check of
 * its own: one changed character can open silently with a scenario changed). Links from before it
 * have none and open as they always did.
 */
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import type { Scenario } from '../kernel/types';

/** The share payload format this build writes (2 added `compare`). */
export const SHARE_VERSION = 2;
const HASH_KEY = 's=';

/** Compare mode in a link: the right world's configuration (the left's is the scenario's). */
export interface ShareCompare {
  right: unknown;
  /** The ready-made comparison shown, if any. */
  comparison: string | null;
  /** What was selected in the right pane (checked against its machine when opened). */
  selection?: unknown;
  /** The right pane's log filters (checked when opened). */
  log?: unknown;
  /** The kernel logs show only the lines that differ between the worlds. */
  onlyDiffering?: true;
}

/**
 * What else a link shows: the library entry the scenario came from, the left pane's selection and
 * its log filters.
 */
export interface ShareView {
  libraryId?: string | null;
  selection?: unknown;
  log?: unknown;
}

/** What a link carries, before the scenario in it is validated. */
export interface SharePayload {
  v: number;
  scenario: unknown;
  cursor: number;
  compare?: ShareCompare;
  libraryId?: string;
  selection?: unknown;
  log?: unknown;
}

/** The outcome of reading a URL hash. */
export type ShareRead =
  | { kind: 'none' }
  /** `json`: the link's JSON as read, for the checks only its text allows (keys written twice). */
  | { kind: 'ok'; payload: SharePayload; json: { text: string; value: unknown } }
  | Damaged;

type Damaged = { kind: 'damaged'; reason: string };

/**
 * Older payloads, upgraded one version at a time before they are read, so old links keep working.
 * Version 1 had no compare mode: it opens the single page, as it always did.
 */
const MIGRATIONS: Record<number, (p: Record<string, unknown>) => Record<string, unknown>> = {
  1: (p) => ({ ...p, v: 2 }),
};

/** FNV-1a over the compressed text, in base 36: a check of the link's own characters. */
function checksum(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

/** The hash (with its `#`) that shares this scenario at this step (and compare mode, if given). */
export function shareHash(
  scenario: Scenario,
  cursor: number,
  compare?: ShareCompare,
  view: ShareView = {},
): string {
  const payload: SharePayload = {
    v: SHARE_VERSION,
    scenario,
    cursor,
    ...(compare ? { compare } : {}),
    ...(view.libraryId ? { libraryId: view.libraryId } : {}),
    ...(view.selection ? { selection: view.selection } : {}),
    ...(view.log ? { log: view.log } : {}),
  };
  const packed = compressToEncodedURIComponent(JSON.stringify(payload));
  return `#${HASH_KEY}${packed}.${checksum(packed)}`;
}

/**
 * The full link: `href` without its hash, plus the share hash. Not demo mode's parameters: a
 * link made during a demo would open the demo's scenario again instead of what it shares.
 */
export function shareUrl(
  href: string,
  scenario: Scenario,
  cursor: number,
  compare?: ShareCompare,
  view?: ShareView,
): string {
  const url = new URL(href);
  url.hash = '';
  url.searchParams.delete('demo');
  url.searchParams.delete('speed');
  return `${url.href}${shareHash(scenario, cursor, compare, view)}`;
}

const damaged = (reason: string): Damaged => ({ kind: 'damaged', reason });
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a URL hash: no share link, a payload to validate, or why the link cannot be read. */
export function readShareHash(hash: string): ShareRead {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!body.startsWith(HASH_KEY)) return { kind: 'none' };
  const [packed = '', sum] = body.slice(HASH_KEY.length).split('.');
  if (packed === '') return damaged('it carries no scenario.');
  if (sum !== undefined && sum !== checksum(packed))
    return damaged(
      'it was changed after it was made (its checksum does not match): copy the whole link again.',
    );
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
  const read = readPayload(raw);
  return read.kind === 'ok' ? { ...read, json: { text, value: raw } } : read;
}

function readPayload(raw: unknown): { kind: 'ok'; payload: SharePayload } | Damaged {
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
  const payload: SharePayload = { v: SHARE_VERSION, scenario: p.scenario, cursor: p.cursor };
  if (p.compare !== undefined) {
    const c = p.compare;
    if (!isRecord(c) || !isRecord(c.right)) return damaged('its comparison has no right-hand configuration.');
    const id = typeof c.comparison === 'string' ? c.comparison : null;
    payload.compare = {
      right: c.right,
      comparison: id,
      ...(c.selection ? { selection: c.selection } : {}),
      ...(c.log ? { log: c.log } : {}),
      ...(c.onlyDiffering === true ? { onlyDiffering: true as const } : {}),
    };
  }
  // What else it shows: checked by whoever applies it (an unknown entry or selection is left out).
  if (typeof p.libraryId === 'string') payload.libraryId = p.libraryId;
  if (p.selection !== undefined) payload.selection = p.selection;
  if (p.log !== undefined) payload.log = p.log;
  return { kind: 'ok', payload };
}
