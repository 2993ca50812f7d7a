/**
 * One line of the result JSON per event, group, domain and device: the bytes JSON.stringify gives
 * for the objects the core makes (keys in the order snapshot.ts and run.ts write them), written
 * by hand straight into the output's bytes (ByteSink), because the CLI writes a hundred thousand
 * of them for a machine of 20,000 devices.
 */
import { dmesgLine } from '../kernel/dmesg';
import { dmesgText } from '../kernel/dmesgLog';
import type {
  DeviceSnapshot,
  DomainSnapshot,
  GroupSnapshot,
  KernelEvent,
  ResultEvent,
} from '../kernel/types';
import type { ByteSink } from './byteSink';

// `,"key":<JSON>`, or nothing where JSON.stringify would leave the key out (undefined).
function kv(key: string, v: unknown): string {
  const j = JSON.stringify(v);
  return j === undefined ? '' : `,"${key}":${j}`;
}

// Values as JSON.stringify writes them: a string or null, a number, a list of strings.
function jsonOrNull(sink: ByteSink, s: string | null): void {
  if (s === null) sink.ascii('null');
  else sink.json(s);
}

function numBytes(sink: ByteSink, n: number | null): void {
  sink.ascii(n !== null && Number.isFinite(n) ? `${n}` : 'null');
}

function strListBytes(sink: ByteSink, items: readonly string[]): void {
  if (items.length === 0) {
    sink.ascii('[]');
    return;
  }
  sink.ascii('[');
  sink.json(items[0]!);
  for (let i = 1; i < items.length; i++) {
    sink.ascii(',');
    sink.json(items[i]!);
  }
  sink.ascii(']');
}

export function groupLine(sink: ByteSink, g: GroupSnapshot): void {
  sink.ascii('{"id":');
  numBytes(sink, g.id);
  sink.ascii(',"devices":');
  strListBytes(sink, g.devices);
  sink.ascii(',"defaultDomain":');
  jsonOrNull(sink, g.defaultDomain);
  sink.ascii(',"domain":');
  jsonOrNull(sink, g.domain);
  sink.ascii(',"type":');
  sink.json(g.type);
  sink.ascii(',"owner":');
  sink.json(g.owner);
  if (g.ownerCnt !== undefined) {
    sink.ascii(',"ownerCnt":');
    numBytes(sink, g.ownerCnt);
  }
  if (g.blockingDomain) {
    sink.ascii(',"blockingDomain":');
    sink.json(g.blockingDomain);
  }
  sink.ascii('}');
}

export function domainLine(sink: ByteSink, d: DomainSnapshot): void {
  sink.ascii('{"id":');
  sink.json(d.id);
  sink.ascii(',"type":');
  sink.json(d.type);
  sink.ascii(',"kind":');
  sink.json(d.kind);
  if (d.name !== undefined) {
    sink.ascii(',"name":');
    sink.json(d.name);
  }
  sink.ascii(d.private ? ',"private":true' : ',"private":false');
  if (d.lazy !== undefined) sink.ascii(`,"lazy":${d.lazy}`);
  sink.ascii(d.freed ? ',"freed":true,"devices":' : ',"freed":false,"devices":');
  strListBytes(sink, d.devices);
  sink.ascii('}');
}

export function deviceLine(sink: ByteSink, d: DeviceSnapshot): void {
  sink.ascii('{"bdf":');
  sink.json(d.bdf);
  sink.ascii(',"group":');
  numBytes(sink, d.group);
  sink.ascii(',"domain":');
  jsonOrNull(sink, d.domain);
  sink.ascii(',"attach":');
  sink.json(d.attach);
  sink.ascii(',"driver":');
  jsonOrNull(sink, d.driver);
  sink.ascii(',"dma":');
  sink.json(d.dma);
  if (d.busMaster === false) sink.ascii(',"busMaster":false');
  if (d.dmaMask !== undefined) {
    sink.ascii(',"dmaMask":');
    numBytes(sink, d.dmaMask);
  }
  if (d.dmaOps !== undefined) {
    sink.ascii(',"dmaOps":');
    sink.json(d.dmaOps);
  }
  sink.ascii('}');
}

/**
 * One kernel event as its line: the same bytes as JSON.stringify of resultEvents' object for it
 * (without --explain, of that object less why, silent, prefix, driverName and devName), keys in that
 * order; `line`, the event's dmesg line, is made here from the event as resultEvents makes it.
 * Written field by field when the always-present fields are strings (every event the core emits);
 * otherwise as JSON.stringify would, leaving out what it would.
 */
export function eventLine(sink: ByteSink, e: KernelEvent | ResultEvent, explain: boolean): void {
  if (
    typeof e.fn !== 'string' ||
    typeof e.message !== 'string' ||
    typeof e.kind !== 'string' ||
    typeof e.level !== 'string' ||
    (explain && typeof e.why !== 'string')
  ) {
    sink.write(eventJsonSlow(e, explain));
    return;
  }
  sink.ascii('{"fn":');
  sink.json(e.fn);
  if (e.device) {
    sink.ascii(',"device":');
    sink.json(e.device);
  }
  sink.ascii(',"message":');
  sink.json(e.message);
  if (!e.silent) {
    sink.ascii(',"line":');
    // Escaped as --dmesg escapes it only when it has something to escape (hardly ever).
    if (!sink.plainJson(dmesgLine(e))) sink.json(dmesgText(e));
  }
  if (explain) {
    sink.ascii(',"why":');
    sink.json(e.why);
  }
  sink.ascii(',"kind":');
  sink.json(e.kind);
  sink.ascii(',"level":');
  sink.json(e.level);
  if (typeof e.group === 'number') {
    sink.ascii(',"group":');
    numBytes(sink, e.group);
  } else if (e.group !== undefined) sink.write(kv('group', e.group));
  if (e.domain) {
    sink.ascii(',"domain":');
    sink.json(e.domain);
  }
  if (e.inferred) sink.ascii(',"inferred":true');
  if (explain) {
    if (e.silent) sink.ascii(',"silent":true');
    if (e.prefix) {
      sink.ascii(',"prefix":');
      sink.json(e.prefix);
    }
    if (e.driverName) {
      sink.ascii(',"driverName":');
      sink.json(e.driverName);
    }
    if (e.devName) {
      sink.ascii(',"devName":');
      sink.json(e.devName);
    }
  }
  sink.ascii('}');
}

function eventJsonSlow(e: KernelEvent | ResultEvent, explain: boolean): string {
  let s = kv('fn', e.fn);
  if (e.device) s += kv('device', e.device);
  s += kv('message', e.message);
  if (!e.silent) s += kv('line', dmesgText(e));
  if (explain) s += kv('why', e.why);
  s += kv('kind', e.kind) + kv('level', e.level);
  if (e.group !== undefined) s += kv('group', e.group);
  if (e.domain) s += kv('domain', e.domain);
  if (e.inferred) s += ',"inferred":true';
  if (explain) {
    if (e.silent) s += ',"silent":true';
    if (e.prefix) s += kv('prefix', e.prefix);
    if (e.driverName) s += kv('driverName', e.driverName);
    if (e.devName) s += kv('devName', e.devName);
  }
  return s ? `{${s.slice(1)}}` : '{}';
}
