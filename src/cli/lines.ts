/**
 * One line of the result JSON per event, group, domain and device: the bytes JSON.stringify gives
 * for the objects the core makes (keys in the order snapshot.ts and run.ts write them), built by
 * hand because the CLI writes a hundred thousand of them for a machine of 20,000 devices.
 */
import type {
  DeviceSnapshot,
  DomainSnapshot,
  GroupSnapshot,
  KernelEvent,
  ResultEvent,
} from '../kernel/types';

// What JSON.stringify escapes: quotes, backslashes, control characters, and (lone) surrogates.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify(s) for a string: as it is between quotes when nothing needs escaping (BDFs, ids, words). */
export const str = (s: string): string => (ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`);
const strOrNull = (s: string | null) => (s === null ? 'null' : str(s));
const num = (n: number | null) => (n !== null && Number.isFinite(n) ? `${n}` : 'null');

function strList(items: readonly string[]): string {
  if (items.length === 0) return '[]';
  let out = `[${str(items[0]!)}`;
  for (let i = 1; i < items.length; i++) out += `,${str(items[i]!)}`;
  return `${out}]`;
}

// `,"key":<JSON>`, or nothing where JSON.stringify would leave the key out (undefined).
function kv(key: string, v: unknown): string {
  const j = JSON.stringify(v);
  return j === undefined ? '' : `,"${key}":${j}`;
}

export function groupLine(g: GroupSnapshot): string {
  return (
    `{"id":${num(g.id)},"devices":${strList(g.devices)},"defaultDomain":${strOrNull(g.defaultDomain)}` +
    `,"domain":${strOrNull(g.domain)},"type":${str(g.type)},"owner":${str(g.owner)}` +
    `${g.ownerCnt === undefined ? '' : `,"ownerCnt":${num(g.ownerCnt)}`}}`
  );
}

export function domainLine(d: DomainSnapshot): string {
  return (
    `{"id":${str(d.id)},"type":${str(d.type)},"kind":${str(d.kind)}` +
    (d.name === undefined ? '' : `,"name":${str(d.name)}`) +
    (d.private === undefined ? '' : `,"private":${d.private}`) +
    (d.lazy === undefined ? '' : `,"lazy":${d.lazy}`) +
    `,"freed":${d.freed},"devices":${strList(d.devices)}}`
  );
}

export function deviceLine(d: DeviceSnapshot): string {
  return (
    `{"bdf":${str(d.bdf)},"group":${num(d.group)},"domain":${strOrNull(d.domain)},"attach":${str(d.attach)}` +
    `,"driver":${strOrNull(d.driver)},"dma":${str(d.dma)}` +
    (d.dmaMask === undefined ? '' : `,"dmaMask":${num(d.dmaMask)}`) +
    (d.dmaOps === undefined ? '' : `,"dmaOps":${str(d.dmaOps)}`) +
    '}'
  );
}

/**
 * One kernel event as its line: the same bytes as JSON.stringify of resultEvents' object for it
 * (without --explain, of that object less why, silent, prefix and driverName), keys in that order.
 * One template when the always-present fields are strings (every event the core emits); field
 * by field otherwise, leaving out what JSON.stringify would.
 */
export function eventJson(e: KernelEvent | ResultEvent, explain: boolean): string {
  if (
    typeof e.fn !== 'string' ||
    typeof e.message !== 'string' ||
    typeof e.kind !== 'string' ||
    typeof e.level !== 'string' ||
    (explain && typeof e.why !== 'string')
  )
    return eventJsonSlow(e, explain);
  const head = `{"fn":${str(e.fn)}${e.device ? `,"device":${str(e.device)}` : ''},"message":${str(e.message)}`;
  const mid = `${explain ? `,"why":${str(e.why)}` : ''},"kind":${str(e.kind)},"level":${str(e.level)}`;
  const tail =
    (e.group !== undefined ? kv('group', e.group) : '') +
    (e.domain ? `,"domain":${str(e.domain)}` : '') +
    (e.inferred ? ',"inferred":true' : '') +
    (explain
      ? (e.silent ? ',"silent":true' : '') +
        (e.prefix ? `,"prefix":${str(e.prefix)}` : '') +
        (e.driverName ? `,"driverName":${str(e.driverName)}` : '')
      : '');
  return `${head}${mid}${tail}}`;
}

function eventJsonSlow(e: KernelEvent | ResultEvent, explain: boolean): string {
  let s = kv('fn', e.fn);
  if (e.device) s += kv('device', e.device);
  s += kv('message', e.message);
  if (explain) s += kv('why', e.why);
  s += kv('kind', e.kind) + kv('level', e.level);
  if (e.group !== undefined) s += kv('group', e.group);
  if (e.domain) s += kv('domain', e.domain);
  if (e.inferred) s += ',"inferred":true';
  if (explain) {
    if (e.silent) s += ',"silent":true';
    if (e.prefix) s += kv('prefix', e.prefix);
    if (e.driverName) s += kv('driverName', e.driverName);
  }
  return s ? `{${s.slice(1)}}` : '{}';
}
